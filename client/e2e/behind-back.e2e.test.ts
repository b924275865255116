import { randomBytes } from 'node:crypto';
import { addCalendarDays, type CaseloadListItem } from '@haven/shared';
import type { Page } from 'playwright-core';
import { beforeAll, expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { ru } from '../src/i18n/ru';
import { useBrowser } from './harness';
import {
  api,
  apiLogin,
  createStaff,
  STAFF_PASSWORD,
  watchApiFailures,
  type ApiSession,
} from './features';
import { message, openHaven, signInAndWaitForMenu } from './pages';

/**
 * Nothing changed behind the caseworker's back (#25): a note asks before adding a ground to its
 * case; "Add from a rule" fills the trigger date from the case, warns on a different one and does
 * not offer a rule twice; a jurisdiction without procedural rules says so; the single-case
 * reassign dialog shows each colleague's load.
 */
const baseUrl = inject('havenUrl');
const browser = useBrowser();

/** A message with its %{params} filled in, as the client's translate() does. */
const text = (tree: object, key: string, params: Record<string, string | number> = {}) =>
  message(tree, key).replace(/%\{(\w+)\}/g, (_, name: string) => String(params[name]));

const suffix = randomBytes(3).toString('hex');
let admin: ApiSession;
let berlin: string;
let worker: ApiSession;
let workerRu: ApiSession;

beforeAll(async () => {
  admin = await apiLogin(baseUrl, 'admin@haven.local');
  const teams = await api<{ data: { id: string; country: string }[] }>(admin, '/teams?perPage=100');
  const team = teams.data.find((item) => item.country === 'DE');
  expect(team, 'a team working with German procedures').toBeDefined();
  berlin = team!.id;
  worker = await createStaff(admin, {
    email: `behind.en.${suffix}@haven.local`,
    fullName: `Careful Worker ${suffix}`,
    role: 'caseworker',
    teamId: berlin,
  });
  workerRu = await createStaff(admin, {
    email: `behind.ru.${suffix}@haven.local`,
    fullName: `Внимательный Специалист ${suffix}`,
    role: 'caseworker',
    teamId: berlin,
    locale: 'ru',
  });
});

/** A case of the session's own (its intake), with the given case fields. */
async function newCase(
  session: ApiSession,
  fields: Record<string, unknown>,
): Promise<{ id: string; version: number }> {
  const created = await api<{ case: { id: string; version: number } }>(session, '/intake', {
    method: 'POST',
    body: {
      client: {
        givenName: 'Behind',
        familyName: `Back${randomBytes(3).toString('hex')}`,
        sex: 'male',
        nationality: 'RU',
        languages: ['ru'],
        currentCountry: 'DE',
        consent: {
          scopes: ['data_processing', 'legal_representation'],
          givenOn: new Date().toISOString().slice(0, 10),
          language: 'ru',
        },
      },
      case: { caseType: 'asylum', jurisdiction: 'DE', ...fields },
    },
  });
  return created.case;
}

const groundsOf = async (session: ApiSession, caseId: string) =>
  (await api<{ grounds: string[] }>(session, `/cases/${caseId}`)).grounds;

async function signInAs(email: string) {
  const { page, errors } = await openHaven(browser.context, baseUrl);
  const failures = watchApiFailures(page);
  await signInAndWaitForMenu(page, email, STAFF_PASSWORD);
  return { page, errors, failures };
}

/** A tab of the case page, by its address (as a link to it opens it). */
async function openCaseTab(page: Page, caseId: string, path: 'grounds' | 'deadlines') {
  await page.goto(`${baseUrl}/#/cases/${caseId}/show/${path}`);
  await page.getByTestId('case-reference').waitFor();
}

/** Writes a note on `ground` in the open note form, as far as pressing Save. */
async function writeNote(page: Page, ground: string, title: string) {
  await page.getByTestId('add-note').click();
  const form = page.getByTestId('note-form');
  await form.locator('#note-ground').selectOption(ground);
  await form.locator('#note-title').fill(title);
  await form.getByTestId('note-body-input').fill('He was questioned about his faith.');
  await form.getByTestId('note-save').click();
  return form;
}

for (const [language, tree] of [
  ['English', en],
  ['Russian', ru],
] as const) {
  it(`a note on a ground the case lacks asks first, and only a yes adds it (${language})`, async () => {
    const session = tree === en ? worker : workerRu;
    const email =
      tree === en ? `behind.en.${suffix}@haven.local` : `behind.ru.${suffix}@haven.local`;
    const aCase = await newCase(session, { grounds: ['political_opinion'] });
    const { page, errors, failures } = await signInAs(email);
    await openCaseTab(page, aCase.id, 'grounds');
    await page.getByTestId('case-notes').waitFor();

    await page.getByTestId('add-note').click();
    const form = page.getByTestId('note-form');
    // The case's grounds come first, under their own heading.
    const ownGroup = form.locator(
      `#note-ground optgroup[label="${message(tree, 'haven.notes.ground_question.case_grounds')}"] option`,
    );
    await ownGroup.first().waitFor({ state: 'attached' });
    expect(await ownGroup.allTextContents()).toEqual([
      message(tree, 'haven.enums.ground.political_opinion'),
    ]);
    const others = form.locator(
      `#note-ground optgroup[label="${message(tree, 'haven.notes.ground_question.other_grounds')}"] option`,
    );
    expect(await others.allTextContents()).toContain(message(tree, 'haven.enums.ground.religion'));
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });

    // A ground the case has: saved without a question.
    const plain = await writeNote(page, 'political_opinion', `Pickets ${suffix}`);
    await plain.waitFor({ state: 'detached' });
    expect(await groundsOf(session, aCase.id)).toEqual(['political_opinion']);

    // One it lacks: the question, named in the reader's language.
    const asked = await writeNote(page, 'religion', `Baptist congregation ${suffix}`);
    const question = page.getByTestId('note-ground-question');
    const religion = message(tree, 'haven.enums.ground.religion');
    await question
      .getByText(text(tree, 'haven.notes.ground_question.title', { ground: religion }))
      .waitFor();
    // "Go back": nothing saved, the form still open, the case unchanged.
    await question.getByTestId('note-ground-back').click();
    await question.waitFor({ state: 'detached' });
    await asked.waitFor();
    expect(await groundsOf(session, aCase.id)).toEqual(['political_opinion']);
    // Asked again, and this time yes.
    await asked.getByTestId('note-save').click();
    await question.getByTestId('note-ground-add').click();
    await asked.waitFor({ state: 'detached' });
    expect((await groundsOf(session, aCase.id)).sort()).toEqual(['political_opinion', 'religion']);
    await page
      .locator('[data-testid="ground-section"][data-ground="religion"]')
      .getByText(`Baptist congregation ${suffix}`)
      .waitFor();

    expect(errors).toEqual([]);
    expect(failures).toEqual([]);
    await page.close();
  });
}

