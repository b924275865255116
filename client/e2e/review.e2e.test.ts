import { expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { useBrowser } from './harness';
import {
  api,
  apiLogin,
  anOpenCaseOf,
  figure,
  listUrl,
  openDashboard,
  watchApiFailures,
} from './features';
import { message, openHaven, signInAndWaitForMenu, signOut } from './pages';

/**
 * Review joined to the work (issue 25): "Request review" on the note itself; the reviewer's queue
 * shows the kind, a preview and what changed since the version approved last; an approval can be
 * undone from the snackbar. And the overdue-task figures of both dashboards.
 */
const baseUrl = inject('havenUrl');
const browser = useBrowser();

it('a caseworker asks for a review from the note; the supervisor sees kind, preview and changes, approves and undoes', async () => {
  const caseworker = await apiLogin(baseUrl, 'caseworker@haven.local');
  const supervisor = await apiLogin(baseUrl, 'supervisor@haven.local');
  const aCase = await anOpenCaseOf(caseworker);
  const title = `Summons served at the workplace ${Date.now()}`;
  // A note reviewed and approved once already, then edited: the new review shows the change.
  const note = await api<{ id: string; version: number }>(caseworker, '/notes', {
    method: 'POST',
    body: {
      caseId: aCase.id,
      ground: 'political_opinion',
      title,
      body: 'The summons was handed over at his office.\nHe refused to sign it.',
      addGroundToCase: true,
    },
  });
  const first = await api<{ id: string }>(caseworker, '/tasks/note-review', {
    method: 'POST',
    body: { noteId: note.id },
  });
  await api(supervisor, `/tasks/${first.id}/approve`, { method: 'POST', body: {} });
  await api(caseworker, `/notes/${note.id}`, {
    method: 'PATCH',
    body: {
      version: note.version,
      body: 'The summons was handed over at his office.\nHe refused to sign it twice.\nA witness saw it.',
    },
  });

  const { page, errors } = await openHaven(browser.context, baseUrl);
  const failures = watchApiFailures(page);
  await signInAndWaitForMenu(page, 'caseworker@haven.local');
  await page.goto(`${baseUrl}/#/cases/${aCase.id}/show/grounds`);
  await page
    .getByTestId('case-notes')
    .waitFor()
    .catch(async (error: unknown) => {
      await page.screenshot({ path: '/tmp/h5/review-grounds.png' });
      throw error;
    });
  const card = page.getByTestId('note-card').filter({ hasText: title });
  await card.getByTestId('note-request-review').click();
  await page.getByText(message(en, 'haven.tasks.note_review.requested')).waitFor();
  await signOut(page);

  // The supervisor's review queue: the kind, the note's first lines, what changed.
  await signInAndWaitForMenu(page, 'supervisor@haven.local');
  await page.goto(listUrl(baseUrl, 'tasks', { queue: 'review', q: aCase.reference }));
  const row = page.locator('tr', { hasText: title }).first();
  await row.waitFor();
  expect(await row.getByTestId('task-kind').getAttribute('data-kind')).toBe('note_review');
  await row
    .getByTestId('task-note-preview')
    .getByText('The summons was handed over at his office.', { exact: false })
    .waitFor();
  await row.getByTestId('task-title').click();
  const diff = page.getByTestId('task-note-diff');
  await diff.locator('[data-diff="removed"]', { hasText: 'He refused to sign it.' }).waitFor();
  await diff.locator('[data-diff="added"]', { hasText: 'A witness saw it.' }).waitFor();

  // Approve, then undo from the snackbar: the task is back in the queue.
  await row.getByTestId('task-action-approve').click();
  const undo = page.getByTestId('task-undo-approve-snack');
  await undo.waitFor();
  await expect.poll(() => page.locator('tr', { hasText: title }).count()).toBe(0);
  await undo.click();
  await page
    .getByText(message(en, 'haven.tasks.done.undo_approve').replace('%{title}', title))
    .waitFor();
  await page.locator('tr', { hasText: title }).first().waitFor({ timeout: 15_000 });
  const tasks = await api<{ data: { status: string; approvedById: string | null }[] }>(
    supervisor,
    `/tasks?noteId=${note.id}&status=in_review`,
  );
  expect(tasks.data).toHaveLength(1);
  expect(tasks.data[0].approvedById).toBeNull();

  expect(errors).toEqual([]);
  expect(failures).toEqual([]);
  await page.close();
});

it('shows overdue tasks on both dashboards, each figure opening the tasks it counts', async () => {
  const caseworker = await apiLogin(baseUrl, 'caseworker@haven.local');
  const supervisor = await apiLogin(baseUrl, 'supervisor@haven.local');
  const mine = await api<{ total: number }>(caseworker, '/tasks?queue=mine&overdue=true');
  const team = await api<{ total: number }>(supervisor, '/tasks?overdue=true');
  // The demo always has some (its dates are relative to today).
  expect(mine.total).toBeGreaterThan(0);

  const { page, errors } = await openHaven(browser.context, baseUrl);
  const failures = watchApiFailures(page);
  await signInAndWaitForMenu(page, 'caseworker@haven.local');
  await openDashboard(page, baseUrl);
  expect(await figure(page, 'dash-my-tasks-overdue')).toBe(mine.total);
  await page.getByTestId('dash-my-tasks-overdue').click();
  await page.getByTestId('task-queue-mine').waitFor();
  await expect
    .poll(() => page.locator('[data-testid="task-status"]').count(), { timeout: 15_000 })
    .toBe(Math.min(mine.total, 25));
  await signOut(page);

  await signInAndWaitForMenu(page, 'supervisor@haven.local');
  await openDashboard(page, baseUrl);
  expect(await figure(page, 'dash-overdue-tasks')).toBe(team.total);
  expect(team.total).toBeGreaterThanOrEqual(mine.total);
  // Each caseworker's overdue tasks in the caseload table.
  const cells = page.getByTestId('caseload-overdue-tasks');
  expect(await cells.count()).toBeGreaterThan(0);
  const perCaseworker = await cells.evaluateAll((elements) =>
    elements.map((element) => Number(element.getAttribute('data-count'))),
  );
  expect(perCaseworker.some((count) => count > 0)).toBe(true);

  expect(errors).toEqual([]);
  expect(failures).toEqual([]);
  await page.close();
});
