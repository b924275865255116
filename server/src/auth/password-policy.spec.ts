import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.js';

describe('the new-password policy', () => {
  const email = 'Maria.Ivanova@haven.local';

  it('takes a long passphrase', () => {
    expect(passwordProblem('lantern orchard Kutaisi 1987 violet', email)).toBeNull();
    expect(passwordProblem('a-new-long-passphrase-42', email)).toBeNull();
  });

  it('refuses under 12 characters, counting characters rather than bytes', () => {
    expect(passwordProblem('Kx9!vQ2#mZ7', email)).toBe('password.too_short');
    expect(passwordProblem('Пароль-№7кот', email)).not.toBe('password.too_short');
  });

  it('refuses the email, in any case, and anything containing its local part', () => {
    expect(passwordProblem('maria.ivanova@HAVEN.local', email)).toBe('password.is_email');
    expect(passwordProblem('xx-MARIA.IVANOVA-2026-zz', email)).toBe('password.contains_email');
  });

  it('refuses common and breached passwords, keyboard walks and repeats', () => {
    for (const password of [
      'password1234',
      'qwertyuiop123',
      '123456789012',
      'aaaaaaaaaaaa',
      'iloveyou2020!',
    ]) {
      expect(passwordProblem(password, email), password).toBe('password.common');
    }
  });
});
