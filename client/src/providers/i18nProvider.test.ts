import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialLocale } from './i18nProvider';

afterEach(() => vi.unstubAllGlobals());

function browser(cookie: string, language = 'en-GB') {
  vi.stubGlobal('document', { cookie, documentElement: {} });
  vi.stubGlobal('navigator', { language, languages: [language] });
}

describe('the language a signed-out page starts in', () => {
  it('is the one the server sent the sign-in page in (the haven_lang cookie), over the browser’s', () => {
    browser('haven_signed_in=0; haven_lang=ru', 'en-GB');
    expect(initialLocale()).toBe('ru');
  });

  it('is the browser’s when the cookie names no language Haven speaks', () => {
    browser('haven_lang=xx', 'ru-RU');
    expect(initialLocale()).toBe('ru');
    browser('', 'de-DE');
    expect(initialLocale()).toBe('en');
  });
});
