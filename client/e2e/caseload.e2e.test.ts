import type { Page } from 'playwright-core';
import { expect, inject, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SCREENSHOT_DIR, useBrowser } from './harness';
import { api, apiLogin, openDashboard, watchApiFailures } from './features';
import { openHaven, openMenu, signInAndWaitForMenu } from './pages';

const baseUrl = inject('havenUrl');
const browser = useBrowser();

/** The open-case count the caseload table shows for a caseworker. */
async function openCount(page: Page, userId: string): Promise<number> {
  const cell = page.locator(
    `[data-testid="caseload-row"][data-user="${userId}"] [data-testid="caseload-open-count"]`,
  );
  await cell.waitFor();
  return Number(await cell.innerText());
}

it('the supervisor gives one of a caseworker’s open cases to a colleague, and the counts move', async () => {
  const { page, errors } = await openHaven(browser.context, baseUrl);
  const failures = watchApiFailures(page);
  await signInAndWaitForMenu(page, 'supervisor@haven.local');
  const supervisor = await apiLogin(baseUrl, 'supervisor@haven.local');
  const anna = (await apiLogin(baseUrl, 'caseworker@haven.local')).user;
  const giorgi = (await apiLogin(baseUrl, 'caseworker2@haven.local')).user;

  await openMenu(page, 'haven.dashboard.menu_caseload');
  await page.getByTestId('caseload-page').waitFor();
  const annaBefore = await openCount(page, anna.id);
  const giorgiBefore = await openCount(page, giorgi.id);
  expect(annaBefore, 'the demo gives Anna open cases').toBeGreaterThan(0);

  await page.getByRole('button', { name: anna.fullName }).click();
  const firstCase = page.getByTestId('caseload-case').first();
  await firstCase.waitFor();
  const reference = (await firstCase.locator('a').first().innerText()).trim();
  await firstCase.getByRole('checkbox').check();
  // The colleagues are those of the same team, each with their load.
  const target = page.locator('#caseload-target');
  expect(await target.locator(`option[value="${giorgi.id}"]`).innerText()).toBe(
    `${giorgi.fullName} (${giorgiBefore} open case${giorgiBefore === 1 ? '' : 's'})`,
  );
  await target.selectOption(giorgi.id);
  await page.getByTestId('caseload-reassign').click();
  await page.getByText(`1 case reassigned to ${giorgi.fullName}`).waitFor();

  await expect.poll(() => openCount(page, anna.id), { timeout: 15_000 }).toBe(annaBefore - 1);
  await expect.poll(() => openCount(page, giorgi.id), { timeout: 15_000 }).toBe(giorgiBefore + 1);
  const { data } = await api<{ data: { reference: string; assignedToId: string }[] }>(
    supervisor,
    `/cases?q=${encodeURIComponent(reference)}`,
  );
  expect(data.find((item) => item.reference === reference)?.assignedToId).toBe(giorgi.id);
  expect(failures).toEqual([]);
  expect(errors).toEqual([]);
  await page.close();
});

it('the admin sees teams by load on the dashboard, opens one team’s caseload, and picks another', async () => {
  const { page, errors } = await openHaven(browser.context, baseUrl);
  const failures = watchApiFailures(page);
  await signInAndWaitForMenu(page, 'admin@haven.local');
  const admin = await apiLogin(baseUrl, 'admin@haven.local');
  const { total: teams } = await api<{ total: number }>(admin, '/teams?perPage=1');

  await openDashboard(page, baseUrl);
  const rows = page.getByTestId('dash-team-load-row');
  await rows.first().waitFor();
  expect(await rows.count()).toBe(Math.min(teams, 10));
  // The most overdue team first, then the one with the most open cases.
  const counts = (testId: string) =>
    page
      .getByTestId(testId)
      .evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-count'))));
  const overdue = await counts('team-load-overdue');
  const open = await counts('team-load-open');
  const keys = overdue.map((n, i) => [n, open[i]]);
  expect(keys).toEqual([...keys].sort((a, b) => b[0] - a[0] || b[1] - a[1]));
  expect(
    new Set(keys.map((key) => key.join())).size,
    'the demo teams differ in load',
  ).toBeGreaterThan(1);
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'admin-dashboard.png'), fullPage: true });

  await page.getByTestId('team-load-caseload').filter({ hasText: 'Tbilisi office' }).click();
  await page.getByTestId('caseload-page').waitFor();
  expect(page.url()).toContain('/caseload?teamId=');
  await expect
    .poll(() => page.getByTestId('caseload-team-input').inputValue(), { timeout: 15_000 })
    .toBe('Tbilisi office');
  await page.getByRole('button', { name: 'Anna Volkova' }).waitFor();

  // The picker offers every team again (not only the chosen one), and finds one by part of its name.
  const input = page.getByTestId('caseload-team-input');
  await input.click();
  await expect
    .poll(() => page.getByRole('option').count(), { timeout: 15_000 })
    .toBe(Math.min(teams, 20));
  await input.fill('Alm');
  await page.getByRole('option', { name: 'Almaty office' }).click();
  await page.getByRole('button', { name: 'Timur Akhmetov' }).waitFor();
  expect(await page.getByRole('button', { name: 'Anna Volkova' }).count()).toBe(0);
  // Reopened after a choice, the picker offers every team again, not only the chosen one.
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Timur Akhmetov' }).focus();
  await input.click();
  await expect
    .poll(() => page.getByRole('option').count(), { timeout: 15_000 })
    .toBe(Math.min(teams, 20));
  expect(await input.inputValue()).toBe('Almaty office');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Timur Akhmetov' }).click();
  await page.getByTestId('caseload-case').first().waitFor();
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'admin-caseload.png'), fullPage: true });

  // From the menu, no team is chosen yet: the page asks for one.
  await openMenu(page, 'haven.dashboard.menu_caseload');
  await page.getByTestId('caseload-choose-team').waitFor();
  expect(await page.getByTestId('caseload-row').count()).toBe(0);
  expect(failures).toEqual([]);
  expect(errors).toEqual([]);
  await page.close();
});
