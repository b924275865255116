import { LANGUAGE_COOKIE, LOCALES, type Locale } from '@haven/shared';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { I18nProvider, TranslationMessages } from 'react-admin';
import { en } from '../i18n/en';
import { ru } from '../i18n/ru';
import { setErrorTranslator } from '../common/serverErrors';
import { saveUserLocale } from './authProvider';
import { getCurrentUser, rememberedLocale } from './session';

export const MESSAGES: Record<Locale, TranslationMessages> = { en, ru };

/** Each language named in itself, as people look for their own (as in `haven.locales`). */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', ru: 'Русский' };
const AVAILABLE = LOCALES.map((locale) => ({ locale, name: LOCALE_NAMES[locale] }));

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The signed-in user's language, else this browser's last choice, else the browser's own. */
export function initialLocale(): Locale {
  const user = getCurrentUser();
  if (user && isLocale(user.locale)) return user.locale;
  const remembered = rememberedLocale();
  if (isLocale(remembered)) return remembered;
  // The same choice as the server made for the sign-in page this page may have started as.
  const cookie =
    typeof document === 'undefined'
      ? undefined
      : new RegExp(`(?:^|;\\s*)${LANGUAGE_COOKIE}=(\\w+)`).exec(document.cookie)?.[1];
  if (isLocale(cookie)) return cookie;
  const browser = typeof navigator === 'undefined' ? '' : navigator.language.slice(0, 2);
  return isLocale(browser) ? browser : 'en';
}

/** The page's language follows the interface's (screen readers' voice, hyphenation, spell check). */
function markDocumentLanguage(locale: string): void {
  if (typeof document === 'undefined' || !isLocale(locale)) return;
  document.documentElement.lang = locale;
  // The server sends a signed-out visitor the sign-in form in this language before any script runs
  // (earlyLoginPage.ts). Readable and nothing secret, like the language menu's own choice.
  const secure =
    typeof location !== 'undefined' && location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${LANGUAGE_COOKIE}=${locale}; Max-Age=31536000; Path=/; SameSite=Lax${secure}`;
}

export function createI18nProvider(): I18nProvider {
  const initial = initialLocale();
  markDocumentLanguage(initial);
  const polyglot = polyglotI18nProvider(
    (locale) => MESSAGES[isLocale(locale) ? locale : 'en'],
    initial,
    AVAILABLE,
    // Server messages (400 details) arrive untranslated: show them as they are, without warnings.
    { allowMissing: true },
  );
  // The data provider turns error answers into text outside React, with this app's translator.
  setErrorTranslator((key, options) => polyglot.translate(key, options));
  return {
    ...polyglot,
    // react-admin calls this when the user picks a language in the app bar (and when the stored
    // choice is restored). Remembering it on the server makes it follow the user to a new login.
    async changeLocale(locale: string, options?: unknown) {
      await polyglot.changeLocale(locale, options);
      markDocumentLanguage(locale);
      if (isLocale(locale)) await saveUserLocale(locale);
    },
  };
}

export const i18nProvider = createI18nProvider();
