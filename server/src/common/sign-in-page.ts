import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LANGUAGE_COOKIE, LOCALES, type Locale } from '@haven/shared';
import { SIGNED_IN_HINT_COOKIE, cookieValues } from '../auth/refresh.js';

// The `accepts` package Express's request.acceptsLanguages is (no types of its own here).
const accepts = createRequire(import.meta.url)('accepts') as (request: IncomingMessage) => {
  languages(offered: string[]): string | false;
};

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
 * The route of `/` and `/index.html` (GET and HEAD): it sends the chosen page through the static
 * files' sendFile (compressed, `no-cache`, and Vary naming the Cookie and Accept-Language headers it
 * depends on).
 */
export function signInPage(clientDir: string) {
  const available = LOCALES.filter((locale) => existsSync(join(clientDir, `login.${locale}.html`)));
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const cookies = request.headers.cookie;
    if (available.length === 0 || cookieValues(cookies, SIGNED_IN_HINT_COOKIE).includes('1'))
      return reply.sendFile('index.html');
    const remembered = cookieValues(cookies, LANGUAGE_COOKIE).find(isLocale);
    // With no Accept-Language, the first offered (as Express's acceptsLanguages).
    const accepted = accepts(request.raw).languages([...available]);
    const locale: Locale =
      remembered && available.includes(remembered)
        ? remembered
        : isLocale(accepted || undefined)
          ? (accepted as Locale)
          : available[0];
    return reply.sendFile(`login.${locale}.html`);
  };
}
