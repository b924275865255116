import { randomBytes } from 'node:crypto';
import { expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { useBrowser } from './harness';
import { api, apiLogin, STAFF_PASSWORD } from './features';
import { message, openHaven, signInAndWaitForMenu } from './pages';

const baseUrl = inject('havenUrl');
const browser = useBrowser();

it('warns before a role change unassigns a user’s open work; Escape keeps everything, confirming saves', async () => {
  // An account of this test's own, holding one task, so the shared demo accounts stay as they are.
  const admin = await apiLogin(baseUrl, 'admin@haven.local');
  const teams = await api<{ data: { id: string; name: string }[] }>(admin, '/teams?perPage=100');
  const tbilisi = teams.data.find((team) => team.name === 'Tbilisi office')!.id;
  const email = `mover.${randomBytes(4).toString('hex')}@haven.local`;
  const user = await api<{ id: string }>(admin, '/users', {
    method: 'POST',
    body: {
      email,
      fullName: 'Moved Worker',
      role: 'caseworker',
      teamId: tbilisi,
      password: STAFF_PASSWORD,
    },
  });
  const task = await api<{ id: string }>(admin, '/tasks', {
    method: 'POST',
    body: { title: 'Book the interpreter', teamId: tbilisi, assigneeId: user.id },
  });

  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, 'admin@haven.local');
  await page.goto(`${baseUrl}/#/users/${user.id}`);
  const role = page.getByRole('combobox', { name: message(en, 'resources.users.fields.role') });
  await role.click();
  await page.getByRole('option', { name: message(en, 'haven.roles.analyst') }).click();
  const save = page.getByRole('button', { name: message(en, 'ra.action.save') });

  await save.click();
  const dialog = page.getByRole('dialog', { name: message(en, 'haven.users.move_title') });
  await dialog.waitFor();
  expect(await dialog.innerText()).toContain('1 unfinished task goes back to its team’s queue');
  // Cancel has the focus: Escape (or Enter) keeps the account as it was.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  expect((await api<{ role: string }>(admin, `/users/${user.id}`)).role).toBe('caseworker');

  await save.click();
  await dialog.waitFor();
  await dialog.getByRole('button', { name: message(en, 'haven.users.move_confirm') }).focus();
  await page.keyboard.press('Enter');
  await expect
    .poll(async () => (await api<{ role: string }>(admin, `/users/${user.id}`)).role, {
      timeout: 15_000,
    })
    .toBe('analyst');
  expect(
    (await api<{ assigneeId: string | null }>(admin, `/tasks/${task.id}`)).assigneeId,
  ).toBeNull();
  expect(errors).toEqual([]);
  await page.close();
});
