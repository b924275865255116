import type { Page } from 'playwright-core';
import { expect, inject, it } from 'vitest';
import { ru } from '../src/i18n/ru';
import { useBrowser } from './harness';
import { api, apiLogin, anOpenCaseOf, listUrl } from './features';
import { expectMenu, expectedMenu, message, openHaven, signInAndWaitForMenu } from './pages';

/**
 * Issue 25, "in their language": a Russian-speaking caseworker and supervisor read Russian
 * everywhere the server used to speak English — the case history, the audit trail, a reminder
 * task, the claim summary, a refusal — with one date format on a 24-hour clock, and date inputs
 * typed in the Russian order with the day echoed in words.
 */
const baseUrl = inject('havenUrl');
const browser = useBrowser();

/** English words the server writes in its fallback texts, and raw codes: none may show in Russian. */
const ENGLISH =
  /\b(AM|PM|updated|listed|opened case|read case|read the|Stage:|summons_paper|intake|In \d+ days)\b/;

/**
 * Switches this tab to Russian without changing the demo account for other tests: the choice is
 * remembered on the server by `PATCH /api/auth/me`, answered here without reaching it.
 */
async function russianHere(page: Page, role: 'caseworker' | 'supervisor'): Promise<void> {
  await page.route('**/api/auth/me', (route) =>
    route.request().method() === 'PATCH'
      ? route.fulfill({ status: 200, contentType: 'application/json', body: 'null' })
      : route.continue(),
  );
  await page.locator('header').getByRole('button', { name: 'English' }).click();
  await page.getByRole('menuitem', { name: 'Русский' }).click();
  await expectMenu(page, expectedMenu(role, ru));
}

/** A tab of a case page, by its path (the tab strip's labels are checked by other tests). */
async function openTab(page: Page, caseId: string, tab: string): Promise<void> {
  await page.goto(`${baseUrl}/#/cases/${caseId}/show/${tab}`);
  await page.getByTestId('case-reference').waitFor();
}

