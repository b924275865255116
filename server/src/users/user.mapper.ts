import type { UserResponse } from '@haven/shared';
import type { UserEntity } from './user.entity.js';

/** A user as a sign-in and the user answers read it: never with the password hash. */
export type Account = Pick<
  UserEntity,
  | 'id'
  | 'email'
  | 'fullName'
  | 'role'
  | 'teamId'
  | 'active'
  | 'locale'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
  | 'passwordChangeRequired'
>;

/** The columns of an `Account`, of `app_user` aliased `u`. */
export const accountColumns = [
  'u.id',
  'u.email',
  'u.full_name as fullName',
  'u.role',
  'u.team_id as teamId',
  'u.active',
  'u.locale',
  'u.created_at as createdAt',
  'u.updated_at as updatedAt',
  'u.version',
  'u.password_change_required as passwordChangeRequired',
] as const;

/** The only way a user leaves the server: never with a password hash. */
export function toUserResponse(user: Omit<Account, 'passwordChangeRequired'>): UserResponse {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    role: user.role,
    teamId: user.teamId,
    active: user.active,
    locale: user.locale,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    version: user.version,
  };
}
