import { randomBytes } from 'node:crypto';
import { expect, inject, it } from 'vitest';
import { ru } from '../src/i18n/ru';
import { formatDay } from '../src/common/dates';
import { useBrowser } from './harness';
import {
  api,
  apiLogin,
  createStaff,
  openCaseTab,
  STAFF_PASSWORD,
  type ApiSession,
} from './features';
import { message, openHaven, signInAndWaitForMenu } from './pages';

const baseUrl = inject('havenUrl');
const browser = useBrowser();

const dayFrom = (offset: number) => {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
};

/** A message of the Russian tree with its %{params} filled in, as the client's translate() does. */
const russian = (key: string, params: Record<string, string | number>) =>
  message(ru, key).replace(/%\{(\w+)\}/g, (_, name: string) => String(params[name]));

const intakeIn = (session: ApiSession, country: string, nationality: string, entryDate: string) =>
  api<{ case: { id: string } }>(session, '/intake', {
    method: 'POST',
    body: {
      client: {
        givenName: 'Stay',
        familyName: `Panel${randomBytes(3).toString('hex')}`,
        sex: 'male',
        nationality,
        languages: ['ru'],
        currentCountry: country,
        stays: [{ entryDate, exitDate: null }],
      },
      case: { caseType: 'stay_extension', jurisdiction: country },
    },
  });

it('the stay panel in Russian shows both limits of a Russian’s stay in Türkiye, which one applies, and when no rule covers a nationality', async () => {
  const admin = await apiLogin(baseUrl, 'admin@haven.local');
  const teams = await api<{ data: { id: string; name: string }[] }>(admin, '/teams?perPage=100');
  const almaty = teams.data.find((team) => team.name === 'Almaty office')!.id;
  const email = `stay.ru.${randomBytes(4).toString('hex')}@haven.local`;
  const worker = await createStaff(admin, {
    email,
    fullName: 'Stay Panel Reader',
    role: 'caseworker',
    teamId: almaty,
    locale: 'ru',
  });
  // Entered ten days ago: 60 days a visit end on day 60, 90 in 180 on day 90 — the visit's cap applies.
  const entry = dayFrom(-10);
  const turkey = await intakeIn(worker, 'TR', 'RU', entry);
  const afghan = await intakeIn(worker, 'TR', 'AF', entry);

  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, email, STAFF_PASSWORD);
  await openCaseTab(page, baseUrl, turkey.case.id, message(ru, 'haven.cases.tabs.deadlines'));
  const panel = page.getByTestId('stay-limit');
  await panel.waitFor({ timeout: 15_000 });
  const perVisit = panel.getByTestId('stay-limit-per-visit');
  const rolling = panel.getByTestId('stay-limit-rolling');
  expect(await perVisit.innerText()).toContain(
    russian('haven.deadlines.stay.per_visit', { days: 60, date: formatDay(dayFrom(49), 'ru') }),
  );
  expect(await rolling.innerText()).toContain(
    russian('haven.deadlines.stay.rolling', {
      max: 90,
      window: 180,
      date: formatDay(dayFrom(79), 'ru'),
    }),
  );
  expect(await perVisit.getAttribute('data-binds')).toBe('true');
  expect(await rolling.getAttribute('data-binds')).toBe('false');
  expect(await perVisit.innerText()).toContain(message(ru, 'haven.deadlines.stay.binds'));
  expect(await rolling.innerText()).not.toContain(message(ru, 'haven.deadlines.stay.binds'));
  const text = await panel.innerText();
  expect(text).toContain(message(ru, 'haven.deadlines.stay_limit'));
  expect(text).toContain(russian('haven.deadlines.stay.entry', { date: formatDay(entry, 'ru') }));
  // The rule is not from the primary text (M): the warning sits beside the date.
  expect(await panel.getByTestId('confidence-warning').count()).toBe(1);

  await openCaseTab(page, baseUrl, afghan.case.id, message(ru, 'haven.cases.tabs.deadlines'));
  const none = page.locator('[data-testid="stay-limit"][data-code="stay.no_rule"]');
  await none.waitFor({ timeout: 15_000 });
  const country = (code: string) => new Intl.DisplayNames(['ru'], { type: 'region' }).of(code)!;
  expect(await none.innerText()).toContain(
    russian('haven.deadlines.stay.no_rule', { nationality: country('AF'), country: country('TR') }),
  );
  expect(errors).toEqual([]);
  await page.close();
});
