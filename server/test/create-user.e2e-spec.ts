import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/cli/create-user.js';
import { startTestApp, type TestApp } from './harness.js';

/** `npm run haven -- create-user` sets passwords by the same policy as the API. */
describe('create-user on the command line', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['short-pass1', 'password.too_short'],
    ['first.admin@ngo.example', 'password.is_email'],
    ['password1234', 'password.common'],
  ])('refuses %s (%s) and creates nothing', async (password, code) => {
    await expect(
      createUser(t.dataSource, {
        email: 'first.admin@ngo.example',
        role: 'admin',
        fullName: 'First Admin',
        team: null,
        password,
      }),
    ).rejects.toThrow(code);
    expect(
      await t.dataSource.query(`SELECT 1 FROM app_user WHERE email = 'first.admin@ngo.example'`),
    ).toEqual([]);
  });

  it('creates the account with a password the policy accepts', async () => {
    const created = await createUser(t.dataSource, {
      email: 'first.admin@ngo.example',
      role: 'admin',
      fullName: 'First Admin',
      team: null,
      password: 'lantern-orchard-vinyl-57',
    });
    expect(created.role).toBe('admin');
    expect(
      (
        await t
          .http()
          .post('/api/auth/login')
          .send({ email: 'first.admin@ngo.example', password: 'lantern-orchard-vinyl-57' })
      ).status,
    ).toBe(200);
  });
});
