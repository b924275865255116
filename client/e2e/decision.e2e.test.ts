import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  addCalendarDays,
  addPeriod,
  deemedService,
  findRule,
  formatLegalDay,
  renderExplanation,
  ruleDescription,
  weekday,
  type DeadlineResponse,
} from '@haven/shared';
import { expect, inject, it } from 'vitest';
import { ru } from '../src/i18n/ru';
import { formatDay } from '../src/common/dates';
import { SCREENSHOT_DIR, useBrowser } from './harness';
import { api, apiLogin, createStaff, STAFF_PASSWORD } from './features';
import { message, openHaven, signInAndWaitForMenu } from './pages';

const baseUrl = inject('havenUrl');
const browser = useBrowser();

/** A message of the Russian tree with its %{params} filled in, as the client's translate() does. */
const russian = (key: string, params: Record<string, string | number>) =>
  message(ru, key).replace(/%\{(\w+)\}/g, (_, name: string) => String(params[name]));

const todayUtc = () => new Date().toISOString().slice(0, 10);

/**
 * A Monday at least two weeks back whose one- and two-week appeal periods (from the Thursday three
 * days later) end on no German public holiday, so each due date is the plain period end: Thursdays
 * that can be holidays are 1 January, 1 May, 3 October, 25/26 December and Ascension (30 April –
 * 3 June).
 */
function handOverMonday(): string {
  const today = todayUtc();
  const holiday = (day: string) =>
    ['01-01', '05-01', '10-03', '12-25', '12-26'].includes(day.slice(5)) ||
    (day.slice(5) >= '04-30' && day.slice(5) <= '06-03');
  let monday = addCalendarDays(today, -((weekday(today) + 6) % 7) - 14);
  while (holiday(addCalendarDays(monday, 3 + 7)) || holiday(addCalendarDays(monday, 3 + 14)))
    monday = addCalendarDays(monday, -7);
  return monday;
}

