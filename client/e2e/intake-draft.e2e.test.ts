import { randomBytes } from 'node:crypto';
import { expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { useBrowser } from './harness';
import { api, apiLogin, createStaff, STAFF_PASSWORD, type ApiSession } from './features';
import { message, openHaven, openMenu, signInAndWaitForMenu, type HavenPage } from './pages';

const baseUrl = inject('havenUrl');
const browser = useBrowser();

/** A family name no other test uses, of letters only (the duplicate check's name key keeps letters). */
const uniqueName = () =>
  `Returnova${[...randomBytes(5)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;

/** A caseworker of the Tbilisi office of this test's own: drafts are per user, and no other test shares it. */
async function freshCaseworker(): Promise<{ email: string; session: ApiSession }> {
  const admin = await apiLogin(baseUrl, 'admin@haven.local');
  const teams = await api<{ data: { id: string; name: string }[] }>(admin, '/teams?perPage=100');
  const tbilisi = teams.data.find((team) => team.name === 'Tbilisi office')!.id;
  const email = `draft.${randomBytes(4).toString('hex')}@haven.local`;
  const session = await createStaff(admin, {
    email,
    fullName: 'Draft Keeper',
    role: 'caseworker',
    teamId: tbilisi,
    locale: 'en',
  });
  return { email, session };
}

const draftStatus = async (session: ApiSession) => {
  const response = await fetch(`${baseUrl}/api/intake/draft`, {
    headers: { Authorization: `Bearer ${session.token}` },
  });
  return response.status;
};

async function openIntake({ page }: HavenPage) {
  await page.goto(`${baseUrl}/#/intake`);
  const wizard = page.getByTestId('intake-wizard');
  await wizard.waitFor();
  return wizard;
}

