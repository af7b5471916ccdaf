/** The settings pages' strings, registered when one of those pages is first loaded. */
import { registerCatalog } from './area.ts';
import settingsEn from './settings.en-US.ts';
import settingsZh from './settings.zh-CN.ts';

registerCatalog('settings.save', settingsZh, settingsEn);