it('a caseworker in Russian records a decision handed to a German reception centre and adds the one accelerated appeal deadline it starts', async () => {
  const admin = await apiLogin(baseUrl, 'admin@haven.local');
  const teams = await api<{ data: { id: string; name: string; country: string }[] }>(
    admin,
    '/teams?perPage=100',
  );
  const berlin = teams.data.find((team) => team.country === 'DE');
  expect(berlin, 'a team working with German procedures').toBeDefined();
  const email = `decision.ru.${randomBytes(4).toString('hex')}@haven.local`;
  const worker = await createStaff(admin, {
    email,
    fullName: 'Decision Recorder',
    role: 'caseworker',
    teamId: berlin!.id,
    locale: 'ru',
  });
  const intake = await api<{ case: { id: string } }>(worker, '/intake', {
    method: 'POST',
    body: {
      client: {
        givenName: 'Decision',
        familyName: `Served${randomBytes(3).toString('hex')}`,
        sex: 'female',
        nationality: 'SY',
        languages: ['ru'],
        currentCountry: 'DE',
      },
      case: { caseType: 'asylum', jurisdiction: 'DE' },
    },
  });
  const caseId = intake.case.id;

  // What the law gives, computed here with the shared rules: § 10(4) AsylG deems a decision handed
  // to the reception centre served three days later; the accelerated appeal runs one week from then.
  const handOver = handOverMonday();
  const service = deemedService('DE', 'reception_centre', handOver);
  expect(service.servedOn).toBe(addCalendarDays(handOver, 3));
  const appeal = findRule('DE.appeal.accelerated')!;
  const due = addPeriod(service.servedOn, appeal.duration);
  const appealText = renderExplanation(
    {
      code: 'deadline.period',
      params: {
        ruleId: appeal.id,
        version: appeal.version,
        duration: appeal.duration,
        working: false,
        triggerEvent: 'decision_served',
        triggerDate: service.servedOn,
        periodEnd: due,
        dueOn: due,
        moved: null,
        suspended: null,
        legalBasis: appeal.legalBasis,
      },
    },
    'ru',
  );
  const serviceText = renderExplanation(service.explanation, 'ru');
  // Russian text, with the days written in Russian.
  expect(serviceText).toContain(message(ru, 'haven.decision.received_on.handed_to_centre'));
  expect(serviceText).toContain(formatLegalDay(service.servedOn, 'ru', true));
  expect(appealText).toContain(formatLegalDay(due, 'ru', true));

  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, email, STAFF_PASSWORD);
  await page.goto(`${baseUrl}/#/cases/${caseId}/show`);
  await page.getByTestId('case-reference').waitFor();

  const record = page.getByTestId('case-record-decision');
  expect((await record.innerText()).trim().toLowerCase()).toBe(
    message(ru, 'haven.decision.record').toLowerCase(),
  );
  await record.click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('#decision-outcome').selectOption('rejected_manifestly_unfounded');
  // The outcome names its procedure.
  expect(await dialog.locator('#decision-track').inputValue()).toBe('manifestly_unfounded');
  const receivedLabel = dialog.locator('label[for="decision-received-on"]');
  expect(await receivedLabel.innerText()).toContain(
    message(ru, 'haven.decision.received_on.received'),
  );
  await dialog.locator('#decision-method').selectOption('reception_centre');
  // For a reception centre the date asked for is the hand-over to the centre.
  await expect
    .poll(() => receivedLabel.innerText())
    .toContain(message(ru, 'haven.decision.received_on.handed_to_centre'));
  await dialog.locator('#decision-received-on').fill(handOver);

  const served = dialog.getByTestId('decision-served-on');
  await expect.poll(() => served.getAttribute('data-day')).toBe(service.servedOn);
  expect(await served.innerText()).toBe(
    formatDay(service.servedOn, 'ru', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    }),
  );
  expect(await dialog.getByTestId('decision-service-explanation').innerText()).toBe(serviceText);
  expect(await dialog.innerText()).toContain(
    russian('haven.decision.stage_note', { stage: message(ru, 'haven.enums.stage.decision') }),
  );

  await page.screenshot({ path: join(SCREENSHOT_DIR, 'decision-dialog-ru.png') });

  const saved = page.waitForResponse(
    (response) =>
      response.url().endsWith(`/api/cases/${caseId}`) && response.request().method() === 'PATCH',
  );
  await dialog.getByTestId('decision-save').click();
  const patch = await saved;
  expect(patch.status()).toBe(200);
  // The server derives the service date itself: the dialog does not send it.
  expect(patch.request().postDataJSON()).toMatchObject({
    outcome: 'rejected_manifestly_unfounded',
    procedureTrack: 'manifestly_unfounded',
    serviceMethod: 'reception_centre',
    decisionReceivedOn: handOver,
    stage: 'decision',
  });
  expect(patch.request().postDataJSON()).not.toHaveProperty('decisionServedOn');
  await dialog.waitFor({ state: 'detached' });

  // The overview shows the service date the server derived and how, in Russian.
  const servedFact = page.getByTestId('case-decision-served');
  await expect.poll(() => servedFact.getAttribute('data-day')).toBe(service.servedOn);
  expect(await page.getByTestId('case-decision-service').innerText()).toBe(serviceText);
  expect(await page.getByTestId('case-procedure-track').getAttribute('data-track')).toBe(
    'manifestly_unfounded',
  );
  expect(await page.getByTestId('case-stage').innerText()).toBe(
    message(ru, 'haven.enums.stage.decision'),
  );

  // Exactly one appeal is suggested: the accelerated week, not the regular two weeks.
  const panel = page.getByTestId('suggested-deadlines');
  await panel.waitFor({ timeout: 15_000 });
  const appeals = panel.locator('[data-testid="suggested-deadline"][data-kind="appeal"]');
  await expect.poll(() => appeals.count(), { timeout: 15_000 }).toBe(1);
  expect(await appeals.first().getAttribute('data-rule')).toBe('DE.appeal.accelerated');
  expect(await appeals.first().getAttribute('data-due')).toBe(due);
  expect(await panel.locator('[data-rule="DE.appeal"]').count()).toBe(0);
  expect(await appeals.first().innerText()).toContain(ruleDescription(appeal, 'ru'));
  expect(await appeals.first().innerText()).toContain(formatDay(due, 'ru'));
  expect(await appeals.first().getByTestId('suggested-explanation').innerText()).toBe(appealText);
  expect(await panel.getByTestId('suggested-track').innerText()).toBe(
    russian('haven.deadlines.one_appeal_for_track', {
      track: message(ru, 'haven.enums.procedureTrack.manifestly_unfounded'),
    }),
  );
  expect(await panel.getByTestId('track-question').count()).toBe(0);

  await page.screenshot({ path: join(SCREENSHOT_DIR, 'decision-overview-ru.png'), fullPage: true });

  // A double click creates them once.
  await panel.getByTestId('create-suggested').dblclick();
  await panel.waitFor({ state: 'detached', timeout: 15_000 });

  await page.getByRole('tab', { name: message(ru, 'haven.cases.tabs.deadlines') }).click();
  const rows = page
    .getByTestId('case-deadlines')
    .locator('tbody tr')
    .filter({ hasText: ruleDescription(appeal, 'ru') });
  await rows.first().waitFor({ timeout: 15_000 });
  expect(await rows.count()).toBe(1);
  expect(await rows.first().getByTestId('deadline-explanation').innerText()).toBe(appealText);
  expect(await rows.first().innerText()).toContain(formatDay(due, 'ru'));
  await page.screenshot({
    path: join(SCREENSHOT_DIR, 'decision-deadlines-ru.png'),
    fullPage: true,
  });
  // Everything suggested was created: nothing is left to suggest on the deadlines tab either.
  expect(await page.getByTestId('suggested-deadlines').count()).toBe(0);

  const { data: created } = await api<{ data: DeadlineResponse[] }>(
    worker,
    `/deadlines?caseId=${caseId}&perPage=100`,
  );
  const byRule = (id: string) => created.filter((deadline) => deadline.ruleId === id);
  expect(byRule('DE.appeal.accelerated')).toHaveLength(1);
  expect(byRule('DE.appeal.accelerated')[0].dueOn).toBe(due);
  expect(byRule('DE.appeal')).toHaveLength(0);
  expect(errors).toEqual([]);
  await page.close();
});

