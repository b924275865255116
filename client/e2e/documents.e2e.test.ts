import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { CaseResponse, DocumentListItem } from '@haven/shared';
import type { Download, Page } from 'playwright-core';
import { expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { SCREENSHOT_DIR, useBrowser } from './harness';
import { api, apiLogin, openCaseTab, watchApiFailures, type ApiSession } from './features';
import { fullNameOf, message, openHaven, signInAndWaitForMenu } from './pages';

/**
 * Written against the integrated case page: `#/cases/<id>/show` with the "Documents" tab
 * (CaseDocumentsTab), the upload dialog, the preview, and the evidence editor's document picker.
 */
const baseUrl = inject('havenUrl');
const browser = useBrowser();

/** A one-page PDF with a real cross-reference table and a `%%EOF` trailer. */
function minimalPdf(text: string): Buffer {
  const stream = `BT /F1 18 Tf 20 70 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(out.length);
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A small RGB PNG (a colour gradient), built byte by byte. */
function smallPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter method, no interlace
  const rows: number[] = [];
  for (let y = 0; y < height; y += 1) {
    rows.push(0); // filter: none
    for (let x = 0; x < width; x += 1) rows.push((x * 255) / width, (y * 255) / height, 128);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function bytesOf(download: Download): Promise<Buffer> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const piece of stream) chunks.push(Buffer.from(piece as Buffer));
  return Buffer.concat(chunks);
}

/**
 * Records the page's object URLs and their Blobs (an init script, before the app's own), so that
 * the test can read what a preview shows and see it revoked without fetching the blob: URL — which
 * Haven's Content-Security-Policy (connect-src) rightly forbids.
 */
function recordObjectUrls() {
  const created = new Map<string, Blob>();
  const revoked = new Set<string>();
  const create = URL.createObjectURL.bind(URL);
  const revoke = URL.revokeObjectURL.bind(URL);
  URL.createObjectURL = (object: Blob | MediaSource) => {
    const url = create(object);
    if (object instanceof Blob) created.set(url, object);
    return url;
  };
  URL.revokeObjectURL = (url: string) => {
    revoked.add(url);
    revoke(url);
  };
  (window as unknown as { __objectUrls: unknown }).__objectUrls = { created, revoked };
}

interface ObjectUrls {
  created: Map<string, Blob>;
  revoked: Set<string>;
}

/** The bytes behind one of the page's object URLs, and whether it has been revoked. */
async function objectUrl(page: Page, url: string): Promise<{ bytes: Buffer; revoked: boolean }> {
  const found = await page.evaluate(async (blobUrl) => {
    const urls = (window as unknown as { __objectUrls: ObjectUrls }).__objectUrls;
    const blob = urls.created.get(blobUrl);
    if (!blob) return null;
    let binary = '';
    for (const byte of new Uint8Array(await blob.arrayBuffer()))
      binary += String.fromCharCode(byte);
    return { base64: btoa(binary), revoked: urls.revoked.has(blobUrl) };
  }, url);
  if (!found) throw new Error(`${url} is not an object URL of the page`);
  return { bytes: Buffer.from(found.base64, 'base64'), revoked: found.revoked };
}

/** A case of the caseworker's own, new for this test (its decision facts are changed below). */
async function aFreshCase(caseworker: ApiSession): Promise<{ id: string; reference: string }> {
  const team = await api<{ country: string }>(caseworker, `/teams/${caseworker.user.teamId}`);
  const intake = await api<{ case: { id: string; reference: string } }>(caseworker, '/intake', {
    method: 'POST',
    body: {
      client: {
        givenName: 'Document',
        familyName: `Holder${randomBytes(3).toString('hex')}`,
        sex: 'male',
        nationality: 'RU',
        languages: ['ru'],
        currentCountry: team.country,
      },
      // The note below is on a ground of the case (a new one would be asked about first).
      case: { caseType: 'asylum', jurisdiction: team.country, grounds: ['political_opinion'] },
    },
  });
  return intake.case;
}

/** A screenshot for people to look at (client/e2e/screenshots), once dialogs have faded in. */
async function snapshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

it('a caseworker uploads a decision and a photo, previews both, links the PDF to a note’s evidence and downloads it byte for byte', async () => {
  const caseworker = await apiLogin(baseUrl, 'caseworker@haven.local');
  const aCase = await aFreshCase(caseworker);
  const stamp = Date.now();
  const pdf = minimalPdf(`Haven test decision ${stamp}`);
  const png = smallPng(40, 30);
  const pdfName = `decision-${stamp}.pdf`;
  const pngName = `summons-photo-${stamp}.png`;

  await browser.context.addInitScript(recordObjectUrls);
  const { page, errors } = await openHaven(browser.context, baseUrl);
  const failures = watchApiFailures(page);
  // Previews come from blob: URLs; the page's Content-Security-Policy must allow them.
  const blocked: string[] = [];
  page.on('console', (entry) => {
    if (entry.type() === 'error' && /Content Security Policy/i.test(entry.text())) {
      blocked.push(entry.text());
    }
  });
  const downloads: string[] = [];
  page.on('download', (download) => downloads.push(download.suggestedFilename()));

  await signInAndWaitForMenu(page, 'caseworker@haven.local');
  await openCaseTab(page, baseUrl, aCase.id, message(en, 'haven.cases.tabs.documents'));
  const tab = page.getByTestId('case-documents');
  await tab
    .getByTestId('documents-empty')
    .getByText(message(en, 'haven.documents.empty'))
    .waitFor();

  // Upload both at once, each with its own kind; the dialog states the limit.
  await tab.getByTestId('document-upload-open').click();
  const dialog = page.getByTestId('document-upload-form');
  await dialog.getByText('up to 25 MB each', { exact: false }).waitFor();
  await dialog.getByTestId('document-file-input').setInputFiles([
    { name: pdfName, mimeType: 'application/pdf', buffer: pdf },
    { name: pngName, mimeType: 'image/png', buffer: png },
  ]);
  const items = dialog.getByTestId('upload-item');
  await expect.poll(() => items.count()).toBe(2);
  // Titles start as the file names without their extension; the kind is the user's to pick.
  expect(await dialog.locator('#upload-0-title').inputValue()).toBe(`decision-${stamp}`);
  expect(await dialog.locator('#upload-0-kind').inputValue()).toBe('other');
  await dialog.locator('#upload-0-kind').selectOption('decision');
  await dialog.locator('#upload-0-language').selectOption('fr');
  await dialog.locator('#upload-1-kind').selectOption('summons');
  await dialog.locator('#upload-1-title').fill(`Photo of the summons ${stamp}`);
  await snapshot(page, 'documents-upload');
  await dialog.getByTestId('document-upload-submit').click();

  // A decision was among them: how and when did it arrive?
  const arrival = page.getByTestId('decision-arrival-form');
  await arrival.waitFor();
  await arrival.locator('#arrival-method').selectOption('registered_post');
  await arrival.locator('#arrival-received-on').fill(yesterday());
  await arrival.getByTestId('arrival-derived-service').waitFor();
  await arrival.getByTestId('decision-arrival-save').click();
  await arrival.waitFor({ state: 'detached' });
  const updated = await api<CaseResponse>(caseworker, `/cases/${aCase.id}`);
  expect(updated.serviceMethod).toBe('registered_post');
  expect(updated.decisionReceivedOn).toBe(yesterday());

  // Both are listed with kind, title, language, size, who and when.
  const { data: documents } = await api<{ data: DocumentListItem[] }>(
    caseworker,
    `/documents?caseId=${aCase.id}&sort=createdAt&order=ASC`,
  );
  expect(documents.map((doc) => [doc.kind, doc.mime])).toEqual([
    ['decision', 'application/pdf'],
    ['summons', 'image/png'],
  ]);
  const [pdfDoc, pngDoc] = documents;
  expect(pdfDoc.sizeBytes).toBe(pdf.length);
  const pdfRow = tab.locator(`[data-testid="document-row"][data-document-id="${pdfDoc.id}"]`);
  const pngRow = tab.locator(`[data-testid="document-row"][data-document-id="${pngDoc.id}"]`);
  await pdfRow.waitFor();
  const pdfText = await pdfRow.innerText();
  expect(pdfText).toContain(message(en, 'haven.documents.kind.decision'));
  expect(pdfText).toContain(`decision-${stamp}`);
  expect(pdfText).toContain('French');
  expect(pdfText).toContain(`${pdf.length} bytes`);
  await pdfRow.getByText(await fullNameOf(page, 'caseworker@haven.local')).waitFor();
  await pngRow.getByText(`Photo of the summons ${stamp}`).waitFor();
  await snapshot(page, 'documents-tab');

  // Preview the PDF: the uploaded bytes, from a blob: URL of this page, with no file saved.
  await pdfRow.getByTestId('document-preview').click();
  const preview = page.getByTestId('document-preview-dialog');
  const pdfObject = preview.getByTestId('document-preview-pdf');
  await pdfObject.waitFor();
  expect(await preview.getAttribute('data-kind')).toBe('pdf');
  const pdfUrl = (await pdfObject.getAttribute('data')) ?? '';
  expect(pdfUrl).toMatch(/^blob:/);
  expect(await pdfObject.getAttribute('type')).toBe('application/pdf');
  const shown = await objectUrl(page, pdfUrl);
  expect(shown.bytes.equals(pdf)).toBe(true);
  expect(shown.revoked).toBe(false);
  // Download from the preview takes the bytes it holds (no second read).
  expect(await page.getByTestId('document-preview-download').isEnabled()).toBe(true);
  await page.getByRole('button', { name: message(en, 'ra.action.close') }).click();
  await preview.waitFor({ state: 'detached' });
  // Closing revokes the object URL: the bytes are no longer reachable by URL.
  expect((await objectUrl(page, pdfUrl)).revoked).toBe(true);

  // Preview the photo: shown as an image (re-encoded without its metadata by the server).
  await pngRow.getByTestId('document-preview').click();
  const image = page.getByTestId('document-preview-image');
  await image.waitFor();
  expect(await image.getAttribute('src')).toMatch(/^blob:/);
  await expect
    .poll(() => image.evaluate((element) => (element as HTMLImageElement).naturalWidth))
    .toBe(40);
  await snapshot(page, 'documents-preview-photo');
  await page.getByRole('button', { name: message(en, 'ra.action.close') }).click();
  await preview.waitFor({ state: 'detached' });
  expect(downloads, 'previews save nothing').toEqual([]);

  // Edit the decision's language: saved with the version read.
  await pdfRow.getByTestId('document-edit').click();
  const edit = page.getByTestId('document-edit-form');
  await edit.locator('#document-edit-language').selectOption('ru');
  await edit.getByTestId('document-save').click();
  await edit.waitFor({ state: 'detached' });
  await pdfRow.getByText('Russian').waitFor();

  // Link the PDF to a note's evidence.
  await page.getByRole('tab', { name: message(en, 'haven.cases.tabs.grounds') }).click();
  await page.getByTestId('add-note').click();
  const form = page.getByTestId('note-form');
  const title = `Decision refusing protection ${stamp}`;
  await form.locator('#note-ground').selectOption('political_opinion');
  await form.locator('#note-title').fill(title);
  await form.getByTestId('add-evidence').click();
  await form.locator('#evidence-0-kind').selectOption('other');
  const picker = form.locator('#evidence-0-document');
  await picker.locator(`option[value="${pdfDoc.id}"]`).waitFor({ state: 'attached' });
  // Only the case's active documents are offered, by title and kind.
  expect(await picker.locator('option').allInnerTexts()).toEqual([
    message(en, 'haven.documents.no_document'),
    `Photo of the summons ${stamp} — ${message(en, 'haven.documents.kind.summons')}`,
    `decision-${stamp} — ${message(en, 'haven.documents.kind.decision')}`,
  ]);
  await picker.selectOption(pdfDoc.id);
  // Picking fills what the item does not say yet.
  expect(await form.locator('#evidence-0-description').inputValue()).toBe(`decision-${stamp}`);
  await form.getByTestId('note-save').click();
  await form.waitFor({ state: 'detached' });
  const card = page.getByTestId('note-card').filter({ hasText: title });
  const link = card.locator(`[data-testid="evidence-document"][data-document-id="${pdfDoc.id}"]`);
  await link.getByText(`decision-${stamp}`).waitFor();
  const notes = await api<{ data: { id: string; title: string }[] }>(
    caseworker,
    `/notes?caseId=${aCase.id}`,
  );
  const note = await api<{ evidence: { documentId?: string | null }[] }>(
    caseworker,
    `/notes/${notes.data.find((item) => item.title === title)!.id}`,
  );
  expect(note.evidence.map((item) => item.documentId)).toEqual([pdfDoc.id]);

  // Download it from the evidence: the same bytes, under the uploaded file's name.
  const download = page.waitForEvent('download');
  await link.getByTestId('evidence-document-download').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(pdfName);
  expect((await bytesOf(file)).equals(pdf)).toBe(true);

  // Withdraw the photo: it leaves the list until asked for, then shows greyed with the reason.
  await page.getByRole('tab', { name: message(en, 'haven.cases.tabs.documents') }).click();
  await pngRow.getByTestId('document-withdraw').click();
  const withdraw = page.getByTestId('document-withdraw-form');
  await withdraw.getByTestId('document-withdraw-confirm').click();
  await withdraw.getByText(message(en, 'ra.validation.required')).waitFor();
  await withdraw.locator('#document-withdraw-reason').fill('Uploaded to the wrong case');
  await withdraw.getByTestId('document-withdraw-confirm').click();
  await withdraw.waitFor({ state: 'detached' });
  await pngRow.waitFor({ state: 'detached' });
  await tab.getByTestId('documents-show-withdrawn').check();
  await expect.poll(() => pngRow.getAttribute('data-status')).toBe('withdrawn');
  await pngRow.getByTestId('document-preview').click();
  await page.getByTestId('document-withdrawal').getByText('Uploaded to the wrong case').waitFor();
  await page.getByRole('button', { name: message(en, 'ra.action.close') }).click();

  expect(blocked).toEqual([]);
  expect(errors).toEqual([]);
  expect(failures).toEqual([]);
  await page.close();
});
