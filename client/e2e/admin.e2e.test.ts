import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { SCREENSHOT_DIR, useBrowser } from './harness';
import { api, apiLogin, figure, openDashboard } from './features';
import { DEMO_ACCOUNTS, message, openHaven, signInAndWaitForMenu } from './pages';

const baseUrl = inject('havenUrl');
const browser = useBrowser();

it("lists every account for the admin, with each one's team, and saves a screenshot", async () => {
  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, 'admin@haven.local');
  await page
    .getByTestId('haven-menu')
    .getByRole('menuitem', { name: message(en, 'haven.menu.users') })
    .click();

  const rows = page.locator('table tbody tr');
  await expect
    .poll(() => rows.count(), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(DEMO_ACCOUNTS.length);
  for (const account of DEMO_ACCOUNTS) {
    await rows.filter({ hasText: account.email }).first().waitFor();
  }
  // The team column comes from a second request (getMany with repeated `id` filters).
  const supervisorTeam = rows
    .filter({ hasText: 'supervisor@haven.local' })
    .locator('td.column-teamId');
  await expect.poll(() => supervisorTeam.innerText(), { timeout: 15_000 }).not.toBe('');

  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'admin-users.png'), fullPage: true });
  expect(errors).toEqual([]);
  await page.close();
});

it('lets the admin verify the audit chain', async () => {
  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, 'admin@haven.local');
  await page
    .getByTestId('haven-menu')
    .getByRole('menuitem', { name: message(en, 'haven.menu.audit') })
    .click();
  // Sign-ins are audited, so the trail is never empty here.
  await page.locator('table tbody tr').first().waitFor();

  await page.getByRole('button', { name: message(en, 'haven.audit.verify') }).click();
  const result = page.getByTestId('verify-result');
  await result.waitFor();
  expect(await result.innerText()).toMatch(/^The audit trail is intact: \d+ events? checked\.$/);
  expect(errors).toEqual([]);
  await page.close();
});

it('shows the admin when the all-teams figures were counted, and recounts them on request', async () => {
  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, 'admin@haven.local');
  await openDashboard(page, baseUrl);
  await page.getByTestId('dash-snapshot').waitFor();
  const before = await figure(page, 'dash-unassigned-count');

  // A supervisor registers a case nobody is assigned to yet; the snapshot does not know it.
  const supervisor = await apiLogin(baseUrl, 'supervisor@haven.local');
  await api(supervisor, '/intake', {
    method: 'POST',
    body: {
      client: {
        givenName: 'Recount',
        familyName: 'Person',
        sex: 'female',
        nationality: 'RU',
        languages: ['ru'],
        currentCountry: 'GE',
      },
      case: { caseType: 'asylum', jurisdiction: 'GE', grounds: ['political_opinion'] },
    },
  });
  await page.getByTestId('dash-recount').click();
  // At least this case more: other browser tests running at the same time may add unassigned cases
  // too (none takes one away), while a snapshot that was not recounted would still show `before`.
  await expect
    .poll(() => figure(page, 'dash-unassigned-count'), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(before + 1);
  expect(errors).toEqual([]);
});
