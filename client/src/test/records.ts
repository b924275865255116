import type { LoginResponse, Role, UserResponse } from '@haven/shared';

/** Record builders: a valid object with the fields a test does not care about filled in. */
export function aUser(overrides: Partial<UserResponse> = {}): UserResponse {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    email: 'someone@haven.local',
    fullName: 'Some One',
    role: 'caseworker',
    teamId: '00000000-0000-4000-8000-0000000000aa',
    active: true,
    locale: 'en',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function aLogin(
  role: Role = 'caseworker',
  overrides: Partial<LoginResponse> = {},
): LoginResponse {
  return {
    accessToken: `token-of-${role}`,
    expiresAt: new Date(Date.now() + 8 * 3600_000).toISOString(),
    idleTimeoutSeconds: 1800,
    user: aUser({ role }),
    ...overrides,
  };
}
