/** The people / import / report strings, registered when one of those pages is first loaded. */
import { registerCatalog } from './area.ts';
import peopleEn from './people.en-US.ts';
import peopleZh from './people.zh-CN.ts';

registerCatalog('people.title', peopleZh, peopleEn);
