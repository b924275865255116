import { randomBytes } from 'node:crypto';
import { expect, inject, it } from 'vitest';
import { ru } from '../src/i18n/ru';
import { useBrowser } from './harness';
import { api, apiLogin, createStaff, openCaseTab, STAFF_PASSWORD } from './features';
import { message, openHaven, signInAndWaitForMenu } from './pages';

const baseUrl = inject('havenUrl');
const browser = useBrowser();

it('shows a caseworker their case’s history in Russian: another team’s edit without a name, a stage change with its reason, no addresses', async () => {
  const admin = await apiLogin(baseUrl, 'admin@haven.local');
  const teams = await api<{ data: { id: string; name: string }[] }>(admin, '/teams?perPage=100');
  const teamOf = (name: string) => teams.data.find((team) => team.name === name)!.id;
  // A Berlin caseworker of this test's own, reading Russian.
  const email = `history.${randomBytes(4).toString('hex')}@haven.local`;
  const caseworker = await createStaff(admin, {
    email,
    fullName: 'History Reader',
    role: 'caseworker',
    teamId: teamOf('Berlin office'),
    locale: 'ru',
  });
  const created = await api<{ client: { id: string }; case: { id: string; version: number } }>(
    caseworker,
    '/intake',
    {
      method: 'POST',
      body: {
        client: {
          givenName: 'Ilya',
          familyName: `Historov${randomBytes(3).toString('hex')}`,
          sex: 'male',
          nationality: 'RU',
          languages: ['ru'],
          currentCountry: 'DE',
          arrivalDate: '2024-02-01',
        },
        case: {
          caseType: 'asylum',
          jurisdiction: 'DE',
          grounds: ['conscientious_objection'],
          militaryStatus: 'deserter',
          claimSummary: 'Browser test.',
        },
      },
    },
  );
  // The same person also has a case with the Almaty office, whose supervisor corrects their city:
  // the edit is filed under Berlin too, but the Berlin caseworker is not told who made it.
  await api(admin, '/cases', {
    method: 'POST',
    body: {
      clientId: created.client.id,
      teamId: teamOf('Almaty office'),
      caseType: 'stay_extension',
      jurisdiction: 'KZ',
      grounds: [],
      militaryStatus: 'deserter',
    },
  });
  const almaty = await apiLogin(baseUrl, 'supervisor.almaty@haven.local');
  const client = await api<{ version: number }>(almaty, `/clients/${created.client.id}`);
  await api(almaty, `/clients/${created.client.id}`, {
    method: 'PATCH',
    body: { version: client.version, currentCity: 'Astana' },
  });
  // Forward a stage, then back with a reason (free text: kept encrypted on the case, not in the trail).
  const reason = `Client asked to wait ${randomBytes(2).toString('hex')}`;
  const forward = await api<{ version: number }>(caseworker, `/cases/${created.case.id}`, {
    method: 'PATCH',
    body: { version: created.case.version, stage: 'assessment' },
  });
  await api(caseworker, `/cases/${created.case.id}`, {
    method: 'PATCH',
    body: { version: forward.version, stage: 'intake', stageReason: reason },
  });

  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, email, STAFF_PASSWORD);
  await openCaseTab(page, baseUrl, created.case.id, message(ru, 'haven.cases.tabs.history'));
  const history = page.getByTestId('case-history');
  await history.waitFor();
  await expect
    .poll(() => history.getByText(message(ru, 'haven.cases.history.elsewhere')).count(), {
      timeout: 15_000,
    })
    .toBeGreaterThan(0);
  await expect
    .poll(() => page.getByTestId('stage-reason').innerText(), { timeout: 15_000 })
    .toBe(message(ru, 'haven.cases.history.reason').replace('%{reason}', reason));
  const text = await history.innerText();
  expect(text).not.toContain('Aigerim Sadykova');
  expect(text).not.toMatch(/127\.0\.0\.1|::1|::ffff:/);
  expect(errors).toEqual([]);
  await page.close();
});
