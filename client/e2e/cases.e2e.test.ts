import type { CaseResponse } from '@haven/shared';
import { expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { useBrowser } from './harness';
import {
  apiGet,
  fullNameOf,
  message,
  openHaven,
  openMenu,
  pageToken,
  signInAndWaitForMenu,
} from './pages';

const baseUrl = inject('havenUrl');
const browser = useBrowser();

it('the supervisor reassigns a case from its page, then two cases at once from the list', async () => {
  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, 'supervisor@haven.local');
  const from = await fullNameOf(page, 'caseworker@haven.local');
  const to = await fullNameOf(page, 'caseworker2@haven.local');
  const rows = page.locator('table tbody tr');
  const reassign = message(en, 'haven.cases.reassign');

  // One case, from its page: a demo case of caseworker@haven.local.
  await openMenu(page, 'haven.menu.cases');
  await rows.filter({ hasText: from }).first().waitFor({ timeout: 15_000 });
  await rows.filter({ hasText: from }).first().locator('td.column-reference').click();
  await page.waitForURL(/#\/cases\/[0-9a-f-]{36}\/show$/);
  const caseId = /cases\/([0-9a-f-]{36})\/show/.exec(page.url())![1];
  // Work of the current caseworker on the case, which the reassignment takes along by default.
  const current = (await apiGet<CaseResponse>(page, `/cases/${caseId}`)).assignedToId!;
  const token = await pageToken(page);
  const taskId = await page.evaluate(
    async ([bearer, body]) => {
      const response = await fetch('/api/tasks', {
        method: 'POST',
        headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return ((await response.json()) as { id: string }).id;
    },
    [token, { caseId, title: 'Call the client back', assigneeId: current }] as const,
  );
  const openTasks = (
    await apiGet<{ total: number }>(
      page,
      `/tasks?caseId=${caseId}&assigneeId=${current}&status=open&status=in_progress&perPage=1`,
    )
  ).total;
  await page.getByTestId('case-reassign').click();
  const dialog = page.getByRole('dialog');
  // Each colleague is offered with their load ("Name — 3 open cases, …"): picked by name.
  const option = dialog.locator('#reassign-assignee option', { hasText: to });
  await dialog.locator('#reassign-assignee').selectOption(await option.getAttribute('value'));
  const moveTasks = dialog.getByTestId('reassign-move-tasks');
  await expect.poll(() => moveTasks.isChecked(), { timeout: 15_000 }).toBe(true);
  await dialog
    .getByText(message(en, 'haven.cases.move_tasks').replace('%{count}', String(openTasks)))
    .waitFor();
  await dialog.getByRole('button', { name: reassign }).click();
  await expect
    .poll(() => page.getByTestId('case-assignee').innerText(), { timeout: 15_000 })
    .toBe(to);
  const caseworker2 = (await apiGet<CaseResponse>(page, `/cases/${caseId}`)).assignedToId;
  expect((await apiGet<{ assigneeId: string }>(page, `/tasks/${taskId}`)).assigneeId).toBe(
    caseworker2,
  );

  // Two cases at once, from the list (POST /api/cases/reassign, all or nothing).
  await openMenu(page, 'haven.menu.cases');
  const theirs = rows.filter({ hasText: from });
  await theirs.nth(1).waitFor({ timeout: 15_000 });
  const picked = [
    await theirs.nth(0).locator('td.column-reference').innerText(),
    await theirs.nth(1).locator('td.column-reference').innerText(),
  ];
  for (const reference of picked) {
    await rows.filter({ hasText: reference }).locator('input[type="checkbox"]').check();
  }
  await page.getByRole('button', { name: reassign }).click();
  await dialog.locator('#reassign-assignee').selectOption(await option.getAttribute('value'));
  await dialog.getByRole('button', { name: reassign }).click();
  await page.getByText('2 cases reassigned').waitFor();
  for (const reference of picked) {
    await expect
      .poll(
        () => rows.filter({ hasText: reference }).locator('td.column-assignedToId').innerText(),
        {
          timeout: 15_000,
        },
      )
      .toBe(to);
  }

  // The server agrees.
  const { data } = await apiGet<{ data: CaseResponse[] }>(
    page,
    `/cases?perPage=100&assignedToId=${caseworker2}`,
  );
  const now = data.map((record) => record.reference);
  expect(now).toEqual(expect.arrayContaining(picked));
  expect(data.map((record) => record.id)).toContain(caseId);
  expect(errors).toEqual([]);
  await page.close();
});
