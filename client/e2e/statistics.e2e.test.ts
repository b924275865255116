import { expect, inject, it } from 'vitest';
import { useBrowser } from './harness';
import { openDashboard, watchApiFailures } from './features';
import { openHaven, signInAndWaitForMenu } from './pages';

/** Written against the integrated statistics page at `#/statistics`. */
const baseUrl = inject('havenUrl');
const browser = useBrowser();

it('the analyst builds a table by nationality, then by nationality and sex with hidden cells marked', async () => {
  const { page, errors } = await openHaven(browser.context, baseUrl);
  const failures = watchApiFailures(page);
  await signInAndWaitForMenu(page, 'analyst@haven.local');
  await openDashboard(page, baseUrl);
  await page.getByTestId('dash-statistics-link').click();
  await page.getByTestId('statistics-page').waitFor();

  // Nationality is the first dimension by default.
  await page.getByTestId('stat-show').click();
  const table = page.getByTestId('stat-table');
  await table.waitFor();
  const russia = table.locator('[data-testid="stat-row"][data-value="RU"]');
  await russia.waitFor();
  expect(Number(await russia.getByTestId('stat-count').innerText())).toBeGreaterThanOrEqual(5);
  const total = table.locator('[data-testid="stat-row"][data-kind="total"]');
  expect(Number(await total.getByTestId('stat-count').innerText())).toBeGreaterThan(0);
  await page.getByTestId('stat-chart').waitFor();

  // Add sex: small counts appear, and are hidden with the reason given.
  await page.locator('#stat-dimension-1').click();
  await page.getByRole('option', { name: 'Sex' }).click();
  await page.getByTestId('stat-show').click();
  await page.locator('[data-testid="stat-table"][data-layout="cross"]').waitFor();
  const hidden = page.getByTestId('stat-table').getByTestId('stat-hidden');
  await expect.poll(() => hidden.count(), { timeout: 15_000 }).toBeGreaterThan(0);
  for (const cell of await hidden.all()) {
    expect((await cell.innerText()).trim()).toBe('—*');
  }
  const note = page.getByTestId('stat-hidden-note');
  expect(await note.innerText()).toMatch(/hidden.*fewer than 5 people.*worked out from a total/);
  // No hidden cell leaks its number anywhere in the table.
  expect(
    await page
      .getByTestId('stat-table')
      .locator('[data-testid="stat-hidden"]:has-text("1")')
      .count(),
  ).toBe(0);

  // Microdata: downloaded as a file; the page says which k and period, and how many were withheld.
  const download = page.waitForEvent('download');
  await page.getByTestId('microdata-download').click();
  expect((await download).suggestedFilename()).toBe('haven-microdata-k5.json');
  await page.getByTestId('microdata-summary').waitFor();
  expect(await page.getByTestId('microdata-k').innerText()).toBe('5');
  expect(await page.getByTestId('microdata-period').innerText()).toMatch(/^(month|quarter|year)$/);
  expect(Number(await page.getByTestId('microdata-withheld').innerText())).toBeGreaterThanOrEqual(
    0,
  );

  expect(errors).toEqual([]);
  expect(failures).toEqual([]);
  await page.close();
});