it('a Russian caseworker reads the history, a reminder, a refusal and the claim summary in Russian, and types dates in the Russian order', async () => {
  const caseworker = await apiLogin(baseUrl, 'caseworker@haven.local');
  const aCase = await anOpenCaseOf(caseworker);
  const full = await api<{ version: number; grounds: string[] }>(caseworker, `/cases/${aCase.id}`);
  // Something to tell in the history: a change of priority.
  await api(caseworker, `/cases/${aCase.id}`, {
    method: 'PATCH',
    body: { version: full.version, priority: 'urgent' },
  });
  // A note whose evidence is a paper summons, for the claim summary.
  await api(caseworker, '/notes', {
    method: 'POST',
    body: {
      caseId: aCase.id,
      ground: full.grounds[0] ?? 'political_opinion',
      addGroundToCase: full.grounds.length === 0,
      title: `Summons ${Date.now()}`,
      body: 'Received at home.',
      evidence: [
        {
          kind: 'summons_paper',
          description: 'The summons',
          reference: null,
          original: true,
          language: 'ru',
          translated: false,
        },
      ],
    },
  });
  // A task of the caseworker's, to be started behind the page's back.
  const title = `Ring the interpreter ${Date.now()}`;
  const task = await api<{ id: string }>(caseworker, '/tasks', {
    method: 'POST',
    body: { caseId: aCase.id, title, assigneeId: caseworker.user.id },
  });
  // The reminder the job made at start for the caseworker's deadline due this week (demo data).
  let reminder: { id: string; caseReference: string } | undefined;
  await expect
    .poll(
      async () => {
        const { data } = await api<{
          data: { id: string; titleCode: string | null; caseReference: string }[];
        }>(caseworker, '/tasks?queue=mine&perPage=100');
        reminder = data.find((t) => t.titleCode === 'reminder');
        return Boolean(reminder);
      },
      { timeout: 30_000 },
    )
    .toBe(true);

  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, 'caseworker@haven.local');
  await russianHere(page, 'caseworker');

  // The history: told from codes, a Russian pagination, times on a 24-hour clock.
  await openTab(page, aCase.id, 'history');
  const history = page.getByTestId('case-history');
  await history.waitFor();
  await expect
    .poll(() => history.getByTestId('history-text').allInnerTexts(), { timeout: 15_000 })
    .toContain('Изменение: дело — изменено: Приоритет');
  const historyPage = await page.locator('main').innerText();
  expect(historyPage).not.toMatch(ENGLISH);
  expect(historyPage).toMatch(/\d+–\d+ из \d+/);
  expect(historyPage).toMatch(/ г\., \d{2}:\d{2}/);

  // A refusal: the task was started elsewhere; the Russian sentence, and the row shows it as it is now.
  await openTab(page, aCase.id, 'tasks');
  const row = page.getByTestId('case-tasks').locator('tr', { hasText: title });
  await row.getByTestId('task-action-start').waitFor();
  await api(caseworker, `/tasks/${task.id}/start`, { method: 'POST' });
  await row.getByTestId('task-action-start').click();
  await page
    .getByText(message(ru, 'haven.errors.codes.task.transition_impossible'))
    .first()
    .waitFor();
  await expect
    .poll(() => row.getByTestId('task-status').getAttribute('data-status'), { timeout: 15_000 })
    .toBe('in_progress');
  expect(await row.getByTestId('task-action-start').count()).toBe(0);
  expect(await page.locator('body').innerText()).not.toContain('not possible while');

  // A reminder Haven made: its title in Russian.
  await page.goto(listUrl(baseUrl, 'tasks', { queue: 'mine', q: reminder!.caseReference }));
  const reminderTitle = page
    .getByTestId('task-title')
    .filter({ hasText: /^(Через \d+ (день|дня|дней)|Сегодня): / })
    .first();
  await reminderTitle.waitFor({ timeout: 15_000 });
  expect(await page.getByTestId('task-title').allInnerTexts()).not.toContainEqual(
    expect.stringMatching(/^(In \d+ days|Today):/),
  );

  // The claim summary: in Russian with human labels by default, in English when picked.
  await openTab(page, aCase.id, 'grounds');
  await page.getByTestId('claim-summary').click();
  const frame = page.frameLocator('[data-testid="claim-summary-frame"]');
  await frame.getByText('Сводка по заявлению', { exact: false }).first().waitFor();
  const inRussian = await frame.locator('body').innerText();
  expect(inRussian).toContain('Повестка (бумажная)');
  expect(inRussian).toMatch(/Стадия: [А-ЯЁ]/);
  expect(inRussian).not.toMatch(ENGLISH);
  await page.getByRole('combobox', { name: message(ru, 'haven.claim_summary.language') }).click();
  await page.getByRole('option', { name: 'English' }).click();
  await frame.getByText('Claim summary', { exact: false }).first().waitFor();
  expect(await frame.locator('body').innerText()).toContain('Summons (paper)');
  await page.keyboard.press('Escape');

  // A date input: the Russian order, and the day echoed in words.
  await page.goto(`${baseUrl}/#/cases/${aCase.id}`);
  const openedOn = page.locator('input[name="openedOn"]');
  await openedOn.waitFor();
  expect(await openedOn.inputValue()).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
  expect(await openedOn.getAttribute('placeholder')).toBe('дд.мм.гггг');
  await openedOn.fill('15.03.1994');
  await page.getByTestId('day-in-words').filter({ hasText: '15 марта 1994' }).first().waitFor();
  expect(await page.locator('main').innerText()).not.toMatch(/mm\/dd\/yyyy|\b(AM|PM)\b/);

  expect(errors).toEqual([]);
  await page.close();
});

it('a Russian supervisor reads the audit trail in Russian, with one date format and no AM/PM', async () => {
  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, 'supervisor@haven.local');
  await russianHere(page, 'supervisor');
  await page.goto(`${baseUrl}/#/audit-events`);
  const texts = page.getByTestId('audit-text');
  await texts.first().waitFor({ timeout: 15_000 });
  const told = await texts.allInnerTexts();
  expect(told.length).toBeGreaterThan(5);
  for (const text of told) {
    expect(text).toMatch(/[А-Яа-яЁё]/);
    expect(text).not.toMatch(ENGLISH);
  }
  const main = await page.locator('main').innerText();
  expect(main).not.toMatch(/\b(AM|PM)\b/);
  expect(main).not.toMatch(/\d{1,2}\/\d{1,2}\/\d{4}/);
  expect(main).toMatch(/ г\., \d{2}:\d{2}:\d{2}/);
  expect(main).toMatch(/\d+-\d+ из \d+/);
  expect(errors).toEqual([]);
  await page.close();
});
