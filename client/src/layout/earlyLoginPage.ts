/**
 * The sign-in form as plain HTML, shown by the page itself before its scripts arrive.
 *
 * On a slow link the scripts take seconds after index.html; a signed-out visitor should see the
 * form (and start typing) at once. The build writes one `login.<locale>.html` per language: index.html
 * with this markup before `#root`; the server sends it for `/` when the request carries no
 * `haven_signed_in` hint, in the language of the `haven_lang` cookie or of Accept-Language.
 * LoginPage takes over what was typed and where the cursor was (earlyLogin.ts), then removes it.
 *
 * Invariants: the markup has no <form> (nothing can be submitted, so a password can never travel in
 * a URL) and no script (the CSP forbids inline ones); its inputs are named as LoginPage's; its texts
 * are the app's own messages (earlyLoginPage.test.ts). Imported by vite.config.ts: no imports here.
 */

export const EARLY_LOGIN_ID = 'haven-early-login';

export interface EarlyLoginTexts {
  email: string;
  password: string;
  signIn: string;
  /** The language, as the language menu under the form names it. */
  language: string;
  /** Shown when the app has not arrived after a while (the page's own words: the app has none). */
  slow: string;
}

/** haven.auth.email, ra.auth.password, ra.auth.sign_in and the language's own name, per locale. */
export const EARLY_LOGIN_TEXTS = {
  en: {
    email: 'Email',
    password: 'Password',
    signIn: 'Sign in',
    language: 'English',
    slow: 'Still loading. On a slow connection this can take a while; if nothing changes, reload the page.',
  },
  ru: {
    email: 'Электронная почта',
    password: 'Пароль',
    signIn: 'Войти',
    language: 'Русский',
    slow: 'Загрузка ещё идёт. При медленном соединении это может занять время; если ничего не меняется, обновите страницу.',
  },
} satisfies Record<string, EarlyLoginTexts>;

export type EarlyLoginLocale = keyof typeof EARLY_LOGIN_TEXTS;

// The look of react-admin's <Login> with Haven's theme (primary #1f4e79), so that the swap to the
// real form does not move anything: the same card, field boxes and button, at the same places.
const STYLE = `
#${EARLY_LOGIN_ID}{position:fixed;inset:0;z-index:1500;overflow:auto;display:flex;flex-direction:column;align-items:center;margin:0;background:radial-gradient(circle at 50% 14em,#313264 0%,#00023b 60%,#00023b 100%);font:16px/1.5 Roboto,Helvetica,Arial,sans-serif;color:rgba(0,0,0,.87)}
#${EARLY_LOGIN_ID} .hel-card{box-sizing:border-box;margin-top:6em;width:320px;max-width:100%;background:#fff;border-radius:4px;box-shadow:0 2px 1px -1px rgba(0,0,0,.2),0 1px 1px 0 rgba(0,0,0,.14),0 1px 3px 0 rgba(0,0,0,.12)}
@media (max-width:599.95px){#${EARLY_LOGIN_ID} .hel-card{width:100%}}
#${EARLY_LOGIN_ID} .hel-avatar{margin:1em;display:flex;justify-content:center}
#${EARLY_LOGIN_ID} .hel-avatar span{width:40px;height:40px;border-radius:50%;background:#bdbdbd;display:flex;align-items:center;justify-content:center}
#${EARLY_LOGIN_ID} svg{width:24px;height:24px;fill:#fafafb}
#${EARLY_LOGIN_ID} .hel-content{display:flex;flex-direction:column;padding:16px 16px 24px}
#${EARLY_LOGIN_ID} .hel-field{position:relative;margin:8px 0 4px;padding-bottom:23.9px}
#${EARLY_LOGIN_ID} input{box-sizing:border-box;display:block;width:100%;height:48px;margin:0;padding:21px 12px 4px;border:0;border-bottom:1px solid rgba(0,0,0,.42);border-radius:4px 4px 0 0;background:rgba(0,0,0,.06);font:inherit;line-height:23px;color:inherit;outline:0}
#${EARLY_LOGIN_ID} input:focus{border-bottom:2px solid #1f4e79;padding-bottom:3px}
#${EARLY_LOGIN_ID} label{position:absolute;left:12px;top:13px;color:rgba(0,0,0,.6);line-height:23px;pointer-events:none;transform-origin:top left;transition:transform .2s}
#${EARLY_LOGIN_ID} input:focus+label,#${EARLY_LOGIN_ID} input:not(:placeholder-shown)+label{transform:translateY(-9px) scale(.75)}
#${EARLY_LOGIN_ID} input:focus+label{color:#1f4e79}
#${EARLY_LOGIN_ID} button{display:block;width:100%;margin-top:16px;padding:6px 16px;border:0;border-radius:4px;background:#1f4e79;color:#fff;font:500 14px/24.5px Roboto,Helvetica,Arial,sans-serif;letter-spacing:.4px;text-transform:uppercase;box-shadow:0 3px 1px -2px rgba(0,0,0,.2),0 2px 2px 0 rgba(0,0,0,.14),0 1px 5px 0 rgba(0,0,0,.12);cursor:progress}
#${EARLY_LOGIN_ID} .hel-slow{margin:8px 0 0;font-size:14px;line-height:1.43;color:rgba(0,0,0,.6);visibility:hidden;animation:hel-slow 0s 15s forwards}
@keyframes hel-slow{to{visibility:visible}}
#${EARLY_LOGIN_ID} .hel-language{margin-top:16px;height:36px;display:flex;align-items:center;justify-content:center;font-size:14px;letter-spacing:.4px;text-transform:uppercase;color:rgba(0,0,0,.6)}
`
  .trim()
  .replace(/\n/g, '');

