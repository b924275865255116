import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentsService } from '../src/documents/documents.service.js';
import { binary, pdfWith } from './document-fixtures.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Every file under `dir`, with its bytes. */
function filesUnder(dir: string): { path: string; data: Buffer }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [{ path, data: readFileSync(path) }];
  });
}

/**
 * The S3 driver against a local S3-compatible server (s3rver, started here): the same API, the
 * chunks in the object store — and only ciphertext there.
 */
describe('documents in an S3-compatible store', () => {
  let t: TestApp;
  let s3: S3rver;
  let dir: string;
  let caseworker: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'haven-s3-'));
    s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: dir,
      configureBuckets: [{ name: 'haven-docs', configs: [] }],
    });
    const { port } = await s3.run();
    t = await startTestApp({
      storageUrl: `s3+http://S3RVER:S3RVER@127.0.0.1:${port}/haven-docs/test`,
      maxUploadMb: 1,
    });
    caseworker = await t.tokenFor('caseworker@haven.local');
  });
  afterAll(async () => {
    await t.close();
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips a file through the object store, encrypted before it leaves', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const marker = `S3-MARKER-${randomBytes(8).toString('hex')}`;
    const pdf = pdfWith(marker, 600_000);
    expect(pdf.length).toBeLessThan(1024 * 1024);
    const created = await t
      .http()
      .post(`/api/cases/${c.id}/documents`)
      .set('Authorization', caseworker)
      .field('kind', 'decision')
      .field('title', 'Decision')
      .attach('file', pdf, 'd.pdf');
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const [row] = await t.ownerQuery<{ storage: string }[]>(
      'SELECT storage FROM document WHERE id = $1',
      [id],
    );
    expect(row.storage).toBe('s3');
    const inPg = await t.ownerQuery<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM document_chunk WHERE blob_id = $1',
      [id],
    );
    expect(inPg[0].n).toBe(0);
    const objects = filesUnder(dir).filter(
      (f) => f.path.includes(id) && f.path.endsWith('._S3rver_object'),
    );
    expect(objects.length).toBe(3);
    for (const object of objects) expect(object.data.includes(Buffer.from(marker))).toBe(false);
    expect(pdf.includes(Buffer.from(marker))).toBe(true);

    const got = await t
      .http()
      .get(`/api/documents/${id}/content`)
      .set('Authorization', caseworker)
      .buffer(true)
      .parse(binary);
    expect(got.status).toBe(200);
    expect(sha256(got.body as Buffer)).toBe(sha256(pdf));
  });

  it('deletes a failed upload’s objects, and an abandoned one’s by the job', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const before = filesUnder(dir).length;
    // Over the limit after chunks went to the store: they are deleted at once.
    const refused = await t
      .http()
      .post(`/api/cases/${c.id}/documents`)
      .set('Authorization', caseworker)
      .field('kind', 'decision')
      .field('title', 'Too big')
      .attach('file', pdfWith('big', 1024 * 1024 + 100), 'big.pdf');
    expect(refused.status).toBe(413);
    expect(filesUnder(dir).length).toBe(before);
    // An upload whose process died: registered long ago, objects left behind.
    const service = t.app.get(DocumentsService);
    const orphan = '00000000-0000-4000-8000-0000000000aa';
    await t.ownerQuery(
      `INSERT INTO document_upload (id, storage, started_at) VALUES ($1, 's3', now() - interval '2 hours')`,
      [orphan],
    );
    await service.stores.current.put(orphan, 0, randomBytes(100));
    await service.stores.current.put(orphan, 1, randomBytes(100));
    expect(filesUnder(dir).some((f) => f.path.includes(orphan))).toBe(true);
    expect(await service.cleanOrphans(3600)).toBe(1);
    expect(filesUnder(dir).some((f) => f.path.includes(orphan))).toBe(false);
  });
});
