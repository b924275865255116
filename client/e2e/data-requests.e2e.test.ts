import { randomBytes } from 'node:crypto';
import { expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { useBrowser } from './harness';
import { api, apiLogin, watchApiFailures, type ApiSession } from './features';
import { message, openHaven, signInAndWaitForMenu } from './pages';

/**
 * Data protection on the client page: the consent timeline (a withdrawal recorded through its
 * dialog) and a person's request about their data (recorded, then closed).
 */
const baseUrl = inject('havenUrl');
const browser = useBrowser();

const uniqueName = () =>
  `Soglasie${[...randomBytes(5)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;

const intake = (session: ApiSession) =>
  api<{ client: { id: string }; case: { id: string } }>(session, '/intake', {
    method: 'POST',
    body: {
      client: {
        givenName: 'Lev',
        familyName: uniqueName(),
        sex: 'male',
        nationality: 'RU',
        languages: ['ru'],
        consent: {
          scopes: ['data_processing', 'legal_representation', 'anonymised_statistics'],
          givenOn: '2026-01-12',
          language: 'ru',
        },
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

it('a caseworker withdraws a consent on the timeline, then records and closes a request about their data', async () => {
  const caseworker = await apiLogin(baseUrl, 'caseworker@haven.local');
  const { client } = await intake(caseworker);

  const { page, errors } = await openHaven(browser.context, baseUrl);
  const failures = watchApiFailures(page);
  await signInAndWaitForMenu(page, 'caseworker@haven.local');
  expect(await page.getByTestId('haven-menu').textContent()).toContain(
    message(en, 'haven.menu.data_requests'),
  );
  await page.goto(`${baseUrl}/#/clients/${client.id}/show`);
  const timeline = page.getByTestId('consent-timeline');
  await timeline.waitFor();
  expect(await timeline.getByTestId('consent-event').count()).toBe(3);

  // Withdraw the consent to anonymised statistics, with a note.
  await timeline.getByTestId('consent-withdraw-anonymised_statistics').click();
  const form = page.getByTestId('consent-record-form');
  await form.waitFor();
  expect(await form.locator('#consent-scope').inputValue()).toBe('anonymised_statistics');
  expect(await form.locator('#consent-action').inputValue()).toBe('withdrawn');
  await form.getByText(message(en, 'haven.consent.withdraw_confirm')).waitFor();
  await form.locator('#consent-note').fill('Asked by phone to be left out of the figures');
  await form.getByTestId('consent-submit').click();
  await form.waitFor({ state: 'detached' });
  const newest = timeline.getByTestId('consent-event').first();
  await newest.getByText('Asked by phone to be left out of the figures').waitFor();
  expect(await newest.getAttribute('data-action')).toBe('withdrawn');
  expect(await newest.getAttribute('data-scope')).toBe('anonymised_statistics');
  expect(await timeline.getByTestId('consent-event').count()).toBe(4);
  await timeline
    .getByTestId('consent-state-anonymised_statistics')
    .getByText(message(en, 'haven.consent.action.withdrawn'), { exact: false })
    .waitFor();
  // The client's current consent follows the history.
  const current = await api<{ consent: { scopes: string[] } }>(caseworker, `/clients/${client.id}`);
  expect(current.consent.scopes).toEqual(['data_processing', 'legal_representation']);

  // A request about their data: recorded (due a month after receipt), then closed as done.
  const requests = page.getByTestId('client-data-requests');
  await requests.getByText(message(en, 'haven.data_requests.client_empty')).waitFor();
  await requests.getByTestId('data-request-new').click();
  const create = page.getByTestId('data-request-create-form');
  await create.locator('#data-request-type').selectOption('erasure');
  await create.locator('#data-request-note').fill('Wants the notes about his brother erased');
  await create.getByTestId('data-request-create-submit').click();
  await create.waitFor({ state: 'detached' });
  const row = requests.getByTestId('client-data-request');
  await row.waitFor();
  await row.getByText(message(en, 'haven.data_requests.type.erasure')).waitFor();
  expect(await row.getByTestId('data-request-status').textContent()).toBe(
    message(en, 'haven.data_requests.status.open'),
  );
  await row.getByTestId('data-request-close').click();
  const close = page.getByTestId('data-request-close-form');
  await close.locator('#data-request-status').selectOption('done');
  await close.getByTestId('data-request-close-submit').click();
  // A caseworker may not anonymise: no offer, the dialog closes.
  await close.waitFor({ state: 'detached' });
  await row
    .getByTestId('data-request-status')
    .getByText(message(en, 'haven.data_requests.status.done'))
    .waitFor();
  expect(await page.getByTestId('data-request-anonymise').count()).toBe(0);
  const stored = await api<{ data: { status: string; closedById: string | null }[] }>(
    caseworker,
    `/data-requests?clientId=${client.id}`,
  );
  expect(stored.data).toEqual([
    expect.objectContaining({ status: 'done', closedById: caseworker.user.id }),
  ]);

  // The list page shows the open requests by default; the closed one is there under "Done".
  await page.goto(`${baseUrl}/#/data-requests`);
  await page.getByText(message(en, 'haven.data_requests.title')).first().waitFor();

  expect(errors).toEqual([]);
  expect(failures).toEqual([]);
  await page.close();
});
