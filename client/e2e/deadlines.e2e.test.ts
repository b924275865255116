import { expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { api, apiLogin } from './features';
import { useBrowser } from './harness';
import { message, openHaven, openMenu, signInAndWaitForMenu } from './pages';

const baseUrl = inject('havenUrl');
const browser = useBrowser();

it('a caseworker adds a deadline from a rule, seeing the computed date and how it was reached first', async () => {
  // A German case of the caseworker's: a rule dates only the cases of its jurisdiction.
  const caseworker = await apiLogin(baseUrl, 'caseworker@haven.local');
  const intake = await api<{ case: { id: string } }>(caseworker, '/intake', {
    method: 'POST',
    body: {
      client: {
        givenName: 'Rule',
        familyName: `Preview${Date.now().toString(36)}`,
        sex: 'male',
        nationality: 'RU',
        languages: ['ru'],
        currentCountry: 'DE',
      },
      case: { caseType: 'asylum', jurisdiction: 'DE' },
    },
  });
  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, 'caseworker@haven.local');
  await page.goto(`${baseUrl}/#/cases/${intake.case.id}/show`);
  const rows = page.locator('table tbody tr');
  await page.getByRole('tab', { name: message(en, 'haven.cases.tabs.deadlines') }).click();

  await page.getByTestId('add-from-rule').click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('#rule-jurisdiction').selectOption('DE');
  await dialog.locator('#rule-id').selectOption('DE.appeal');
  await dialog.locator('#rule-trigger-date').fill('2026-03-21');

  // Before saving: two weeks from Saturday 21 March end on Saturday 4 April, which moves past
  // Easter Monday to Tuesday 7 April (domain.md).
  const date = dialog.getByTestId('rule-preview-date');
  await expect.poll(() => date.innerText(), { timeout: 15_000 }).toContain('7 Apr 2026');
  const explanation = await dialog.getByTestId('rule-preview-explanation').innerText();
  expect(explanation).toContain('Easter Monday');
  expect(explanation).toContain('7 Apr 2026');
  // DE.appeal is a primary-source rule: no warning beside the date.
  expect(await dialog.getByTestId('confidence-warning').count()).toBe(0);

  await dialog.getByRole('button', { name: message(en, 'haven.deadlines.save') }).click();
  await dialog.waitFor({ state: 'detached' });
  const row = rows.filter({ hasText: 'Action against a BAMF asylum decision' }).filter({
    hasText: '7 Apr 2026',
  });
  await row.first().waitFor({ timeout: 15_000 });
  // Long past today, and still open: red.
  expect(await row.first().locator('[data-urgency="overdue"]').count()).toBe(1);

  // Settle it.
  await row.first().getByTestId('deadline-done').click();
  await expect
    .poll(() => row.first().locator('td.column-status').innerText(), { timeout: 15_000 })
    .toBe(message(en, 'haven.enums.deadlineStatus.done'));
  expect(errors).toEqual([]);
  await page.close();
});

it('the calendar panel shows a private feed URL, and making a new one retires the old', async () => {
  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, 'caseworker@haven.local');
  await openMenu(page, 'haven.menu.deadlines');

  await page.getByTestId('calendar-create').click();
  const url = page.getByTestId('calendar-url');
  await url.waitFor();
  const first = await url.inputValue();
  expect(first).toMatch(/^http:\/\/[^/]+\/api\/calendar\/feed\.ics\?token=[\w-]{20,}$/);
  const feed = await page.request.get(first);
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toMatch(/^BEGIN:VCALENDAR/);

  // Rotating warns first, then replaces the link.
  await page.getByTestId('calendar-rotate').click();
  await page.getByText(message(en, 'haven.calendar.rotate_warning')).waitFor();
  await page.getByTestId('calendar-rotate-confirm').click();
  await expect.poll(() => url.inputValue(), { timeout: 15_000 }).not.toBe(first);
  const second = await url.inputValue();
  expect(second).toMatch(/feed\.ics\?token=/);
  expect((await page.request.get(first)).status()).toBe(404);
  expect((await page.request.get(second)).status()).toBe(200);
  expect(errors).toEqual([]);
  await page.close();
});

it('the agenda lists every case the end of EU temporary protection touches, in one click', async () => {
  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, 'caseworker@haven.local');
  await openMenu(page, 'haven.menu.deadlines');
  const caseworker = await apiLogin(baseUrl, 'caseworker@haven.local');
  // The demo's Ukrainian under temporary protection in Germany, and any other such case.
  const expected = await api<{ data: { caseReference: string }[]; total: number }>(
    caseworker,
    '/deadlines?ruleId=EU.tp_end&status=open&perPage=100',
  );
  expect(expected.total).toBeGreaterThan(0);
  await page.getByTestId('tp-end-filter').click();
  const rows = page.locator('table tbody tr');
  await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(Math.min(expected.total, 50));
  const text = await page.getByTestId('agenda').innerText();
  for (const deadline of expected.data) expect(text).toContain(deadline.caseReference);
  expect(text).toContain('4 Mar 2027');
  expect(errors).toEqual([]);
  await page.close();
});

it('a caseworker records that legal aid suspended the CNDA period, and sees the date recomputed', async () => {
  const caseworker = await apiLogin(baseUrl, 'caseworker@haven.local');
  const intake = await api<{ case: { id: string } }>(caseworker, '/intake', {
    method: 'POST',
    body: {
      client: {
        givenName: 'Legal',
        familyName: `Aid${Date.now().toString(36)}`,
        sex: 'male',
        nationality: 'RU',
        languages: ['ru'],
        currentCountry: 'FR',
      },
      case: { caseType: 'asylum', jurisdiction: 'FR' },
    },
  });
  // One month from Wed 1 Jul 2026 ends Sat 1 Aug → Mon 3 Aug.
  await api(caseworker, '/deadlines', {
    method: 'POST',
    body: { caseId: intake.case.id, ruleId: 'FR.appeal', triggerDate: '2026-07-01' },
  });
  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, 'caseworker@haven.local');
  await page.goto(`${baseUrl}/#/cases/${intake.case.id}/show`);
  await page.getByRole('tab', { name: message(en, 'haven.cases.tabs.deadlines') }).click();
  const table = page.getByTestId('case-deadlines');
  await expect.poll(() => table.innerText(), { timeout: 15_000 }).toContain('3 Aug 2026');

  await table.getByRole('button', { name: message(en, 'haven.deadlines.more_statuses') }).click();
  await page.getByTestId('deadline-suspend').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('suspend-from').fill('2026-07-10');
  await dialog.getByTestId('suspend-resumed').fill('2026-07-30');
  await dialog.getByTestId('suspend-save').click();
  await dialog.waitFor({ state: 'detached' });
  // Suspended for 20 days (10 → 30 July): 1 Aug + 20 days = Fri 21 Aug 2026.
  await expect.poll(() => table.innerText(), { timeout: 15_000 }).toContain('21 Aug 2026');
  expect(await table.innerText()).toContain('suspended from 10 Jul 2026 until 30 Jul 2026');
  expect(errors).toEqual([]);
  await page.close();
});