it('“Add from a rule” fills the trigger from the case, warns on another date, and does not offer the rule twice', async () => {
  const served = addCalendarDays(new Date().toISOString().slice(0, 10), -5);
  const created = await newCase(worker, {});
  await api(worker, `/cases/${created.id}`, {
    method: 'PATCH',
    body: { version: created.version, decisionServedOn: served },
  });
  const { page, errors, failures } = await signInAs(`behind.en.${suffix}@haven.local`);
  await openCaseTab(page, created.id, 'deadlines');

  await page.getByTestId('add-from-rule').click();
  const dialog = page.getByRole('dialog');
  const ruleSelect = dialog.locator('#rule-id');
  await ruleSelect.locator('option[value="DE.appeal"]').waitFor({ state: 'attached' });
  // Rules read by name, never by id.
  for (const label of await ruleSelect.locator('option').allTextContents())
    expect(label).not.toMatch(/\b[A-Z]{2}\.[a-z_]+/);
  // The trigger date comes from the case, and the preview is computed from it.
  const computed = page.waitForRequest((request) =>
    request.url().includes(`/api/deadline-rules/DE.appeal/compute?triggerDate=${served}`),
  );
  await ruleSelect.selectOption('DE.appeal');
  await computed;
  const source = dialog.getByTestId('rule-trigger-source');
  await source
    .getByText(message(en, 'haven.deadlines.from_rule.prefilled.decisionServedOn'))
    .waitFor();
  await dialog.getByTestId('rule-preview-date').waitFor();

  // Another date: a warning naming the recorded one, and a way back to it.
  const trigger = dialog.locator('#rule-trigger-date');
  const other = addCalendarDays(served, -2);
  const recomputed = page.waitForRequest((request) =>
    request.url().includes(`/compute?triggerDate=${other}`),
  );
  await trigger.fill(other);
  await recomputed;
  const warning = dialog.getByTestId('rule-trigger-mismatch');
  const [before, after] = message(en, 'haven.deadlines.from_rule.mismatch')
    .replace('%{field}', message(en, 'haven.deadlines.from_rule.recorded.decisionServedOn'))
    .split('%{date}');
  await warning.getByText(before, { exact: false }).waitFor();
  const said = (await warning.textContent()) ?? '';
  expect(said).toContain(after);
  // The recorded day, in words, whatever the English region.
  expect(said).toContain(served.slice(0, 4));
  expect(said).toMatch(new RegExp(`\\b${Number(served.slice(8))}\\b`));
  await source.waitFor({ state: 'detached' });
  await warning.getByRole('button').click();
  await warning.waitFor({ state: 'detached' });
  await source.waitFor();
  await dialog.getByTestId('rule-preview-date').waitFor();
  await dialog.getByRole('button', { name: message(en, 'haven.deadlines.save') }).click();
  await dialog.waitFor({ state: 'detached' });

  // The rule is on the case now: shown, but not offered again.
  await page.getByTestId('add-from-rule').click();
  const again = page.getByRole('dialog').locator('#rule-id option[value="DE.appeal"]');
  await again.waitFor({ state: 'attached' });
  await expect.poll(() => again.isDisabled()).toBe(true);
  expect(await again.textContent()).toContain(
    message(en, 'haven.deadlines.from_rule.already_open'),
  );
  await page.keyboard.press('Escape');

  expect(errors).toEqual([]);
  expect(failures).toEqual([]);
  await page.close();
});

