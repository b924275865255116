import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { ru } from '../src/i18n/ru';
import { startHaven, useBrowser, type RunningHaven } from './harness';
import { api, apiLogin, STAFF_PASSWORD } from './features';
import { message, openHaven, signIn } from './pages';

/**
 * The first sign-in of a new colleague, as they would do it: the password an admin set must be
 * changed before anything else opens, and a role that must have a second factor enrols one before
 * anything else opens. The second runs on a Haven of its own that requires second factors of
 * supervisors (the shared demo Haven requires none, as demo mode does).
 */

const baseUrl = inject('havenUrl');
const browser = useBrowser();

let strict: RunningHaven;
beforeAll(async () => {
  strict = await startHaven({ HAVEN_MFA_REQUIRED_ROLES: 'supervisor' });
}, 120_000);
afterAll(async () => {
  await strict?.stop();
});

it('makes a new colleague change the password an admin set, in Russian, before anything else opens', async () => {
  const admin = await apiLogin(baseUrl, 'admin@haven.local');
  const teams = await api<{ data: { id: string; name: string }[] }>(admin, '/teams?perPage=100');
  const email = `first.${randomBytes(4).toString('hex')}@haven.local`;
  const initial = `${STAFF_PASSWORD}-first`;
  await api(admin, '/users', {
    method: 'POST',
    body: {
      email,
      fullName: 'New Colleague',
      role: 'caseworker',
      teamId: teams.data.find((team) => team.name === 'Tbilisi office')!.id,
      locale: 'ru',
      password: initial,
    },
  });

  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signIn(page, email, initial);
  const gate = page.getByTestId('first-sign-in-password_change');
  await gate.waitFor();
  expect(await page.getByTestId('haven-menu').count()).toBe(0);
  await gate.locator('input[name="currentPassword"]').fill(initial);
  await gate.locator('input[name="newPassword"]').fill(STAFF_PASSWORD);
  await gate.locator('input[name="repeat"]').fill(STAFF_PASSWORD);
  await gate.locator('button[type="submit"]').click();
  await page.getByTestId('haven-menu').waitFor({ timeout: 15_000 });
  expect(
    await page
      .getByTestId('haven-menu')
      .getByRole('menuitem', { name: message(ru, 'haven.menu.cases') })
      .count(),
  ).toBe(1);
  // The new password is the one that works now.
  await apiLogin(baseUrl, email, STAFF_PASSWORD);
  expect(errors).toEqual([]);
  await page.close();
});

it('makes a supervisor enrol an authenticator app at first sign-in, then opens Haven', async () => {
  const { page, errors } = await openHaven(browser.context, strict.baseUrl);
  await signIn(page, 'supervisor.berlin@haven.local');
  await page.getByTestId('first-sign-in-mfa_enrollment').waitFor({ timeout: 15_000 });
  expect(await page.getByTestId('haven-menu').count()).toBe(0);
  const secret = await page.getByTestId('totp-secret').getAttribute('data-secret');
  expect(secret).toBeTruthy();
  await page
    .locator('input[name="code"]')
    .fill(await generate({ secret: secret!, epoch: Math.floor(Date.now() / 1000) }));
  await page.getByTestId('totp-confirm').click();
  await expect.poll(() => page.getByTestId('recovery-code').count(), { timeout: 15_000 }).toBe(10);
  await page.getByTestId('recovery-codes-done').click();
  await page.getByTestId('haven-menu').waitFor({ timeout: 15_000 });
  expect(
    await page
      .getByTestId('haven-menu')
      .getByRole('menuitem', { name: message(en, 'haven.menu.cases') })
      .count(),
  ).toBe(1);
  expect(errors).toEqual([]);
  await page.close();
});
