import { randomBytes } from 'node:crypto';
import { expect, inject, it } from 'vitest';
import { ru } from '../src/i18n/ru';
import { useBrowser } from './harness';
import { api, apiLogin, createStaff, STAFF_PASSWORD } from './features';
import { message, openHaven, signInAndWaitForMenu } from './pages';

const baseUrl = inject('havenUrl');
const browser = useBrowser();

it('shows where a user is signed in (in Russian) and ends another session after a confirmation', async () => {
  const admin = await apiLogin(baseUrl, 'admin@haven.local');
  const teams = await api<{ data: { id: string; name: string }[] }>(admin, '/teams?perPage=100');
  const email = `sessions.${randomBytes(4).toString('hex')}@haven.local`;
  // An account of this test's own, signed in elsewhere too (the API session stands for a phone).
  const elsewhere = await createStaff(admin, {
    email,
    fullName: 'Session Keeper',
    role: 'caseworker',
    teamId: teams.data.find((team) => team.name === 'Berlin office')!.id,
    locale: 'ru',
  });
  const [other] = (
    await api<{ data: { id: string; current: boolean }[] }>(elsewhere, '/auth/sessions')
  ).data.filter((s) => s.current);

  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, email, STAFF_PASSWORD);
  await page.goto(`${baseUrl}/#/account`);
  const row = page.locator(`[data-session-id="${other.id}"]`);
  await row.waitFor({ timeout: 15_000 });
  // This browser's session is marked; the other one is not.
  expect(await page.getByText(message(ru, 'haven.account.this_device')).count()).toBe(1);
  expect(await row.getByText(message(ru, 'haven.account.this_device')).count()).toBe(0);

  // Cancel keeps it; confirming ends it at once.
  await row.getByRole('button', { name: message(ru, 'haven.account.revoke') }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: message(ru, 'ra.action.cancel') })
    .click();
  expect(
    (
      await fetch(`${baseUrl}/api/auth/me`, {
        headers: { Authorization: `Bearer ${elsewhere.token}` },
      })
    ).status,
  ).toBe(200);
  await row.getByRole('button', { name: message(ru, 'haven.account.revoke') }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: message(ru, 'haven.account.revoke') })
    .click();
  await row.waitFor({ state: 'detached', timeout: 15_000 });
  expect(
    (
      await fetch(`${baseUrl}/api/auth/me`, {
        headers: { Authorization: `Bearer ${elsewhere.token}` },
      })
    ).status,
  ).toBe(401);
  // This browser is still signed in.
  await page.reload();
  await page.getByTestId('haven-menu').waitFor({ timeout: 15_000 });
  expect(errors).toEqual([]);
  await page.close();
});
