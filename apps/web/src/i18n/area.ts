/**
 * Registers a page area's strings when one of its pages is first loaded, so they stay out of the login + shell
 * bundle. Chinese is added at once; English is added once the main English catalog is there (adding it earlier
 * would make i18n/index.ts believe the English catalog is already loaded).
 */
import i18next from './index.ts';

export function registerCatalog(probeKey: string, zh: object, en: object): void {
  function addEnglish() {
    if (i18next.hasResourceBundle('en-US', 'translation') && !i18next.exists(probeKey, { lng: 'en-US', fallbackLng: false })) {
      i18next.addResourceBundle('en-US', 'translation', en, true, true);
    }
  }
  if (!i18next.exists(probeKey, { lng: 'zh-CN', fallbackLng: false })) i18next.addResourceBundle('zh-CN', 'translation', zh, true, true);
  addEnglish();
  i18next.on('languageChanged', addEnglish);
}
