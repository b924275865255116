/** The four roles of the contract. */
export const ROLES = ['admin', 'supervisor', 'caseworker', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ['en', 'ru'] as const;
/** The page's UI language, remembered for the server (which sends the sign-in page in it): readable, nothing secret. */
export const LANGUAGE_COOKIE = 'haven_lang';
export type Locale = (typeof LOCALES)[number];
