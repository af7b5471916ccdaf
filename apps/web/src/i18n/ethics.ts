/** The Teacher ethics strings, registered when one of those pages is first loaded. */
import { registerCatalog } from './area.ts';
import ethicsEn from './ethics.en-US.ts';
import ethicsZh from './ethics.zh-CN.ts';

registerCatalog('ethics.title', ethicsZh, ethicsEn);
