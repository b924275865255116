import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { unzipSync } from 'fflate';
import { expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { ru } from '../src/i18n/ru';
import { SCREENSHOT_DIR, useBrowser } from './harness';
import { api, apiLogin, watchApiFailures, type ApiSession } from './features';
import { message, openHaven, signInAndWaitForMenu } from './pages';

/**
 * The subject-access export from the client's page (`#/clients/<id>/show`): the button for those
 * who may export, the language asked, the ZIP downloaded through the authenticated fetch.
 */
const baseUrl = inject('havenUrl');
const browser = useBrowser();

const intake = (session: ApiSession, client: Record<string, unknown>) =>
  api<{ client: { id: string; reference: string }; case: { id: string } }>(session, '/intake', {
    method: 'POST',
    body: {
      client: {
        sex: 'male',
        nationality: 'ER',
        languages: ['ti'],
        currentCountry: 'GE',
        arrivalDate: '2024-01-10',
        ...client,
      },
      case: {
        caseType: 'asylum',
        jurisdiction: 'GE',
        grounds: ['forced_recruitment'],
        militaryStatus: 'national_service',
        claimSummary: 'Browser test of the subject-access export.',
      },
    },
  });

async function bytesOf(download: Download): Promise<Buffer> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const piece of stream) chunks.push(Buffer.from(piece as Buffer));
  return Buffer.concat(chunks);
}

async function snapshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

it('a supervisor exports a client’s data as a ZIP, the summary in Russian; a caseworker has no such button', async () => {
  const caseworker = await apiLogin(baseUrl, 'caseworker@haven.local');
  const stamp = Date.now().toString(36);
  const { client } = await intake(caseworker, {
    givenName: 'Tesfay',
    familyName: `Exportov${stamp}`,
    nativeName: 'ተስፋይ ገብረሚካኤል',
    phone: '+995 555 01 02 03',
  });

  const { page, errors } = await openHaven(browser.context, baseUrl);
  const failures = watchApiFailures(page);
  await signInAndWaitForMenu(page, 'supervisor@haven.local');
  await page.goto(`${baseUrl}/#/clients/${client.id}/show`);
  const button = page.getByTestId('client-export-button');
  await button.waitFor();
  expect(await button.textContent()).toContain(message(en, 'haven.dataProtection.export.button'));
  await button.click();

  const dialog = page.getByTestId('client-export-form');
  await dialog.getByText(message(en, 'haven.dataProtection.export.language')).waitFor();
  // The interface is in English: English is chosen; the person reads Russian.
  expect(await dialog.getByTestId('client-export-lang-en').isChecked()).toBe(true);
  await dialog.getByTestId('client-export-lang-ru').check();
  await snapshot(page, 'export-dialog');

  const download = page.waitForEvent('download');
  await dialog.getByTestId('client-export-confirm').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(new RegExp(`^haven-${client.reference}-.+\\.zip$`));
  const entries = unzipSync(new Uint8Array(await bytesOf(file)));
  expect(Object.keys(entries)).toEqual(expect.arrayContaining(['client.json', 'summary.pdf']));
  const json = JSON.parse(Buffer.from(entries['client.json']).toString('utf8')) as {
    client: { id: string; nativeName: string; phone: string };
    cases: unknown[];
  };
  expect(json.client).toMatchObject({
    id: client.id,
    nativeName: 'ተስፋይ ገብረሚካኤል',
    phone: '+995 555 01 02 03',
  });
  expect(json.cases).toHaveLength(1);
  expect(Buffer.from(entries['summary.pdf'].subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  // Done: the dialog closes and says so.
  await page.getByText(message(en, 'haven.dataProtection.export.done')).waitFor();
  await expect.poll(() => dialog.count()).toBe(0);
  expect(failures).toEqual([]);
  expect(errors).toEqual([]);

  // A caseworker sees the client, but no export.
  const second = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(second.page, 'caseworker@haven.local');
  await second.page.goto(`${baseUrl}/#/clients/${client.id}/show`);
  await second.page.getByText(`Exportov${stamp}`, { exact: false }).first().waitFor();
  expect(await second.page.getByTestId('client-export-button').count()).toBe(0);
  expect(second.errors).toEqual([]);
  // The Russian label exists for a Russian interface.
  expect(message(ru, 'haven.dataProtection.export.button')).not.toBe(
    message(en, 'haven.dataProtection.export.button'),
  );
});
