import { describe, expect, it } from 'vitest';
import { userPayload, validateUser } from './userValidation';

const valid = {
  email: 'new@haven.local',
  fullName: 'New Person',
  role: 'caseworker',
  teamId: '00000000-0000-4000-8000-0000000000aa',
  locale: 'en',
  active: true,
};

describe('user form validation', () => {
  it('accepts a complete new account', () => {
    expect(validateUser({ ...valid, password: 'long-enough-1' }, 'create')).toEqual({});
  });

  it('requires a password of at least 12 characters on create', () => {
    expect(validateUser(valid, 'create')).toEqual({ password: 'ra.validation.required' });
    expect(validateUser({ ...valid, password: 'short' }, 'create').password).toMatchObject({
      message: 'haven.validation.password_min',
      args: { min: 12 },
    });
  });

  it('makes the password optional on edit, but still at least 12 characters', () => {
    expect(validateUser({ ...valid, password: '' }, 'edit')).toEqual({});
    expect(validateUser({ ...valid, password: '12345678901' }, 'edit')).toHaveProperty('password');
  });

  it('checks email, name, role and language', () => {
    const errors = validateUser(
      { email: 'nope', fullName: '  ', role: 'root', locale: 'de', password: 'x'.repeat(1025) },
      'edit',
    );
    expect(Object.keys(errors).sort()).toEqual(['email', 'fullName', 'locale', 'password', 'role']);
  });

  it('sends trimmed text, no empty password, and "no team" as null', () => {
    expect(
      userPayload({ ...valid, email: ' a@b.cd ', fullName: ' A B ', password: '', teamId: '' }),
    ).toEqual({ ...valid, email: 'a@b.cd', fullName: 'A B', teamId: null });
  });
});

describe('rules the server enforces beyond field formats', () => {
  it('requires a team for supervisors and caseworkers only', () => {
    expect(validateUser({ ...valid, role: 'supervisor', teamId: null }, 'edit')).toEqual({
      teamId: 'haven.validation.team_required',
    });
    expect(validateUser({ ...valid, role: 'analyst', teamId: null }, 'edit')).toEqual({});
    expect(validateUser({ ...valid, role: 'caseworker', teamId: 't1' }, 'edit')).toEqual({});
  });

  it('keeps an admin from locking themselves out', () => {
    const me = { ...valid, role: 'admin' };
    expect(validateUser(me, 'edit', { self: true })).toEqual({});
    expect(validateUser({ ...me, role: 'analyst' }, 'edit', { self: true })).toHaveProperty('role');
    expect(validateUser({ ...me, active: false }, 'edit', { self: true })).toHaveProperty('active');
    expect(validateUser({ ...me, active: false }, 'edit')).toEqual({});
  });
});
