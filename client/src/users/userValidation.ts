import { LOCALES, PASSWORD_MIN_LENGTH, ROLES, type Role } from '@haven/shared';

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
// The server's limits (server/src/users/user.dto.ts).
const EMAIL_MAX = 254;
const FULL_NAME_MAX = 200;
const PASSWORD_MAX = 1024;
/** Roles that work inside a team and so must belong to one. */
export const TEAM_ROLES: readonly Role[] = ['supervisor', 'caseworker'];

const tooLong = (max: number) => ({ message: 'ra.validation.maxLength', args: { max } });

export interface UserValidationContext {
  /** The admin is editing their own account: they may not lock themselves out. */
  self?: boolean;
}

export function validateUser(
  values: UserFormValues,
  mode: 'create' | 'edit',
  context: UserValidationContext = {},
): Errors {
  const errors: Errors = {};
  const email = values.email?.trim() ?? '';
  if (!email) errors.email = 'ra.validation.required';
  else if (email.length > EMAIL_MAX) errors.email = tooLong(EMAIL_MAX);
  else if (!EMAIL.test(email)) errors.email = 'ra.validation.email';

  const fullName = values.fullName?.trim() ?? '';
  if (!fullName) errors.fullName = 'ra.validation.required';
  else if (fullName.length > FULL_NAME_MAX) errors.fullName = tooLong(FULL_NAME_MAX);

  if (!values.role) errors.role = 'ra.validation.required';
  else if (!(ROLES as readonly string[]).includes(values.role)) {
    errors.role = { message: 'ra.validation.oneOf', args: { options: ROLES.join(', ') } };
  } else if (TEAM_ROLES.includes(values.role as Role) && !values.teamId) {
    errors.teamId = 'haven.validation.team_required';
  }

  if (context.self) {
    if (values.role && values.role !== 'admin') errors.role = 'haven.validation.own_admin_role';
    if (values.active === false) errors.active = 'haven.validation.own_account_active';
  }

  if (values.locale && !(LOCALES as readonly string[]).includes(values.locale)) {
    errors.locale = { message: 'ra.validation.oneOf', args: { options: LOCALES.join(', ') } };
  }

  // Write-only: required on create; on edit, empty means "keep the current password".
  const password = values.password ?? '';
  if (mode === 'create' && !password) errors.password = 'ra.validation.required';
  else if (password && password.length < PASSWORD_MIN_LENGTH) {
    errors.password = {
      message: 'haven.validation.password_min',
      args: { min: PASSWORD_MIN_LENGTH },
    };
  } else if (password.length > PASSWORD_MAX) {
    errors.password = tooLong(PASSWORD_MAX);
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
