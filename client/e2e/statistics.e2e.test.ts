import { randomBytes } from 'node:crypto';
import type { AggregateResponse, StatsRelease } from '@haven/shared';
import type { Download, Page } from 'playwright-core';
import { expect, inject, it } from 'vitest';
import { ru } from '../src/i18n/ru';
import { endedQuarters, monthOf } from '../src/statistics/periods';
import { useBrowser } from './harness';
import {
  api,
  apiLogin,
  createStaff,
  openDashboard,
  STAFF_PASSWORD,
  watchApiFailures,
} from './features';
import { message, openHaven, signInAndWaitForMenu } from './pages';

/** Written against the integrated statistics page at `#/statistics`. */
const baseUrl = inject('havenUrl');
const browser = useBrowser();

/** The method line in English, as the page writes it from the answer's noise, k and method. */
const englishMethod = (response: AggregateResponse) =>
  `Counts are perturbed by the cell-key method: each shown count differs from the true count by at most ±${format('en-GB', response.noise.max)} (variance ${format('en-GB', response.noise.variance)}); the same cell always shows the same number. Cells below ${response.k} are hidden.`;

const format = (locale: string, value: number) =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(value);

/** The next answer of the aggregate route, with the query the page sent. */
function nextAggregate(page: Page) {
  return page.waitForResponse(
    (response) =>
      new URL(response.url()).pathname === '/api/stats/aggregate' &&
      response.request().method() === 'GET',
  );
}

/** Picks an option of a MUI select by its value. */
async function choose(page: Page, selectId: string, value: string) {
  await page.locator(`#${selectId}`).click();
  await page.locator(`[role="listbox"] li[data-value="${value}"]`).click();
  await page.locator('[role="listbox"]').waitFor({ state: 'detached' });
}

async function bytesOf(download: Download): Promise<Buffer> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

