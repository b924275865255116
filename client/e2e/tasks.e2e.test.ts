import { expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { useBrowser } from './harness';
import {
  apiLogin,
  anOpenCaseOf,
  figure,
  listUrl,
  openCaseTab,
  openDashboard,
  watchApiFailures,
} from './features';
import { message, openHaven, signInAndWaitForMenu, signOut } from './pages';

/**
 * Written against the integrated case page: `#/cases/<id>/show` with MUI tabs labelled
 * "Grounds of claim" and "Tasks" (CaseTasksTab), the `tasks` resource at `#/tasks`.
 */
const baseUrl = inject('havenUrl');
const browser = useBrowser();

it('a caseworker claims a team task and submits it for review; the supervisor approves it; both dashboards follow', async () => {
  const caseworker = await apiLogin(baseUrl, 'caseworker@haven.local');
  const aCase = await anOpenCaseOf(caseworker);
  const title = `Collect the summons copy ${Date.now()}`;

  const { page, errors } = await openHaven(browser.context, baseUrl);
  const failures = watchApiFailures(page);
  await signInAndWaitForMenu(page, 'caseworker@haven.local');
  await openDashboard(page, baseUrl);
  const inReviewBefore = await figure(page, 'dash-my-tasks-in_review');
  const doneBefore = await figure(page, 'dash-my-tasks-done');

  // A task for the team's queue, from the case's Tasks tab.
  await openCaseTab(page, baseUrl, aCase.id, message(en, 'haven.cases.tabs.tasks'));
  await page.getByTestId('case-task-new').click();
  const form = page.getByTestId('task-create-form');
  await form.locator('#task-title').fill(title);
  await form.locator('#task-holder').selectOption('team');
  await form.getByTestId('task-create-save').click();
  await form.waitFor({ state: 'detached' });
  await page.getByTestId('case-tasks').getByText(title).waitFor();

  // The team queue: claim it.
  // Titles are ciphertext at rest: the list searches by the case's reference.
  await page.goto(listUrl(baseUrl, 'tasks', { queue: 'team', q: aCase.reference }));
  const teamRow = page.locator('tr', { hasText: title });
  await teamRow.getByTestId('task-action-claim').click();
  await expect.poll(() => teamRow.count(), { timeout: 15_000 }).toBe(0);

  // Mine: submit it for review.
  await page.getByTestId('task-queue-mine').click();
  const mineRow = page.locator('tr', { hasText: title });
  await mineRow.getByTestId('task-action-submit-review').click();
  await expect
    .poll(() => mineRow.getByTestId('task-status').getAttribute('data-status'), { timeout: 15_000 })
    .toBe('in_review');
  // Nothing left for the caseworker to do on it.
  expect(await mineRow.getByTestId('task-actions').count()).toBe(0);

  await openDashboard(page, baseUrl);
  await expect
    .poll(() => figure(page, 'dash-my-tasks-in_review'), { timeout: 15_000 })
    .toBe(inReviewBefore + 1);
  await signOut(page);

  // The supervisor sees it in the review queue and approves it.
  await signInAndWaitForMenu(page, 'supervisor@haven.local');
  await openDashboard(page, baseUrl);
  const reviewBefore = await figure(page, 'dash-review-count');
  expect(reviewBefore).toBeGreaterThanOrEqual(1);
  // The menu's Tasks entry counts what waits for the supervisor, the review queue included.
  const badge = page.getByTestId('haven-menu').getByTestId('task-menu-badge');
  await expect
    .poll(async () => Number(await badge.getAttribute('data-count')), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(reviewBefore);
  await page.getByTestId('dash-review-list').getByText(title).waitFor();

  // The figure opens the review queue; the search narrows it to this task.
  await page.getByTestId('dash-review-count').click();
  await page.getByTestId('task-queue-review').waitFor();
  await expect
    .poll(() => page.getByTestId('task-queue-review').getAttribute('aria-selected'))
    .toBe('true');
  await page.goto(listUrl(baseUrl, 'tasks', { queue: 'review', q: aCase.reference }));
  const reviewRow = page.locator('tr', { hasText: title });
  await reviewRow.getByTestId('task-action-approve').click();
  await expect.poll(() => reviewRow.count(), { timeout: 15_000 }).toBe(0);

  await openDashboard(page, baseUrl);
  await expect
    .poll(() => figure(page, 'dash-review-count'), { timeout: 15_000 })
    .toBe(reviewBefore - 1);
  expect(await page.getByTestId('dash-review-list').getByText(title).count()).toBe(0);
  await signOut(page);

  // Back to the caseworker: one more done, none waiting in review.
  await signInAndWaitForMenu(page, 'caseworker@haven.local');
  await openDashboard(page, baseUrl);
  await expect
    .poll(() => figure(page, 'dash-my-tasks-done'), { timeout: 15_000 })
    .toBe(doneBefore + 1);
  expect(await figure(page, 'dash-my-tasks-in_review')).toBe(inReviewBefore);

  expect(errors).toEqual([]);
  expect(failures).toEqual([]);
  await page.close();
});
