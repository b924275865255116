import type { UserResponse } from '@haven/shared';
import type { UserEntity } from './user.entity.js';

/** The only way a user leaves the server: never with a password hash. */
export function toUserResponse(user: UserEntity): UserResponse {
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
