/** The four roles of the contract. */
export const ROLES = ['admin', 'supervisor', 'caseworker', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];
