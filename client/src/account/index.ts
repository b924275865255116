import { lazy } from 'react';

/** The account page (password, second factors, passkeys, sessions), loaded with its route. */
export const AccountPage = lazy(() =>
  import('./AccountPage').then((m) => ({ default: m.AccountPage })),
);
export { AccountMenuItem } from './AccountMenuItem';
export { ChangePasswordForm } from './ChangePasswordForm';
export { ACCOUNT_PATH } from './accountPath';
export { en as accountEn, ru as accountRu } from './messages';
