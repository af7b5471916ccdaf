import type { ErrorCode, Locale } from '@taizhang/shared/errors';
import i18next from 'i18next';
import type { Locale as AntdLocale } from 'antd/es/locale';
import antdZhCN from 'antd/locale/zh_CN';
import { initReactI18next } from 'react-i18next';
import type { AssessmentCatalog } from './assessment.zh-CN.ts';
import type { DevelopmentCatalog } from './development.zh-CN.ts';
import type { DutiesCatalog } from './duties.zh-CN.ts';
import type { EthicsCatalog } from './ethics.zh-CN.ts';
import type { LedgerCatalog } from './ledger.zh-CN.ts';
import type { PeopleCatalog } from './people.zh-CN.ts';
import type { PublicityCatalog } from './publicity.zh-CN.ts';
import type { RisksCatalog } from './risks.zh-CN.ts';
import type { SafetyCatalog } from './safety.zh-CN.ts';
import type { SettingsCatalog } from './settings.zh-CN.ts';
import type { TasksCatalog } from './tasks.zh-CN.ts';
import zhCN, { type Catalog } from './zh-CN.ts';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];
const STORAGE_KEY = 'tz.locale';

/** Client-side error codes on top of the server's taxonomy. */
export type UiErrorCode = ErrorCode | 'network_error';

// Compile-time check: the catalog has a message for every error code and nothing else.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const errorKeysMatch: Exact<keyof Catalog['errors'], UiErrorCode> = true;
void errorKeysMatch;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // Page catalogs loaded with their pages (i18n/ledger.ts) are typed here too.
    resources: {
      translation: Catalog &
        LedgerCatalog &
        PeopleCatalog &
        DutiesCatalog &
        TasksCatalog &
        DevelopmentCatalog &
        EthicsCatalog &
        SafetyCatalog &
        RisksCatalog &
        PublicityCatalog &
        AssessmentCatalog &
        SettingsCatalog;
    };
  }
}

function isLocale(v: unknown): v is Locale {
  return v === 'zh-CN' || v === 'en-US';
}

function storedLocale(): Locale {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    if (isLocale(v)) return v;
  } catch {
    // storage disabled: fall through to the default
  }
  return 'zh-CN';
}

function applyDocumentLocale(locale: Locale) {
  document.documentElement.lang = locale;
}

const initial = storedLocale();
applyDocumentLocale(initial);

// Chinese is bundled (the default); the English catalog loads when first needed.
void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  supportedLngs: LOCALES,
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

/** antd's own strings in English, loaded with the English catalog. */
let antdEnUS: AntdLocale | null = null;

async function ensureCatalog(locale: Locale): Promise<void> {
  if (i18next.hasResourceBundle(locale, 'translation')) return;
  if (locale === 'en-US') {
    const [{ default: enUS }, { default: antd }] = await Promise.all([import('./en-US.ts'), import('antd/locale/en_US')]);
    antdEnUS = antd;
    i18next.addResourceBundle('en-US', 'translation', enUS);
  }
}

/** antd's strings (pagination, pickers, empty states) for the current language. */
export function antdLocale(): AntdLocale {
  return currentLocale() === 'en-US' && antdEnUS ? antdEnUS : antdZhCN;
}

/** Resolves once the stored language's catalog is loaded (the app renders after it). */
export const i18nReady: Promise<void> =
  initial === 'zh-CN'
    ? Promise.resolve()
    : ensureCatalog(initial).then(
        () => i18next.changeLanguage(initial).then(() => undefined),
        () => undefined,
      );

export function currentLocale(): Locale {
  return isLocale(i18next.language) ? i18next.language : 'zh-CN';
}

export async function setLocale(locale: Locale): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not persisted; the switch still applies to this tab
  }
  await ensureCatalog(locale);
  applyDocumentLocale(locale);
  await i18next.changeLanguage(locale);
  document.title = i18next.t('app.fullTitle');
}

/**
 * The server's field messages are bilingual ("中文 / English"); show the half for the current locale.
 * (The error code itself is always translated through the catalog.)
 */
export function localizeServerText(text: string, locale: Locale = currentLocale()): string {
  const i = text.indexOf(' / ');
  if (i < 0) return text;
  return locale === 'zh-CN' ? text.slice(0, i) : text.slice(i + 3);
}

export default i18next;