it('asks consent before the restricted sections, keeps the intake through a reload, and warns before leaving', async () => {
  const { email, session } = await freshCaseworker();
  const havenPage = await openHaven(browser.context, baseUrl);
  const { page, errors } = havenPage;
  await signInAndWaitForMenu(page, email, STAFF_PASSWORD);
  const wizard = await openIntake(havenPage);
  const field = (name: string) => wizard.locator(`[name="${name}"]`);
  const next = wizard.getByRole('button', { name: message(en, 'haven.intake.next') });
  const familyName = uniqueName();

  // Consent is the second step, before the claim and the vulnerabilities (the restricted ones).
  const steps = await wizard
    .locator('[data-testid^="intake-step-"]')
    .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-testid')));
  expect(steps).toEqual([
    'intake-step-person',
    'intake-step-consent',
    'intake-step-safety',
    'intake-step-status',
    'intake-step-claim',
    'intake-step-vulnerabilities',
  ]);

  await field('givenName').fill('Zarina');
  await field('familyName').fill(familyName);
  await field('sex').selectOption('female');
  await field('nationality').selectOption('RU');
  await next.click();
  await wizard.getByTestId('intake-consent').waitFor();
  expect(await wizard.locator('[data-testid^="intake-restricted"]').count()).toBe(0);

  // Without consent to data processing, the intake cannot go on without a legal basis instead.
  await wizard.getByLabel(message(en, 'haven.enums.consentScope.legal_representation')).check();
  await field('consentGivenOn').fill('2026-10-01');
  await field('consentLanguage').selectOption('ru');
  await wizard.getByTestId('intake-no-processing-consent').waitFor();
  await next.click();
  await wizard.getByTestId('intake-error-summary').waitFor();
  expect(await wizard.getByTestId('intake-consent').count()).toBe(1);
  await field('processingBasis').selectOption('legal_claims');
  await next.click();
  await field('phone').waitFor();

  // Saved on the server as the caseworker goes (the step change saves at once).
  await field('phone').click();
  await field('phone').fill('+995 555 98 76 54');
  const status = wizard.getByTestId('intake-draft-status');
  await expect
    .poll(
      async () =>
        `${await status.getAttribute('data-status')} ${await status.getAttribute('data-unsaved')}`,
      { timeout: 15_000 },
    )
    .toBe('saved false');
  expect(await draftStatus(session)).toBe(200);

  // A change not yet saved: leaving the page asks first.
  await field('email').click();
  await field('email').type('z@example.org');
  const dialog = page.waitForEvent('dialog');
  const reloading = page.reload();
  const asked = await dialog;
  expect(asked.type()).toBe('beforeunload');
  await asked.accept();
  await reloading;

  // After the reload: the draft comes back, on the step the caseworker was on.
  const restored = page.getByTestId('intake-wizard');
  await restored.getByTestId('intake-draft-restored').waitFor({ timeout: 15_000 });
  expect(await restored.locator('[name="phone"]').inputValue()).toBe('+995 555 98 76 54');
  await restored.getByTestId('intake-step-person').click();
  expect(await restored.locator('[name="familyName"]').inputValue()).toBe(familyName);
  await restored.getByTestId('intake-step-consent').click();
  expect(await restored.locator('[name="processingBasis"]').inputValue()).toBe('legal_claims');

  // On to the end: the intake is saved and its draft is gone with it.
  const field2 = (name: string) => restored.locator(`[name="${name}"]`);
  const next2 = restored.getByRole('button', { name: message(en, 'haven.intake.next') });
  await next2.click();
  await next2.click();
  await next2.click();
  await field2('caseType').selectOption('asylum');
  await field2('jurisdiction').selectOption('GE');
  await next2.click();
  await restored.getByTestId('intake-restricted-vulnerabilities').waitFor();
  await restored.getByRole('button', { name: message(en, 'haven.intake.submit') }).click();
  await page.waitForURL(/#\/cases\/[0-9a-f-]{36}\/show$/, { timeout: 15_000 });
  expect(await draftStatus(session)).toBe(404);

  // The client page flags the missing consent and the basis used instead.
  await page.getByTestId('case-client').getByText(`Zarina ${familyName}`).click();
  await page.waitForURL(/#\/clients\/[0-9a-f-]{36}\/show$/);
  const flag = page.getByTestId('client-processing-basis');
  await flag.waitFor();
  expect(await flag.getAttribute('data-basis')).toBe('legal_claims');
  expect(await flag.innerText()).toContain(message(en, 'haven.consent.basis.legal_claims'));

  expect(errors).toEqual([]);
  await page.close();
});

it('opens a new case for a returning client, from the match card and from the client page', async () => {
  const { email, session } = await freshCaseworker();
  const familyName = uniqueName();
  const known = await api<{ client: { id: string; reference: string } }>(session, '/intake', {
    method: 'POST',
    body: {
      client: {
        givenName: 'Ruslan',
        familyName,
        dateOfBirth: '1990-03-04',
        sex: 'male',
        nationality: 'RU',
        consent: { scopes: ['data_processing'], givenOn: '2026-10-01', language: 'ru' },
      },
      case: { caseType: 'asylum', jurisdiction: 'GE' },
    },
  });
  const casesOf = async () =>
    (
      await api<{ data: { id: string; clientId: string }[] }>(
        session,
        `/cases?clientId=${known.client.id}&perPage=100`,
      )
    ).data;
  const clientsNamed = async () =>
    (await api<{ data: { id: string }[] }>(session, `/clients?q=${familyName}&perPage=100`)).data;
  expect(await casesOf()).toHaveLength(1);

  const havenPage = await openHaven(browser.context, baseUrl);
  const { page, errors } = havenPage;
  await signInAndWaitForMenu(page, email, STAFF_PASSWORD);

  // 1. The match card: "the same person" continues with the case questions only.
  const wizard = await openIntake(havenPage);
  const field = (name: string) => wizard.locator(`[name="${name}"]`);
  await field('givenName').fill('Ruslan');
  await field('familyName').fill(familyName);
  await field('dateOfBirth').fill('1990-03-04');
  const card = wizard.locator(`[data-testid="duplicate-candidate"][data-id="${known.client.id}"]`);
  await card.waitFor({ timeout: 15_000 });
  await card.getByTestId('duplicate-same-person').click();
  await wizard.getByTestId('intake-returning').waitFor();
  expect(await wizard.locator('[data-testid^="intake-step-"]').count()).toBe(1);
  expect(await field('givenName').count()).toBe(0);
  await field('caseType').selectOption('asylum');
  await field('jurisdiction').selectOption('DE');
  await wizard.getByRole('button', { name: message(en, 'haven.intake.returning.submit') }).click();
  await page.waitForURL(/#\/cases\/[0-9a-f-]{36}\/show$/, { timeout: 15_000 });
  await page.getByTestId('case-client').getByText(`Ruslan ${familyName}`).waitFor();
  expect(await casesOf()).toHaveLength(2);
  expect(await clientsNamed()).toHaveLength(1);
  // The draft of that intake is done with.
  await expect.poll(() => draftStatus(session)).toBe(404);

  // 2. The client page's "New case": the same case-only questions, for that client.
  await page.goto(`${baseUrl}/#/clients/${known.client.id}/show`);
  await page.getByTestId('client-new-case').click();
  const again = page.getByTestId('intake-wizard');
  await again.getByTestId('intake-returning').waitFor();
  expect(await again.getByTestId('intake-returning').innerText()).toContain(known.client.reference);
  await again.locator('[name="caseType"]').selectOption('stay_extension');
  await again.locator('[name="jurisdiction"]').selectOption('GE');
  await again.getByRole('button', { name: message(en, 'haven.intake.returning.submit') }).click();
  await page.waitForURL(/#\/cases\/[0-9a-f-]{36}\/show$/, { timeout: 15_000 });
  expect(await casesOf()).toHaveLength(3);
  expect(await clientsNamed()).toHaveLength(1);
  expect(errors).toEqual([]);
  await page.close();
});

it('warns before an unsaved client edit or note is left behind', async () => {
  const { email, session } = await freshCaseworker();
  const created = await api<{ client: { id: string }; case: { id: string } }>(session, '/intake', {
    method: 'POST',
    body: {
      client: { givenName: 'Zarina', familyName: uniqueName(), sex: 'female', nationality: 'RU' },
      case: { caseType: 'asylum', jurisdiction: 'GE' },
      processingBasis: 'legal_claims',
    },
  });
  const havenPage = await openHaven(browser.context, baseUrl);
  const { page, errors } = havenPage;
  await signInAndWaitForMenu(page, email, STAFF_PASSWORD);

  // The client's edit form asks before its unsaved changes are left behind.
  await page.goto(`${baseUrl}/#/clients/${created.client.id}`);
  const givenName = page.locator('input[name="givenName"]');
  await givenName.waitFor();
  await givenName.fill('Zarina-Edited');
  // A confirm blocks the page until answered: the click finishes once it is.
  const leaving = page.waitForEvent('dialog');
  const clicking = openMenu(page, 'haven.menu.cases');
  const confirm = await leaving;
  expect(confirm.type()).toBe('confirm');
  await confirm.dismiss();
  await clicking;
  expect(page.url()).toMatch(/#\/clients\/[0-9a-f-]{36}$/);
  expect(await givenName.inputValue()).toBe('Zarina-Edited');

  // So does a note being written: cancelling its dialog, and leaving the page.
  const leavingAnyway = page.waitForEvent('dialog');
  const clickingAgain = openMenu(page, 'haven.menu.cases');
  await (await leavingAnyway).accept();
  await clickingAgain;
  await page.waitForURL(/#\/cases(\?.*)?$/);
  await page.goto(`${baseUrl}/#/cases/${created.case.id}/show/grounds`);
  await page.getByTestId('add-note').click({ timeout: 10_000 });
  const title = page.locator('input[name="title"]');
  await title.click();
  await title.fill('Summons served at the old address');
  const closing = page.waitForEvent('dialog');
  const pressing = page.keyboard.press('Escape');
  const closeAsked = await closing;
  expect(closeAsked.type()).toBe('confirm');
  expect(closeAsked.message()).toBe(message(en, 'haven.form.unsaved_leave'));
  await closeAsked.dismiss();
  await pressing;
  expect(await title.inputValue()).toBe('Summons served at the old address');
  const unloading = page.waitForEvent('dialog');
  const reloaded = page.reload();
  const unloadAsked = await unloading;
  expect(unloadAsked.type()).toBe('beforeunload');
  await unloadAsked.accept();
  await reloaded;
  expect(errors).toEqual([]);
  await page.close();
});
