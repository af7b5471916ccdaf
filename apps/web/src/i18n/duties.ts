/** The Duty lists strings, registered when one of those pages is first loaded. */
import { registerCatalog } from './area.ts';
import dutiesEn from './duties.en-US.ts';
import dutiesZh from './duties.zh-CN.ts';

registerCatalog('duties.title', dutiesZh, dutiesEn);
