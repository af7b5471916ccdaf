/** The Online safety strings, registered when one of those pages is first loaded. */
import { registerCatalog } from './area.ts';
import safetyEn from './safety.en-US.ts';
import safetyZh from './safety.zh-CN.ts';

registerCatalog('safety.title', safetyZh, safetyEn);
