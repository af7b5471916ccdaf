/** The Member development strings, registered when one of those pages is first loaded. */
import { registerCatalog } from './area.ts';
import developmentEn from './development.en-US.ts';
import developmentZh from './development.zh-CN.ts';

registerCatalog('development.title', developmentZh, developmentEn);
