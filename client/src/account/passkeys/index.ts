export { PasskeysSection } from './PasskeysSection';
export { PasskeySignInButton } from './PasskeySignInButton';
