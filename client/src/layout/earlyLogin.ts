import { EARLY_LOGIN_ID } from './earlyLoginPage';

/** What the visitor typed into the page's own sign-in form before the app arrived. */
export interface EarlyLogin {
  username: string;
  password: string;
  /** The field the cursor was in, to put it back there. */
  focus: 'username' | 'password' | null;
}

let captured: EarlyLogin | undefined;

function element(): HTMLElement | null {
  return typeof document === 'undefined' ? null : document.getElementById(EARLY_LOGIN_ID);
}

/**
 * What the page's form holds, read once: its fields turn read-only from here on, so nothing typed
 * between this read and the real form replacing it (the same task, or a few milliseconds) is lost.
 * Undefined when the page had no such form (signed in, or the form was already taken over).
 */
export function peekEarlyLogin(): EarlyLogin | undefined {
  if (captured) return captured;
  const root = element();
  if (!root) return undefined;
  const input = (name: string) => root.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  const username = input('username');
  const password = input('password');
  for (const field of [username, password]) if (field) field.readOnly = true;
  const active = document.activeElement;
  captured = {
    username: username?.value ?? '',
    password: password?.value ?? '',
    focus: active === password ? 'password' : active === username ? 'username' : null,
  };
  return captured;
}

/** Removes the page's form; what it held stays for the real form to take (peekEarlyLogin). */
export function dismissEarlyLogin(): void {
  if (!element()) return;
  peekEarlyLogin();
  element()?.remove();
}

/** The real form has what was typed: forget it (a password is not kept a moment longer). */
export function forgetEarlyLogin(): void {
  dismissEarlyLogin();
  captured = undefined;
}
