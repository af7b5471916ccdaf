/** The Risks strings, registered when one of those pages is first loaded. */
import { registerCatalog } from './area.ts';
import risksEn from './risks.en-US.ts';
import risksZh from './risks.zh-CN.ts';

registerCatalog('risks.title', risksZh, risksEn);
