export { AccountPage } from './AccountPage';
export { AccountMenuItem } from './AccountMenuItem';
export { ChangePasswordForm } from './ChangePasswordForm';
export { ACCOUNT_PATH } from './accountPath';
export { en as accountEn, ru as accountRu } from './messages';
