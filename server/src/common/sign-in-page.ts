import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { LANGUAGE_COOKIE, LOCALES, type Locale } from '@haven/shared';
import { SIGNED_IN_HINT_COOKIE, cookieValues } from '../auth/refresh.js';

function isLocale(value: string | undefined): value is Locale {
  return value !== undefined && (LOCALES as readonly string[]).includes(value);
}

/**
 * Sends a signed-out visitor of `/` the built page that already holds the sign-in form
 * (`login.<locale>.html`, client/src/layout/earlyLoginPage.ts), so that on a slow link the form shows
 * with index.html instead of seconds later with the scripts. A request with the signed-in hint gets
 * index.html as before (its page asks the refresh route and shows the app). The language is the
 * page's remembered one, else the best of Accept-Language, else the first of LOCALES.
 *
 * Only the URL is rewritten: the static middleware after this one serves the file (compressed,
 * `no-cache`, and Vary naming the Cookie and Accept-Language headers it depends on).
 */
export function signInPage(clientDir: string) {
  const available = LOCALES.filter((locale) => existsSync(join(clientDir, `login.${locale}.html`)));
  return (request: Request, _response: Response, next: NextFunction) => {
    if (
      available.length === 0 ||
      (request.method !== 'GET' && request.method !== 'HEAD') ||
      (request.path !== '/' && request.path !== '/index.html')
    ) {
      return next();
    }
    const cookies = request.headers.cookie;
    if (cookieValues(cookies, SIGNED_IN_HINT_COOKIE).includes('1')) return next();
    const remembered = cookieValues(cookies, LANGUAGE_COOKIE).find(isLocale);
    const accepted = request.acceptsLanguages(...available);
    const locale: Locale =
      remembered && available.includes(remembered)
        ? remembered
        : isLocale(accepted || undefined)
          ? (accepted as Locale)
          : available[0];
    request.url = `/login.${locale}.html`;
    next();
  };
}
