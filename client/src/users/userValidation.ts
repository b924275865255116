import { LOCALES, PASSWORD_MIN_LENGTH, ROLES } from '@haven/shared';

/**
 * The server's rules for an account, checked before sending so mistakes show at once. The server
 * checks again and stays the authority (its 400 messages land on the same fields).
 */
export interface UserFormValues {
  email?: string;
  fullName?: string;
  role?: string;
  teamId?: string | null;
  active?: boolean;
  locale?: string;
  password?: string | null;
}

type Errors = Record<string, string | { message: string; args: Record<string, unknown> }>;

// Deliberately loose: one @, something on each side, a dot in the domain. The server decides.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateUser(values: UserFormValues, mode: 'create' | 'edit'): Errors {
  const errors: Errors = {};
  const email = values.email?.trim() ?? '';
  if (!email) errors.email = 'ra.validation.required';
  else if (!EMAIL.test(email)) errors.email = 'ra.validation.email';

  if (!values.fullName?.trim()) errors.fullName = 'ra.validation.required';

  if (!values.role) errors.role = 'ra.validation.required';
  else if (!(ROLES as readonly string[]).includes(values.role)) {
    errors.role = { message: 'ra.validation.oneOf', args: { options: ROLES.join(', ') } };
  }

  if (values.locale && !(LOCALES as readonly string[]).includes(values.locale)) {
    errors.locale = { message: 'ra.validation.oneOf', args: { options: LOCALES.join(', ') } };
  }

  // Write-only: required on create; on edit, empty means "keep the current password".
  const password = values.password ?? '';
  if (mode === 'create' && !password) errors.password = 'ra.validation.required';
  else if (password && password.length < PASSWORD_MIN_LENGTH) {
    errors.password = { message: 'haven.validation.password_min', args: { min: PASSWORD_MIN_LENGTH } };
  }
  return errors;
}

/** What a user form sends: trimmed text, no empty password, no team as null. */
export function userPayload<T extends UserFormValues>(values: T): T {
  const payload: T = { ...values };
  if (typeof payload.email === 'string') payload.email = payload.email.trim();
  if (typeof payload.fullName === 'string') payload.fullName = payload.fullName.trim();
  if (!payload.password) delete payload.password;
  if ('teamId' in payload && !payload.teamId) payload.teamId = null;
  return payload;
}
