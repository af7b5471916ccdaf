/**
 * Registers the ledger / compliance / dashboard strings when one of those pages is first loaded, so they stay out of
 * the login + shell bundle. Chinese is added at once; English is added once the main English catalog is there (adding
 * it earlier would make i18n/index.ts believe the English catalog is already loaded).
 */
import i18next from './index.ts';
import ledgerEn from './ledger.en-US.ts';
import ledgerZh from './ledger.zh-CN.ts';

function addEnglish() {
  if (i18next.hasResourceBundle('en-US', 'translation') && !i18next.exists('ledger.title', { lng: 'en-US', fallbackLng: false })) {
    i18next.addResourceBundle('en-US', 'translation', ledgerEn, true, true);
  }
}

if (!i18next.exists('ledger.title', { lng: 'zh-CN', fallbackLng: false })) i18next.addResourceBundle('zh-CN', 'translation', ledgerZh, true, true);
addEnglish();
i18next.on('languageChanged', addEnglish);
