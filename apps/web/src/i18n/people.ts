/**
 * Registers the people / import / report strings when one of those pages is first loaded, so they stay out of the
 * login + shell bundle (same scheme as i18n/ledger.ts).
 */
import i18next from './index.ts';
import peopleEn from './people.en-US.ts';
import peopleZh from './people.zh-CN.ts';

function addEnglish() {
  if (i18next.hasResourceBundle('en-US', 'translation') && !i18next.exists('people.title', { lng: 'en-US', fallbackLng: false })) {
    i18next.addResourceBundle('en-US', 'translation', peopleEn, true, true);
  }
}

if (!i18next.exists('people.title', { lng: 'zh-CN', fallbackLng: false })) i18next.addResourceBundle('zh-CN', 'translation', peopleZh, true, true);
addEnglish();
i18next.on('languageChanged', addEnglish);