// Material's "Lock" icon, as react-admin's login card shows it.
const LOCK =
  '<svg viewBox="0 0 24 24" focusable="false"><path d="M18 8h-1V6c0-2.76-2.24-5-5-5S7 3.24 7 6v2H6c-1.1 0-2 .9-2 2v10c0 1.1.9 2 2 2h12c1.1 0 2-.9 2-2V10c0-1.1-.9-2-2-2m-6 9c-1.1 0-2-.9-2-2s.9-2 2-2 2 .9 2 2-.9 2-2 2m3.1-9H8.9V6c0-1.71 1.39-3.1 3.1-3.1s3.1 1.39 3.1 3.1z"/></svg>';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The form's markup in one language. The button stays disabled: the app signs in, not this page. */
export function earlyLoginMarkup(texts: EarlyLoginTexts): string {
  const field = (name: string, type: string, autocomplete: string, label: string, extra = '') =>
    `<div class="hel-field"><input id="hel-${name}" name="${name}" type="${type}" autocomplete="${autocomplete}" placeholder=" " required${extra}><label for="hel-${name}">${escapeHtml(label)}&thinsp;*</label></div>`;
  return (
    `<main id="${EARLY_LOGIN_ID}"><div class="hel-card">` +
    `<div class="hel-avatar" aria-hidden="true"><span>${LOCK}</span></div>` +
    `<div class="hel-content">` +
    field('username', 'email', 'username', texts.email, ' autofocus') +
    field('password', 'password', 'current-password', texts.password) +
    `<button type="button" disabled aria-busy="true">${escapeHtml(texts.signIn)}</button>` +
    `<p class="hel-slow">${escapeHtml(texts.slow)}</p>` +
    `<div class="hel-language" aria-hidden="true">${escapeHtml(texts.language)}</div>` +
    `</div></div></main>`
  );
}

/** index.html (as built) with the form in `locale`: the page's language, the style and the markup. */
export function withEarlyLogin(indexHtml: string, locale: EarlyLoginLocale): string {
  const marked = indexHtml
    .replace(/<html lang="[^"]*"/, `<html lang="${locale}"`)
    // Without JavaScript the form could never be used: index.html's <noscript> message shows instead.
    .replace(
      '</head>',
      `<style>${STYLE}</style><noscript><style>#${EARLY_LOGIN_ID}{display:none}</style></noscript></head>`,
    )
    .replace(/<body>/, `<body>${earlyLoginMarkup(EARLY_LOGIN_TEXTS[locale])}`);
  // A changed index.html must fail the build, not ship a page without the form.
  if (!marked.includes(`id="${EARLY_LOGIN_ID}"`) || !marked.includes(`lang="${locale}"`)) {
    throw new Error('index.html no longer has the <html lang> and <body> the sign-in page needs');
  }
  return marked;
}
