import { randomBytes } from 'node:crypto';
import { transliterate } from '@haven/shared';
import type { Page } from 'playwright-core';
import { expect, inject, it } from 'vitest';
import { ru } from '../src/i18n/ru';
import { useBrowser } from './harness';
import { api, apiLogin, createStaff, STAFF_PASSWORD, type ApiSession } from './features';
import { message, openHaven, signInAndWaitForMenu } from './pages';

const baseUrl = inject('havenUrl');
const browser = useBrowser();

/** A Cyrillic family name no other test uses (syllables that romanise one way only). */
function uniqueCyrillicName(): string {
  const consonants = [...'бвдлмнпрт'];
  const vowels = [...'аоу'];
  const syllables = [...randomBytes(4)].map(
    (b) => consonants[b % consonants.length] + vowels[(b >> 4) % vowels.length],
  );
  const name = `${syllables.join('')}ов`;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

type Intake = {
  client: { id: string; reference: string };
  case: { id: string; reference: string };
};

const intake = (session: ApiSession, client: Record<string, unknown>) =>
  api<Intake>(session, '/intake', {
    method: 'POST',
    body: {
      client: {
        sex: 'male',
        nationality: 'RU',
        languages: ['ru'],
        currentCountry: 'GE',
        arrivalDate: '2024-01-10',
        consent: {
          scopes: ['data_processing', 'legal_representation'],
          givenOn: '2026-11-02',
          language: 'ru',
        },
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

/** Types a search into a list's search box and waits for the list to answer it. */
async function search(page: Page, resource: string, text: string) {
  const box = page.locator('input[name="q"]');
  const answered = page.waitForResponse(
    (response) =>
      new URL(response.url()).pathname === `/api/${resource}` &&
      new URL(response.url()).searchParams.get('q') === text,
  );
  await box.fill(text);
  expect((await answered).status()).toBe(200);
}

const rowTexts = (page: Page) =>
  page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.textContent ?? ''));

it('finds Дмитрий by “Dmitry” and a client by their case’s reference, as a caseworker, only within scope', async () => {
  const cyrillic = uniqueCyrillicName();
  const latin = transliterate(cyrillic);
  const caseworker = await apiLogin(baseUrl, 'caseworker@haven.local');
  // Written in Latin only (as the passport spells it): Cyrillic and other spellings find it by key.
  const mine = await intake(caseworker, { givenName: 'Dmitrii', familyName: latin });
  // The same person's name in another team: never shown to this caseworker.
  const theirs = await intake(await apiLogin(baseUrl, 'caseworker.almaty@haven.local'), {
    givenName: 'Dmitriy',
    familyName: latin,
  });

  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, 'caseworker@haven.local');
  await page.goto(`${baseUrl}/#/clients`);
  await page.locator('input[name="q"]').waitFor();

  for (const text of [`Dmitry ${latin}`, `Дмитрий ${cyrillic}`]) {
    await search(page, 'clients', text);
    const rows = page.locator('tbody tr');
    await rows.filter({ hasText: mine.client.reference }).waitFor();
    expect(await rows.count(), text).toBe(1);
    expect((await rowTexts(page)).join(' ')).not.toContain(theirs.client.reference);
  }
  // The client's reference is shown as a client's: its own icon and colour.
  const chip = page.locator('tbody tr td.column-reference [data-reference-kind]');
  expect(await chip.getAttribute('data-reference-kind')).toBe('client');
  expect(await chip.innerText()).toBe(mine.client.reference);

  // A case reference typed into the client search finds the client.
  await search(page, 'clients', mine.case.reference);
  await page.locator('tbody tr').filter({ hasText: mine.client.reference }).waitFor();
  expect(await page.locator('tbody tr').count()).toBe(1);
  // Another team's case reference finds nothing.
  await search(page, 'clients', theirs.case.reference);
  await expect
    .poll(() => page.locator('tbody tr').filter({ hasText: theirs.client.reference }).count())
    .toBe(0);

  // And the other way: the client's reference in the case search finds their case, a case's chip.
  await page.goto(`${baseUrl}/#/cases?filter=${encodeURIComponent('{}')}`);
  await page.locator('input[name="q"]').waitFor();
  await search(page, 'cases', mine.client.reference);
  const caseRow = page.locator('tbody tr').filter({ hasText: mine.case.reference });
  await caseRow.waitFor();
  expect(
    await caseRow
      .locator('td.column-reference [data-reference-kind]')
      .getAttribute('data-reference-kind'),
  ).toBe('case');

  expect(errors).toEqual([]);
  await page.close();
});

it('warns in Russian when a Latin-only name is typed in Cyrillic and transliterates it in one click', async () => {
  const admin = await apiLogin(baseUrl, 'admin@haven.local');
  const teams = await api<{ data: { id: string; name: string }[] }>(admin, '/teams?perPage=100');
  const tbilisi = teams.data.find((team) => team.name === 'Tbilisi office')!.id;
  const email = `latin.ru.${randomBytes(4).toString('hex')}@haven.local`;
  const russian = await createStaff(admin, {
    email,
    fullName: 'Latin Check',
    role: 'caseworker',
    teamId: tbilisi,
    locale: 'ru',
  });
  const cyrillic = uniqueCyrillicName();
  // Recorded with a placeholder family name, corrected on the client page.
  const created = await intake(russian, { givenName: 'Ivan', familyName: 'Unknown' });

  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, email, STAFF_PASSWORD);
  await page.goto(`${baseUrl}/#/clients/${created.client.id}`);
  const familyName = page.locator('input[name="familyName"]');
  await familyName.waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe('ru');

  // A Russian keyboard left on: the family name typed in Cyrillic.
  await familyName.fill(cyrillic);
  const warning = page.getByTestId('latin-warning');
  await warning.waitFor();
  expect(await warning.innerText()).toContain(message(ru, 'haven.latin.warning_script'));
  const button = warning.getByRole('button', {
    name: message(ru, 'haven.latin.transliterate').replace('%{latin}', transliterate(cyrillic)),
  });
  // Keyboard: the offer is a button like any other.
  await button.focus();
  await page.keyboard.press('Enter');
  expect(await familyName.inputValue()).toBe(transliterate(cyrillic));
  await warning.waitFor({ state: 'detached' });
  await page.getByText(message(ru, 'haven.latin.transliterated')).waitFor();

  // A Cyrillic letter hidden in a Latin word (Ivаn with a Cyrillic а) is caught too.
  const givenName = page.locator('input[name="givenName"]');
  await givenName.fill('Iv\u0430n');
  await warning.waitFor();
  expect(await warning.innerText()).toContain(
    message(ru, 'haven.latin.warning').replace('%{letters}', '\u0430'),
  );
  await warning.getByRole('button').click();
  expect(await givenName.inputValue()).toBe('Ivan');

  // Saved as written: the server has the Latin spelling.
  const saved = page.waitForResponse(
    (response) =>
      response.url().endsWith(`/api/clients/${created.client.id}`) &&
      response.request().method() === 'PATCH',
  );
  await page.getByRole('button', { name: message(ru, 'ra.action.save') }).click();
  expect((await saved).status()).toBe(200);
  const client = await api<{ familyName: string; givenName: string }>(
    russian,
    `/clients/${created.client.id}`,
  );
  expect(client.familyName).toBe(transliterate(cyrillic));
  expect(client.givenName).toBe('Ivan');

  expect(errors).toEqual([]);
  await page.close();
});
