import { randomBytes } from 'node:crypto';
import { expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { ru } from '../src/i18n/ru';
import { useBrowser } from './harness';
import { api, apiLogin, createStaff, STAFF_PASSWORD, type ApiSession } from './features';
import { message, openHaven, signInAndWaitForMenu } from './pages';

const baseUrl = inject('havenUrl');
const browser = useBrowser();

/** A family name no other test uses, of letters only (the name key drops everything else). */
const uniqueName = () =>
  `Duplicat${[...randomBytes(5)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;

const intake = (session: ApiSession, client: Record<string, unknown>) =>
  api<{ client: { id: string }; case: { id: string } }>(session, '/intake', {
    method: 'POST',
    body: {
      client: {
        sex: 'male',
        nationality: 'RU',
        languages: ['ru'],
        currentCountry: 'GE',
        arrivalDate: '2024-01-10',
        ...client,
      },
      case: {
        caseType: 'asylum',
        jurisdiction: 'GE',
        grounds: ['conscientious_objection'],
        militaryStatus: 'draft_evader_post_summons',
        claimSummary: 'Browser test.',
      },
    },
  });

it('shows a caseworker another team’s match in the intake as one line, with no score, in English and Russian', async () => {
  const familyName = uniqueName();
  await intake(await apiLogin(baseUrl, 'caseworker.almaty@haven.local'), {
    givenName: 'Timur',
    familyName,
    dateOfBirth: '1989-04-12',
  });
  // Two caseworkers of the Tbilisi office of this test's own, one reading English, one Russian.
  const admin = await apiLogin(baseUrl, 'admin@haven.local');
  const teams = await api<{ data: { id: string; name: string }[] }>(admin, '/teams?perPage=100');
  const tbilisi = teams.data.find((team) => team.name === 'Tbilisi office')!.id;

  for (const [locale, messages] of [
    ['en', en],
    ['ru', ru],
  ] as const) {
    const email = `dupcheck.${locale}.${randomBytes(4).toString('hex')}@haven.local`;
    await createStaff(admin, {
      email,
      fullName: 'Intake Worker',
      role: 'caseworker',
      teamId: tbilisi,
      locale,
    });
    const { page, errors } = await openHaven(browser.context, baseUrl);
    await signInAndWaitForMenu(page, email, STAFF_PASSWORD);
    await page.goto(`${baseUrl}/#/intake`);
    const wizard = page.getByTestId('intake-wizard');
    await wizard.waitFor();
    await wizard.locator('[name="givenName"]').fill('Timur');
    await wizard.locator('[name="familyName"]').fill(familyName);
    await wizard.locator('[name="dateOfBirth"]').fill('1989-04-12');
    const panel = page.getByTestId('possible-duplicates');
    const restricted = panel.getByTestId('duplicate-restricted');
    await restricted.waitFor({ timeout: 15_000 });
    expect(await restricted.innerText()).toBe(message(messages, 'haven.duplicates.restricted'));
    expect(await panel.getByTestId('duplicate-score').count()).toBe(0);
    expect(await panel.getByTestId('duplicate-candidate').count()).toBe(0);
    expect(await panel.innerText()).not.toContain(familyName);

    // Another birth date: not a strong match, so nothing at all.
    await wizard.locator('[name="dateOfBirth"]').fill('1989-04-13');
    await panel.getByTestId('duplicates-none').waitFor({ timeout: 15_000 });
    expect(await panel.getByTestId('duplicate-restricted').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }
});

it('tells a supervisor in the merge dialog that a merge reaching another team is an administrator’s, changing nothing', async () => {
  const familyName = uniqueName();
  const caseworker = await apiLogin(baseUrl, 'caseworker@haven.local');
  const kept = await intake(caseworker, {
    givenName: 'Ruslan',
    familyName,
    dateOfBirth: '1992-07-01',
  });
  const duplicate = await intake(caseworker, {
    givenName: 'Ruslan',
    familyName,
    dateOfBirth: '1992-07-01',
  });
  // The duplicate also has a case with the Almaty office.
  const admin = await apiLogin(baseUrl, 'admin@haven.local');
  const teams = await api<{ data: { id: string; name: string }[] }>(admin, '/teams?perPage=100');
  const almaty = teams.data.find((team) => team.name === 'Almaty office')!.id;
  await api(admin, '/cases', {
    method: 'POST',
    body: {
      clientId: duplicate.client.id,
      teamId: almaty,
      caseType: 'asylum',
      jurisdiction: 'KZ',
      grounds: ['political_opinion'],
      militaryStatus: 'none',
    },
  });

  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, 'supervisor@haven.local');
  await page.goto(`${baseUrl}/#/clients/${kept.client.id}/show`);
  const candidate = page.locator(
    `[data-testid="duplicate-candidate"][data-id="${duplicate.client.id}"]`,
  );
  await candidate.waitFor({ timeout: 15_000 });
  await candidate.getByTestId('merge-client').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: message(en, 'haven.duplicates.merge') }).click();
  const refused = dialog.getByTestId('merge-refused');
  await refused.waitFor({ timeout: 15_000 });
  expect(await refused.innerText()).toBe(message(en, 'haven.duplicates.merge_refused'));
  const merges = await api<{ data: unknown[] }>(admin, `/clients/${kept.client.id}/merges`);
  expect(merges.data).toEqual([]);
  expect(errors).toEqual([]);
  await page.close();
});
