import { readFileSync } from 'node:fs';
import { LOCALES } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { LOCALE_NAMES, MESSAGES } from '../providers/i18nProvider';
import { EARLY_LOGIN_ID, EARLY_LOGIN_TEXTS, withEarlyLogin } from './earlyLoginPage';

const INDEX_HTML = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');

function message(locale: keyof typeof MESSAGES, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], MESSAGES[locale]);
}

describe('the sign-in page before the scripts', () => {
  it('has a form for every language the app speaks, and none other', () => {
    expect(Object.keys(EARLY_LOGIN_TEXTS).sort()).toEqual([...LOCALES].sort());
  });

  it.each(LOCALES)('says in %s what the real form says', (locale) => {
    const texts = EARLY_LOGIN_TEXTS[locale];
    expect(texts.email).toBe(message(locale, 'haven.auth.email'));
    expect(texts.password).toBe(message(locale, 'ra.auth.password'));
    expect(texts.signIn).toBe(message(locale, 'ra.auth.sign_in'));
    expect(texts.language).toBe(LOCALE_NAMES[locale]);
  });

  it.each(LOCALES)(
    'is index.html in %s with the fields LoginPage takes over, and nothing to submit',
    (locale) => {
      const page = withEarlyLogin(INDEX_HTML, locale);
      expect(page).toContain(`<html lang="${locale}"`);
      expect(page).toContain(`id="${EARLY_LOGIN_ID}"`);
      expect(page).toMatch(
        /<input id="hel-username" name="username" type="email" autocomplete="username"[^>]* autofocus>/,
      );
      expect(page).toMatch(
        /<input id="hel-password" name="password" type="password" autocomplete="current-password"/,
      );
      expect(page).toContain(`>${EARLY_LOGIN_TEXTS[locale].email}&thinsp;*</label>`);
      // No form: nothing can be submitted before the app signs in (a GET form would put the password
      // in the URL). No script of its own: the CSP allows none inline.
      expect(page).not.toMatch(/<form/i);
      expect(page.match(/<script/g)).toEqual(INDEX_HTML.match(/<script/g));
      expect(page).toMatch(/<button type="button" disabled/);
      // Without JavaScript it is hidden, and index.html's message says why nothing works.
      expect(page).toMatch(
        /<noscript><style>#haven-early-login\{display:none\}<\/style><\/noscript><\/head>/,
      );
      expect(page).toContain('<noscript>Haven needs JavaScript to run.</noscript>');
      // The form comes before the app's root, which the app renders into.
      expect(page.indexOf(EARLY_LOGIN_ID)).toBeLessThan(page.indexOf('id="root"'));
    },
  );

  it('fails the build when index.html has no place for it', () => {
    expect(() => withEarlyLogin('<html><head></head><div id="root"></div></html>', 'en')).toThrow(
      /index\.html/,
    );
  });
});