it('says plainly when the case’s jurisdiction has no procedural rules', async () => {
  const created = await newCase(worker, { jurisdiction: 'UZ' });
  const { page, errors, failures } = await signInAs(`behind.en.${suffix}@haven.local`);
  await openCaseTab(page, created.id, 'deadlines');
  await page.getByTestId('add-from-rule').click();
  await page
    .getByTestId('rule-no-procedural')
    .getByText(
      text(en, 'haven.deadlines.from_rule.no_procedural_rules', { country: 'Uzbekistan' }),
      { exact: false },
    )
    .waitFor();
  await page.keyboard.press('Escape');
  expect(errors).toEqual([]);
  expect(failures).toEqual([]);
  await page.close();
});

it('the single-case reassign dialog shows each colleague’s load', async () => {
  const supervisorEmail = `behind.sup.${suffix}@haven.local`;
  const supervisor = await createStaff(admin, {
    email: supervisorEmail,
    fullName: `Steady Supervisor ${suffix}`,
    role: 'supervisor',
    teamId: berlin,
  });
  const created = await newCase(worker, {});
  const { data: load } = await api<{ data: CaseloadListItem[] }>(
    supervisor,
    `/caseload?teamId=${berlin}&perPage=100`,
  );
  const mine = load.find((row) => row.userId === worker.user.id);
  expect(mine, 'the new caseworker is in the team’s caseload').toBeDefined();

  const { page, errors, failures } = await signInAs(supervisorEmail);
  await page.goto(`${baseUrl}/#/cases/${created.id}/show`);
  await page.getByTestId('case-reference').waitFor();
  await page.getByTestId('case-reassign').click();
  const table = page.getByTestId('reassign-load');
  await table.waitFor();
  const row = table.locator(`[data-testid="reassign-load-row"][data-user="${worker.user.id}"]`);
  expect(await row.getByTestId('reassign-load-cases').textContent()).toBe(String(mine!.openCases));
  expect(await row.getByTestId('reassign-load-tasks').textContent()).toBe(String(mine!.openTasks));
  expect(await row.getByTestId('reassign-load-overdue').textContent()).toBe(
    String(mine!.overdueDeadlines + (mine!.overdueTasks ?? 0)),
  );
  // The picker says it too, and a row picks the colleague.
  const option = page.locator(`#reassign-assignee option[value="${workerRu.user.id}"]`);
  expect(await option.textContent()).toMatch(/cases: \d+, tasks: \d+, overdue: \d+/);
  await table.locator(`[data-testid="reassign-load-row"][data-user="${workerRu.user.id}"]`).click();
  expect(await page.locator('#reassign-assignee').inputValue()).toBe(workerRu.user.id);
  await page.keyboard.press('Escape');

  expect(errors).toEqual([]);
  expect(failures).toEqual([]);
  await page.close();
});
