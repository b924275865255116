import { expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { useBrowser } from './harness';
import type { Page } from 'playwright-core';
import {
  api,
  apiLogin,
  anOpenCaseOf,
  openCaseTab,
  watchApiFailures,
  type ApiSession,
} from './features';
import { message, openHaven, signInAndWaitForMenu } from './pages';

/**
 * Written against the integrated case page: `#/cases/<id>/show` with an MUI tab labelled
 * "Grounds of claim" showing CaseNotesTab.
 */
const baseUrl = inject('havenUrl');
const browser = useBrowser();

const grounds = () => message(en, 'haven.cases.tabs.grounds');

/** Saves a new note; a ground its case does not have yet is added when the form asks (#25). */
async function saveNewNote(page: Page, session: ApiSession, caseId: string, ground: string) {
  const theCase = await api<{ grounds: string[] }>(session, `/cases/${caseId}`);
  await page.getByTestId('note-form').getByTestId('note-save').click();
  if (!theCase.grounds.includes(ground))
    await page.getByTestId('note-ground-question').getByTestId('note-ground-add').click();
}

it('a caseworker writes a note with evidence, edits it, and sees the earlier version in its history', async () => {
  const caseworker = await apiLogin(baseUrl, 'caseworker@haven.local');
  const aCase = await anOpenCaseOf(caseworker);
  const title = `Arrest at the anti-mobilisation protest ${Date.now()}`;

  const { page, errors } = await openHaven(browser.context, baseUrl);
  const failures = watchApiFailures(page);
  await signInAndWaitForMenu(page, 'caseworker@haven.local');
  await openCaseTab(page, baseUrl, aCase.id, grounds());
  await page.getByTestId('case-notes').waitFor();

  await page.getByTestId('add-note').click();
  const form = page.getByTestId('note-form');
  await form.locator('#note-ground').selectOption('political_opinion');
  await form.locator('#note-strength').selectOption('moderate');
  await form.locator('#note-title').fill(title);
  await form
    .getByTestId('note-body-input')
    .fill('He was **detained for 10 days** after the protest.\nHis phone was searched.');
  // The preview renders the Markdown as the caseworker types.
  await form
    .getByTestId('note-body-preview')
    .locator('strong', { hasText: 'detained for 10 days' })
    .waitFor();
  await form.getByTestId('add-evidence').click();
  await form.locator('#evidence-0-kind').selectOption('admin_arrest_record');
  await form.locator('#evidence-0-description').fill('Court record of the administrative arrest');
  await form.locator('#evidence-0-reference').fill('Binder 2, p. 14');
  await form.locator('#evidence-0-language').fill('ru');
  await saveNewNote(page, caseworker, aCase.id, 'political_opinion');
  await form.waitFor({ state: 'detached' });

  const section = page.locator('[data-testid="ground-section"][data-ground="political_opinion"]');
  const card = section.getByTestId('note-card').filter({ hasText: title });
  await card.waitFor();
  expect(await card.getByTestId('note-strength').getAttribute('data-strength')).toBe('moderate');
  await card
    .getByTestId('evidence-table')
    .getByText('Court record of the administrative arrest')
    .waitFor();
  await card
    .getByTestId('note-body')
    .locator('strong', { hasText: 'detained for 10 days' })
    .waitFor();

  // Edit: one line changes, one is added.
  await card.getByTestId('note-edit').click();
  const edit = page.getByTestId('note-form');
  await edit
    .getByTestId('note-body-input')
    .fill(
      'He was **detained for 15 days** after the protest.\nHis phone was searched.\nHe was fined.',
    );
  await edit.getByTestId('note-save').click();
  await edit.waitFor({ state: 'detached' });
  await card.getByTestId('note-body').getByText('He was fined.').waitFor();

  // History: version 1, compared side by side with the current text.
  await card.getByTestId('note-history').click();
  const comparison = page.getByTestId('revision-comparison');
  await comparison.waitFor();
  expect(await page.getByTestId('revision-item').count()).toBe(1);
  const diff = comparison.getByTestId('body-diff');
  await diff.locator('[data-diff="removed"]', { hasText: 'detained for 10 days' }).waitFor();
  await diff.locator('[data-diff="added"]', { hasText: 'detained for 15 days' }).waitFor();
  await diff.locator('[data-diff="added"]', { hasText: 'He was fined.' }).waitFor();
  // The changed words themselves are marked.
  expect(await diff.locator('del', { hasText: '10' }).count()).toBeGreaterThan(0);
  expect(await diff.locator('ins', { hasText: '15' }).count()).toBeGreaterThan(0);
  await page.keyboard.press('Escape');

  expect(errors).toEqual([]);
  expect(failures).toEqual([]);
  await page.close();
});

it('shows HTML in a note as text and never runs it', async () => {
  const caseworker = await apiLogin(baseUrl, 'caseworker@haven.local');
  const aCase = await anOpenCaseOf(caseworker);
  const title = `Markup probe ${Date.now()}`;
  const script = '<script>window.__xss=1</script>';
  const image = '<img src=x onerror="window.__xss=1">';

  const { page, errors } = await openHaven(browser.context, baseUrl);
  const failures = watchApiFailures(page);
  await signInAndWaitForMenu(page, 'caseworker@haven.local');
  await openCaseTab(page, baseUrl, aCase.id, grounds());
  await page.getByTestId('add-note').click();
  const form = page.getByTestId('note-form');
  await form.locator('#note-ground').selectOption('other');
  await form.locator('#note-title').fill(title);
  await form
    .getByTestId('note-body-input')
    .fill(`${script}\n\n${image}\n\n[link](javascript:window.__xss=1)`);
  const preview = form.getByTestId('note-body-preview');
  await preview.getByText(script).waitFor();
  expect(await preview.locator('img, script').count()).toBe(0);
  await saveNewNote(page, caseworker, aCase.id, 'other');
  await form.waitFor({ state: 'detached' });

  const card = page.getByTestId('note-card').filter({ hasText: title });
  const body = card.getByTestId('note-body');
  await body.getByText(script).waitFor();
  await body.getByText(image).waitFor();
  expect(await body.locator('img, script').count()).toBe(0);
  expect(await body.locator('a[href]').count()).toBe(0);
  expect(
    await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
  ).toBeUndefined();

  expect(errors).toEqual([]);
  expect(failures).toEqual([]);
  await page.close();
});
