import { randomBytes } from 'node:crypto';
import type { AggregateResponse } from '@haven/shared';
import type { Download, Page } from 'playwright-core';
import { expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { ru } from '../src/i18n/ru';
import { useBrowser } from './harness';
import { apiLogin, createStaff, STAFF_PASSWORD, watchApiFailures } from './features';
import { message, openHaven, signInAndWaitForMenu } from './pages';

/**
 * Issue 25, analysts: an export that would withhold everything says so before downloading and
 * offers coarser choices; the CSV carries labels beside codes, "Total" and when it was computed;
 * charts draw hidden cells as hidden. In English and in Russian.
 */
const baseUrl = inject('havenUrl');
const browser = useBrowser();

async function choose(page: Page, selectId: string, value: string) {
  await page.locator(`#${selectId}`).click();
  await page.locator(`[role="listbox"] li[data-value="${value}"]`).click();
  await page.locator('[role="listbox"]').waitFor({ state: 'detached' });
}

async function textOf(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Records of a CSV whose fields hold no comma or quote (labels of sex and totals). */
function records(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.trimEnd().split('\r\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}

/**
 * Asks for a table by sex with k = 1000 (no demo count reaches it), as CSV: the page previews it,
 * holds the download back and offers k = 5; taking it and downloading gives the labelled CSV.
 */
async function withheldThenLabelledCsv(page: Page, messages: object) {
  const downloads: Download[] = [];
  page.on('download', (download) => downloads.push(download));
  await choose(page, 'stat-dimension-0', 'sex');
  await page.locator('#stat-k').fill('1000');
  await page.getByTestId('stat-download-csv').click();
  const notice = page.getByTestId('stat-withheld-notice');
  await notice.waitFor();
  expect(await notice.innerText()).toContain(
    message(messages, 'haven.statistics.withheld_notice.title_aggregate'),
  );
  const suggestion = notice.locator('[data-testid="withheld-suggestion"][data-kind="lower_k"]');
  await suggestion.waitFor();
  expect(await suggestion.innerText()).toMatch(/k = 5/);
  // Nothing was downloaded.
  expect(downloads).toEqual([]);
  await suggestion.getByTestId('withheld-apply').click();
  await notice.waitFor({ state: 'detached' });
  expect(await page.locator('#stat-k').inputValue()).toBe('5');

  const download = page.waitForEvent('download');
  await page.getByTestId('stat-download-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^haven-statistics-sex-\d{8}T\d{4}Z\.csv$/);
  const csv = await textOf(file);
  expect(csv.split('\r\n')[0]).toBe(
    'sex,sex_label,count,suppressed,recognised,rejected,recognitionRate,computedAt',
  );
  return records(csv);
}

/** Shows nationality × sex and checks every hidden cell is a hatched band, never a zero bar. */
async function hiddenCellsDrawnHidden(page: Page, hiddenWord: string) {
  await choose(page, 'stat-dimension-0', 'nationality');
  await choose(page, 'stat-dimension-1', 'sex');
  const answered = page.waitForResponse(
    (response) =>
      new URL(response.url()).pathname === '/api/stats/aggregate' &&
      !new URL(response.url()).searchParams.has('dryRun'),
  );
  await page.getByTestId('stat-show').click();
  const body = (await (await answered).json()) as AggregateResponse;
  // The nationalities with a hidden cell: each gets one band in the crossed chart.
  const withHidden = new Set(
    body.data
      .filter((row) => row.nationality !== null && row.sex !== null && row.suppressed)
      .map((row) => String(row.nationality)),
  );
  expect(withHidden.size).toBeGreaterThan(0);
  const crossed = page.getByTestId('stat-chart-crossed');
  await crossed.waitFor();
  const bands = crossed.getByTestId('stat-chart-hidden-bar');
  await expect.poll(() => bands.count(), { timeout: 15_000 }).toBe(withHidden.size);
  for (const band of await bands.all()) {
    expect(await band.locator('text').textContent()).toBe(hiddenWord);
    const height = Number(await band.locator('rect').getAttribute('height'));
    expect(height).toBeGreaterThan(0);
  }
  // The legend names the bands.
  expect(await crossed.innerText()).toContain(
    message(hiddenWord === 'Hidden' ? en : ru, 'haven.statistics.chart_hidden_legend'),
  );
}

/**
 * Live microdata with k = 1000: withheld entirely, said before any download, with a coarser choice
 * (k = 5 where it publishes records, else the counts table by outcome) that the page applies.
 */
async function microdataWithheld(page: Page, messages: object) {
  const downloads: Download[] = [];
  page.on('download', (download) => downloads.push(download));
  await page.locator('#microdata-k').fill('1000');
  await page.getByTestId('microdata-download').click();
  const notice = page.getByTestId('microdata-withheld-notice');
  await notice.waitFor();
  expect(await notice.innerText()).toContain(
    message(messages, 'haven.statistics.withheld_notice.title_microdata'),
  );
  expect(downloads).toEqual([]);
  const choice = notice.getByTestId('withheld-suggestion').first();
  await choice.waitFor();
  const kind = await choice.getAttribute('data-kind');
  await choice.getByTestId('withheld-apply').click();
  await notice.waitFor({ state: 'detached' });
  if (kind === 'lower_k') {
    expect(await page.locator('#microdata-k').inputValue()).toBe('5');
  } else {
    expect(kind).toBe('aggregate_table');
    expect(await page.locator('input[name="dimension0"]').inputValue()).toBe('outcome');
    expect(Number(await page.locator('#stat-k').inputValue())).toBeGreaterThanOrEqual(5);
  }
}

/** A new analyst account reading `locale`; returns its email (password STAFF_PASSWORD). */
async function newAnalyst(locale: 'en' | 'ru', fullName: string): Promise<string> {
  const admin = await apiLogin(baseUrl, 'admin@haven.local');
  const email = `export.${locale}.${randomBytes(4).toString('hex')}@haven.local`;
  await createStaff(admin, { email, fullName, role: 'analyst', teamId: null, locale });
  return email;
}

it('an analyst is told before downloading that an export would withhold everything, takes a coarser choice, and gets a labelled CSV; hidden cells are drawn hidden', async () => {
  // An analyst of its own: other files' tests may change the demo analyst's language meanwhile.
  const email = await newAnalyst('en', 'Export Analyst');
  const { page, errors } = await openHaven(browser.context, baseUrl);
  const failures = watchApiFailures(page);
  await signInAndWaitForMenu(page, email, STAFF_PASSWORD);
  await page.goto(`${baseUrl}/#/statistics`);
  await page.getByTestId('statistics-page').waitFor();

  const rows = await withheldThenLabelledCsv(page, en);
  const total = rows.find((row) => row.sex === 'Total');
  expect(total).toMatchObject({ sex_label: 'Total', suppressed: 'false' });
  expect(rows.find((row) => row.sex === 'male')).toMatchObject({ sex_label: 'Male' });
  expect(new Set(rows.map((row) => row.computedAt)).size).toBe(1);
  expect(rows[0].computedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

  await hiddenCellsDrawnHidden(page, 'Hidden');
  await microdataWithheld(page, en);

  expect(errors).toEqual([]);
  expect(failures).toEqual([]);
  await page.close();
});

it('in Russian: the notice, its choices, the CSV labels and the hidden bands', async () => {
  const email = await newAnalyst('ru', 'Аналитик Выгрузок');
  const { page, errors } = await openHaven(browser.context, baseUrl);
  const failures = watchApiFailures(page);
  await signInAndWaitForMenu(page, email, STAFF_PASSWORD);
  await page.goto(`${baseUrl}/#/statistics`);
  await page.getByTestId('statistics-page').waitFor();

  const rows = await withheldThenLabelledCsv(page, ru);
  // Codes stay codes; labels are Russian, "Итого" on the total.
  expect(rows.find((row) => row.sex === 'Total')).toMatchObject({ sex_label: 'Итого' });
  expect(rows.find((row) => row.sex === 'male')).toMatchObject({ sex_label: 'Мужской' });
  expect(rows.find((row) => row.sex === 'female')).toMatchObject({ sex_label: 'Женский' });

  await hiddenCellsDrawnHidden(page, message(ru, 'haven.statistics.hidden_label'));
  await microdataWithheld(page, ru);

  expect(errors).toEqual([]);
  expect(failures).toEqual([]);
  await page.close();
});