it('asks which procedure a decision was taken in when the appeal period depends on it, and suggests the one appeal once answered', async () => {
  const admin = await apiLogin(baseUrl, 'admin@haven.local');
  const teams = await api<{ data: { id: string; country: string }[] }>(admin, '/teams?perPage=100');
  const email = `decision.track.${randomBytes(4).toString('hex')}@haven.local`;
  const worker = await createStaff(admin, {
    email,
    fullName: 'Track Answerer',
    role: 'caseworker',
    teamId: teams.data.find((team) => team.country === 'DE')!.id,
    locale: 'ru',
  });
  const intake = await api<{ case: { id: string; version: number } }>(worker, '/intake', {
    method: 'POST',
    body: {
      client: {
        givenName: 'Track',
        familyName: `Unknown${randomBytes(3).toString('hex')}`,
        sex: 'male',
        nationality: 'AF',
        languages: ['ru'],
        currentCountry: 'DE',
      },
      case: { caseType: 'asylum', jurisdiction: 'DE' },
    },
  });
  const caseId = intake.case.id;
  // A plain rejection, served by post on a known day: the track is not known yet.
  const servedOn = addCalendarDays(handOverMonday(), 3);
  const current = await api<{ version: number }>(worker, `/cases/${caseId}`);
  await api(worker, `/cases/${caseId}`, {
    method: 'PATCH',
    body: {
      version: current.version,
      outcome: 'rejected',
      serviceMethod: 'post',
      decisionReceivedOn: servedOn,
    },
  });

  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, email, STAFF_PASSWORD);
  await page.goto(`${baseUrl}/#/cases/${caseId}/show`);
  const panel = page.getByTestId('suggested-deadlines');
  const question = panel.getByTestId('track-question');
  await question.waitFor({ timeout: 15_000 });
  expect(await question.innerText()).toContain(message(ru, 'haven.deadlines.track_question'));
  // No appeal is suggested while the procedure is unknown.
  expect(
    await panel.locator('[data-testid="suggested-deadline"][data-kind="appeal"]').count(),
  ).toBe(0);

  const regular = question.getByTestId('track-option-regular');
  expect(await regular.textContent()).toBe(message(ru, 'haven.enums.procedureTrack.regular'));
  await regular.click();
  await question.waitFor({ state: 'detached', timeout: 15_000 });
  const appeals = panel.locator('[data-testid="suggested-deadline"][data-kind="appeal"]');
  await expect.poll(() => appeals.count(), { timeout: 15_000 }).toBe(1);
  expect(await appeals.first().getAttribute('data-rule')).toBe('DE.appeal');
  const rule = findRule('DE.appeal')!;
  const periodEnd = addPeriod(servedOn, rule.duration);
  expect(await appeals.first().getAttribute('data-due')).toBe(periodEnd);
  expect((await api<{ procedureTrack: string }>(worker, `/cases/${caseId}`)).procedureTrack).toBe(
    'regular',
  );
  expect(errors).toEqual([]);
  await page.close();
});
