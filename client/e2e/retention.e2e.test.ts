import type { ClientResponse, RetentionPlan } from '@haven/shared';
import { expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { useBrowser } from './harness';
import { api, apiLogin, watchApiFailures } from './features';
import { message, openHaven, signInAndWaitForMenu } from './pages';

/**
 * The admin's retention page (`#/retention`): the demo's closed case past retention in the dry
 * run, the one under a legal hold kept, and the application behind a confirmation.
 */
const baseUrl = inject('havenUrl');
const browser = useBrowser();

it('the admin sees the due case in the dry run and applies retention after confirming', async () => {
  const session = await apiLogin(baseUrl, 'admin@haven.local');
  const before = await api<RetentionPlan>(session, '/retention/due');
  expect(before.going.length).toBeGreaterThan(0);
  expect(before.held.length).toBeGreaterThan(0);
  const going = before.going[0];

  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, 'admin@haven.local');
  const failures = watchApiFailures(page);
  await page.getByTestId('haven-menu').getByText(message(en, 'haven.retention.menu')).click();
  const table = page.getByTestId('retention-going');
  await table.waitFor();
  await table.getByText(going.reference).waitFor();
  await page.getByTestId('retention-held').getByText(before.held[0].reference).waitFor();

  // Cancelling changes nothing.
  await page.getByTestId('retention-apply').click();
  await page.getByRole('dialog').waitFor();
  await page.getByRole('button', { name: message(en, 'haven.retention.cancel') }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  expect((await api<ClientResponse>(session, `/clients/${going.id}`)).givenName).toBe(
    going.givenName,
  );

  await page.getByTestId('retention-apply').click();
  await page.getByRole('dialog').getByText(message(en, 'haven.retention.apply_text')).waitFor();
  await page.getByTestId('retention-apply-confirm').click();
  await page.getByTestId('retention-nothing-due').waitFor();
  await page.getByTestId('retention-runs').waitFor();

  const client = await api<ClientResponse>(session, `/clients/${going.id}`);
  expect(client).toMatchObject({ givenName: 'Anonymised', familyName: '', phone: null });
  expect(client.anonymisedAt).not.toBeNull();
  const after = await api<RetentionPlan>(session, '/retention/due');
  expect(after.going).toEqual([]);
  expect(after.held.map((c) => c.id)).toEqual(before.held.map((c) => c.id));
  expect(failures).toEqual([]);
  expect(errors).toEqual([]);
});