it('the analyst builds a table by nationality, then by nationality and sex with hidden cells marked', async () => {
  const { page, errors } = await openHaven(browser.context, baseUrl);
  const failures = watchApiFailures(page);
  await signInAndWaitForMenu(page, 'analyst@haven.local');
  await openDashboard(page, baseUrl);
  await page.getByTestId('dash-statistics-link').click();
  await page.getByTestId('statistics-page').waitFor();
  // Before the first table: an empty state that says what to do.
  await page.getByTestId('stat-start').waitFor();

  // Nationality is the first dimension by default.
  const answered = nextAggregate(page);
  await page.getByTestId('stat-show').click();
  const first = (await (await answered).json()) as AggregateResponse;
  const table = page.getByTestId('stat-table');
  await table.waitFor();
  const russia = table.locator('[data-testid="stat-row"][data-value="RU"]');
  await russia.waitFor();
  expect(Number(await russia.getByTestId('stat-count').innerText())).toBeGreaterThanOrEqual(5);
  const total = table.locator('[data-testid="stat-row"][data-kind="total"]');
  expect(Number(await total.getByTestId('stat-count').innerText())).toBeGreaterThan(0);
  // The method and its error beside the table, from the answer.
  expect(await page.getByTestId('stat-method-line').innerText()).toBe(englishMethod(first));
  // Up to when changes are counted (the rollup's time, or the request's).
  expect(first.computedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  expect(await page.getByTestId('stat-computed-at').innerText()).toMatch(
    /^Changes up to .+ counted$/,
  );
  // The recognised, rejected and rate columns; a rate only where both counts are shown.
  for (const row of await table.locator('[data-testid="stat-row"]').all()) {
    const rate = (await row.getByTestId('stat-rate').innerText()).trim();
    const recognised = (await row.getByTestId('stat-recognised').innerText()).trim();
    const rejected = (await row.getByTestId('stat-rejected').innerText()).trim();
    if (recognised === '–' || rejected === '–') expect(rate).toBe('–');
    else if (rate !== '–') expect(rate).toMatch(/^\d+(\.\d)? %$/);
  }
  await page.getByTestId('stat-chart').first().waitFor();

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
  // A chart per dimension, from its margin.
  await page.locator('[data-testid="stat-chart"][data-dimension="nationality"]').waitFor();
  await page.locator('[data-testid="stat-chart"][data-dimension="sex"]').waitFor();

  // The live microdata export keeps working, and steers publishing to releases.
  await page.getByTestId('microdata-steer').waitFor();
  const download = page.waitForEvent('download');
  await page.getByTestId('microdata-download').click();
  // Where the demo's classes are too small to publish a record, the page says so first (its
  // preview); the analyst downloads anyway (analyst-export.e2e.test.ts covers the notice).
  const notice = page.getByTestId('microdata-withheld-notice');
  if (
    (await Promise.race([
      download.then(() => 'file'),
      notice
        .waitFor()
        .then(() => 'notice')
        .catch(() => 'none'),
    ])) === 'notice'
  )
    await notice.getByTestId('withheld-download-anyway').click();
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

it('the analyst counts persons by outcome over whole months, then releases the last ended quarter and downloads it twice, byte for byte', async () => {
  const { page, errors } = await openHaven(browser.context, baseUrl);
  const failures = watchApiFailures(page);
  await signInAndWaitForMenu(page, 'analyst@haven.local');
  await page.goto(`${baseUrl}/#/statistics`);
  await page.getByTestId('statistics-page').waitFor();

  // Months, what to count, by which month, and a dimension.
  const thisMonth = monthOf(new Date());
  await page.getByTestId('stat-from').fill('2020-01');
  await page.getByTestId('stat-to').fill(thisMonth);
  await choose(page, 'stat-unit', 'persons');
  await choose(page, 'stat-period-by', 'opened');
  await choose(page, 'stat-dimension-0', 'outcome');
  const answered = nextAggregate(page);
  await page.getByTestId('stat-show').click();
  const response = await answered;
  const sent = new URL(response.url()).searchParams;
  expect(Object.fromEntries(sent)).toEqual({
    dimensions: 'outcome',
    from: '2020-01',
    to: thisMonth,
    unit: 'persons',
    periodBy: 'opened',
    k: '5',
  });
  const body = (await response.json()) as AggregateResponse;
  expect(body).toMatchObject({ method: 'cell-key', unit: 'persons', periodBy: 'opened', k: 5 });
  await page.getByTestId('stat-table').waitFor();
  expect(await page.getByTestId('stat-method-line').innerText()).toBe(englishMethod(body));
  expect(await page.getByTestId('stat-table').locator('thead').innerText()).toContain('Persons');
  await page.locator('[data-testid="stat-chart"][data-dimension="outcome"]').waitFor();

  // A release of the most recent ended quarter: made now, or made by an earlier run (409).
  const quarter = endedQuarters(new Date(), 1)[0];
  const panel = page.getByTestId('releases-panel');
  await panel.scrollIntoViewIfNeeded();
  await page
    .locator('[data-testid="releases-table"], [data-testid="releases-empty"]')
    .first()
    .waitFor();
  await choose(page, 'release-quarter', quarter);
  const created = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/stats/releases' && r.request().method() === 'POST',
  );
  await page.getByTestId('release-create').click();
  const creation = await created;
  expect([201, 409]).toContain(creation.status());
  if (creation.status() === 201) {
    const made = (await creation.json()) as StatsRelease;
    expect(made).toMatchObject({ quarter, k: 5 });
    expect(await page.getByTestId('release-created').innerText()).toContain(quarter);
  } else {
    const text = await page.getByTestId('release-error').innerText();
    expect(text).toContain(quarter);
    expect(text).toMatch(/already exists/);
    expect(text).not.toMatch(/HTTP|Conflict|409/);
  }
  // Made again (now, whichever way it went): refused with a readable message, in the page's words.
  const again = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/stats/releases' && r.request().method() === 'POST',
  );
  await page.getByTestId('release-create').click();
  expect((await again).status()).toBe(409);
  await expect
    .poll(() => page.getByTestId('release-error').innerText())
    .toMatch(new RegExp(`${quarter}.*already exists`));
  expect(await page.getByTestId('release-error').innerText()).not.toMatch(/HTTP|Conflict|409/);
  const row = panel.locator(`[data-testid="release-row"][data-quarter="${quarter}"][data-k="5"]`);
  await row.waitFor();

  const downloadTwice = async (format: 'csv' | 'json') => {
    const files: Buffer[] = [];
    for (let i = 0; i < 2; i += 1) {
      const download = page.waitForEvent('download');
      await row.getByTestId(`release-download-${format}`).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(`haven-microdata-${quarter}-k5.${format}`);
      files.push(await bytesOf(file));
      // The button is back once the download has settled.
      await expect.poll(() => row.getByTestId(`release-download-${format}`).isEnabled()).toBe(true);
    }
    return files;
  };
  const [csvA, csvB] = await downloadTwice('csv');
  expect(csvA.length).toBeGreaterThan(0);
  expect(csvB.equals(csvA)).toBe(true);
  const [jsonA, jsonB] = await downloadTwice('json');
  expect(jsonB.equals(jsonA)).toBe(true);
  const parsed = JSON.parse(jsonA.toString('utf8')) as { quarter?: string; data: unknown[] };
  expect(Array.isArray(parsed.data)).toBe(true);
  expect(
    Number(
      await row
        .getByTestId('release-rows')
        .innerText()
        .then((t) => t.replace(/\D/g, '')),
    ),
  ).toBe(parsed.data.length);

  expect(errors).toEqual([]);
  // The one refusal allowed: the release that an earlier run had made already.
  expect(failures.filter((failure) => !failure.startsWith('409 POST /api/stats/releases'))).toEqual(
    [],
  );
  await page.close();
});

it('an analyst who reads Russian sees the method and its error in Russian', async () => {
  const admin = await apiLogin(baseUrl, 'admin@haven.local');
  const email = `stats.ru.${randomBytes(4).toString('hex')}@haven.local`;
  await createStaff(admin, {
    email,
    fullName: 'Статистик Тестовый',
    role: 'analyst',
    teamId: null,
    locale: 'ru',
  });
  const { page, errors } = await openHaven(browser.context, baseUrl);
  const failures = watchApiFailures(page);
  await signInAndWaitForMenu(page, email, STAFF_PASSWORD);
  await page.goto(`${baseUrl}/#/statistics`);
  await page.getByTestId('statistics-page').waitFor();
  expect(await page.getByTestId('statistics-page').locator('h1').innerText()).toBe(
    message(ru, 'haven.statistics.title'),
  );

  await page.getByTestId('stat-from').fill('2020-01');
  const answered = nextAggregate(page);
  await page.getByTestId('stat-show').click();
  const body = (await (await answered).json()) as AggregateResponse;
  const expected = message(ru, 'haven.statistics.method_note').replace(
    /%\{(\w+)\}/g,
    (_, name: string) =>
      String(
        (
          {
            max: format('ru', body.noise.max),
            variance: format('ru', body.noise.variance),
            k: body.k,
          } as Record<string, string | number>
        )[name],
      ),
  );
  expect(await page.getByTestId('stat-method-line').innerText()).toBe(expected);
  expect(await page.getByTestId('releases-panel').locator('h2').innerText()).toBe(
    message(ru, 'haven.statistics.releases.title'),
  );
  // The releases list reads the same through the API.
  const listed = await api<{ data: StatsRelease[]; total: number }>(admin, '/stats/releases');
  expect(listed.total).toBeGreaterThanOrEqual(0);

  expect(errors).toEqual([]);
  expect(failures).toEqual([]);
  await page.close();
});
