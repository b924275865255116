import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { reencryptAll } from '../src/cli/rotate-key.js';
import { createApp } from '../src/create-app.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { DocumentsService } from '../src/documents/documents.service.js';
import { FieldEncryption } from '../src/encryption/field-encryption.js';
import { binary, pdfWith } from './document-fixtures.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('documents', () => {
  let t: TestApp;
  let caseworker: string;
  beforeAll(async () => {
    t = await startTestApp({ maxUploadMb: 2 });
    caseworker = await t.tokenFor('caseworker@haven.local');
  });
  afterAll(() => t.close());

  const upload = (
    token: string,
    caseId: string,
    file: Buffer,
    name: string,
    fields: Record<string, string> = {},
  ) => {
    let req = t.http().post(`/api/cases/${caseId}/documents`).set('Authorization', token);
    for (const [k, v] of Object.entries({ kind: 'decision', title: 'BAMF decision', ...fields }))
      req = req.field(k, v);
    return req.attach('file', file, name);
  };

  /** A JPEG with an Exif block (GPS position and a description carrying `marker`). */
  async function jpegWithGps(marker: string): Promise<Buffer> {
    const jpeg = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 80, b: 40 } },
    })
      .jpeg()
      .toBuffer();
    // A little-endian TIFF: IFD0 {ImageDescription, GPSInfo → GPS IFD {LatitudeRef, Latitude}}.
    const description = Buffer.from(`${marker}\0`, 'latin1');
    const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4 + 2 + 2 * 12 + 4 + 24 + description.length);
    tiff.write('II', 0, 'latin1');
    tiff.writeUInt16LE(42, 2);
    tiff.writeUInt32LE(8, 4);
    const gpsIfd = 8 + 2 + 24 + 4;
    const rationals = gpsIfd + 2 + 24 + 4;
    const text = rationals + 24;
    let o = 8;
    tiff.writeUInt16LE(2, o);
    o += 2;
    for (const [tag, type, count, value] of [
      [0x010e, 2, description.length, text],
      [0x8825, 4, 1, gpsIfd],
    ]) {
      tiff.writeUInt16LE(tag, o);
      tiff.writeUInt16LE(type, o + 2);
      tiff.writeUInt32LE(count, o + 4);
      tiff.writeUInt32LE(value, o + 8);
      o += 12;
    }
    tiff.writeUInt32LE(0, o);
    o = gpsIfd;
    tiff.writeUInt16LE(2, o);
    o += 2;
    tiff.writeUInt16LE(1, o);
    tiff.writeUInt16LE(2, o + 2);
    tiff.writeUInt32LE(2, o + 4);
    tiff.write('N\0', o + 8, 'latin1');
    o += 12;
    tiff.writeUInt16LE(2, o);
    tiff.writeUInt16LE(5, o + 2);
    tiff.writeUInt32LE(3, o + 4);
    tiff.writeUInt32LE(rationals, o + 8);
    o += 12;
    tiff.writeUInt32LE(0, o);
    [52, 1, 31, 1, 12, 1].forEach((v, i) => tiff.writeUInt32LE(v, rationals + 4 * i));
    description.copy(tiff, text);
    const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
    const app1 = Buffer.alloc(4);
    app1.writeUInt16BE(0xffe1, 0);
    app1.writeUInt16BE(payload.length + 2, 2);
    return Buffer.concat([jpeg.subarray(0, 2), app1, payload, jpeg.subarray(2)]);
  }

  const content = (token: string, id: string, range?: string) => {
    const req = t.http().get(`/api/documents/${id}/content`).set('Authorization', token);
    if (range) req.set('Range', range);
    return req.buffer(true).parse(binary);
  };

  const chunksAtRest = async () =>
    (await t.ownerQuery<{ n: number }[]>('SELECT count(*)::int AS n FROM document_chunk'))[0].n;
  const uploadsPending = async () =>
    (await t.ownerQuery<{ n: number }[]>('SELECT count(*)::int AS n FROM document_upload'))[0].n;

  it('keeps a PDF encrypted and gives the same bytes back', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const marker = `MARKER-${randomBytes(8).toString('hex')}`;
    const pdf = pdfWith(marker, 700_000);
    const created = await upload(caseworker, c.id, pdf, 'Решение BAMF.pdf', { language: 'de' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      caseId: c.id,
      kind: 'decision',
      title: 'BAMF decision',
      mime: 'application/pdf',
      sizeBytes: pdf.length,
      sha256: sha256(pdf),
      language: 'de',
      status: 'active',
      uploadedById: await t.userId('caseworker@haven.local'),
      version: 1,
    });
    const got = await content(caseworker, created.body.id);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['cache-control']).toBe('no-store');
    expect(got.headers['content-disposition']).toMatch(/^attachment;.*\.pdf/);
    // Written piece by piece to the socket, it still carries every answer's fixed headers.
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-security-policy']).toContain("default-src 'self'");
    expect(got.headers['x-request-id']).toBeTruthy();
    expect(sha256(got.body as Buffer)).toBe(sha256(pdf));
    // At rest: neither the marker nor the title nor the hash in clear, anywhere in the database.
    const [{ hits }] = await t.ownerQuery<{ hits: number }[]>(
      `SELECT count(*)::int AS hits FROM document_chunk WHERE position($1::bytea in data) > 0`,
      [Buffer.from(marker)],
    );
    expect(hits).toBe(0);
    const [row] = await t.ownerQuery<Record<string, string>[]>(
      'SELECT title, file_name, sha256, data_key FROM document WHERE id = $1',
      [created.body.id],
    );
    for (const value of Object.values(row)) expect(value).toMatch(/^v2\.k1\./);
    // The check above would see a plaintext chunk: one of its own making is found.
    const [{ found }] = await t.ownerQuery<{ found: boolean }[]>(
      `SELECT position($1::bytea in $2::bytea) > 0 AS found`,
      [Buffer.from(marker), pdf],
    );
    expect(found).toBe(true);
  });

  it('serves a byte range across a chunk boundary', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const pdf = pdfWith('range', 600_000);
    const created = await upload(caseworker, c.id, pdf, 'r.pdf');
    const from = 262_100;
    const to = 262_300;
    const part = await content(caseworker, created.body.id, `bytes=${from}-${to}`);
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes ${from}-${to}/${pdf.length}`);
    expect(part.headers['cache-control']).toBe('no-store');
    expect(part.headers['x-content-type-options']).toBe('nosniff');
    expect((part.body as Buffer).equals(pdf.subarray(from, to + 1))).toBe(true);
    const suffix = await content(caseworker, created.body.id, 'bytes=-10');
    expect((suffix.body as Buffer).equals(pdf.subarray(pdf.length - 10))).toBe(true);
    const beyond = await content(caseworker, created.body.id, `bytes=${pdf.length}-`);
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${pdf.length}`);
    expect(beyond.headers['cache-control']).toBe('no-store');
    expect(beyond.headers['x-content-type-options']).toBe('nosniff');
  });

  it('stores a photo without its Exif block: the GPS position never reaches the database', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const marker = `GPS-${randomBytes(6).toString('hex')}`;
    const photo = await jpegWithGps(marker);
    const before = await sharp(photo).metadata();
    expect(before.exif?.includes(Buffer.from(marker))).toBe(true);
    const created = await upload(caseworker, c.id, photo, 'IMG_0001.JPG', { kind: 'summons' });
    expect(created.status).toBe(201);
    expect(created.body.mime).toBe('image/jpeg');
    const got = (await content(caseworker, created.body.id)).body as Buffer;
    expect(sha256(got)).toBe(created.body.sha256);
    const after = await sharp(got).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.width).toBe(64);
    expect(got.includes(Buffer.from(marker))).toBe(false);
    expect(got.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
  });

  it('stores a HEIC photo with its Exif and XMP items zeroed', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const heic = readFileSync(new URL('./fixtures/gps.heic', import.meta.url));
    // The Exif block's own header (an item type 'Exif' in the item list is not one).
    const exifHeader = Buffer.from('Exif\0\0MM\0*', 'latin1');
    expect(heic.includes(exifHeader)).toBe(true);
    const created = await upload(caseworker, c.id, heic, 'IMG_4711.HEIC', { kind: 'evidence' });
    expect(created.status).toBe(201);
    expect(created.body.mime).toBe('image/heic');
    const got = (await content(caseworker, created.body.id)).body as Buffer;
    expect(got.length).toBe(heic.length);
    expect(got.includes(exifHeader)).toBe(false);
    expect(got.includes(Buffer.from('GPSLatitude'))).toBe(false);
  });

  it('judges the type by content: an executable named .pdf is a 415, and nothing is stored', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const exe = Buffer.concat([
      Buffer.from('MZ'),
      Buffer.alloc(58),
      Buffer.from([0x80, 0, 0, 0]),
      Buffer.alloc(64),
      Buffer.from('PE\0\0'),
      randomBytes(4096),
    ]);
    const chunks = await chunksAtRest();
    const refused = await upload(caseworker, c.id, exe, 'decision.pdf');
    expect(refused.status).toBe(415);
    expect(refused.body).toMatchObject({ code: 'document.type_not_allowed', field: 'file' });
    const html = await upload(
      caseworker,
      c.id,
      Buffer.from('<html><script>alert(1)</script>\0'),
      'a.txt',
    );
    expect(html.status).toBe(415);
    expect(await chunksAtRest()).toBe(chunks);
    expect(await uploadsPending()).toBe(0);
    const text = await upload(
      caseworker,
      c.id,
      Buffer.from('Показания брата, 3 марта.\n'),
      'notes.txt',
      { kind: 'evidence' },
    );
    expect(text.status).toBe(201);
    expect(text.body.mime).toBe('text/plain');
  });

  it('refuses a file over the limit with a 413, both declared and streamed, leaving nothing behind', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const chunks = await chunksAtRest();
    // Declared: the request's length alone is over the limit.
    const big = await upload(caseworker, c.id, pdfWith('big', 3 * 1024 * 1024), 'big.pdf');
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({
      code: 'document.too_large',
      field: 'file',
      args: { maxMb: 2 },
    });
    // Streamed: within the form's allowance, over the file limit by a few bytes, after chunks went out.
    const edge = await upload(caseworker, c.id, pdfWith('edge', 2 * 1024 * 1024 - 100), 'edge.pdf');
    expect(edge.status).toBe(413);
    expect(await chunksAtRest()).toBe(chunks);
    expect(await uploadsPending()).toBe(0);
    const listed = await t
      .http()
      .get(`/api/documents?caseId=${c.id}`)
      .set('Authorization', caseworker);
    expect(listed.body.total).toBe(0);
  });

  it('refuses empty, corrupt and malformed uploads naming the field', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const pdf = pdfWith('ok');
    const cases: [string, () => ReturnType<typeof upload>, number, object][] = [
      [
        'empty',
        () => upload(caseworker, c.id, Buffer.alloc(0), 'empty.pdf'),
        400,
        { code: 'document.empty', field: 'file' },
      ],
      [
        'cut short',
        () => upload(caseworker, c.id, pdf.subarray(0, pdf.length - 12), 'cut.pdf'),
        400,
        { code: 'document.corrupt', field: 'file' },
      ],
      [
        'broken photo',
        () =>
          upload(
            caseworker,
            c.id,
            Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2000)]),
            'x.jpg',
          ),
        400,
        { code: 'document.corrupt', field: 'file' },
      ],
      [
        'no title',
        () => upload(caseworker, c.id, pdf, 'a.pdf', { title: '  ' }),
        400,
        { field: 'title' },
      ],
      [
        'bad kind',
        () => upload(caseworker, c.id, pdf, 'a.pdf', { kind: 'passport' }),
        400,
        { field: 'kind', code: 'validation.one_of' },
      ],
      [
        'bad language',
        () => upload(caseworker, c.id, pdf, 'a.pdf', { language: 'Russian!' }),
        400,
        { field: 'language' },
      ],
      [
        'unknown field',
        () => upload(caseworker, c.id, pdf, 'a.pdf', { caseId: c.id }),
        400,
        { field: 'caseId', code: 'validation.unknown_field' },
      ],
      [
        'long title',
        () => upload(caseworker, c.id, pdf, 'a.pdf', { title: 'x'.repeat(201) }),
        400,
        { field: 'title' },
      ],
    ];
    for (const [name, send, status, body] of cases) {
      const res = await send();
      expect(res.status, name).toBe(status);
      expect(res.body, name).toMatchObject(body);
    }
    const noFile = await t
      .http()
      .post(`/api/cases/${c.id}/documents`)
      .set('Authorization', caseworker)
      .field('kind', 'other')
      .field('title', 'x');
    expect(noFile.status).toBe(400);
    expect(noFile.body).toMatchObject({ code: 'document.no_file', field: 'file' });
    const two = await t
      .http()
      .post(`/api/cases/${c.id}/documents`)
      .set('Authorization', caseworker)
      .field('kind', 'other')
      .field('title', 'x')
      .attach('file', pdf, 'a.pdf')
      .attach('file', pdf, 'b.pdf');
    expect(two.status).toBe(400);
    expect(two.body).toMatchObject({ code: 'document.one_file' });
    const json = await t
      .http()
      .post(`/api/cases/${c.id}/documents`)
      .set('Authorization', caseworker)
      .send({ kind: 'other', title: 'x' });
    expect(json.status).toBe(400);
    expect(json.body.field).toBe('file');
    expect(await uploadsPending()).toBe(0);
    const listed = await t
      .http()
      .get(`/api/documents?caseId=${c.id}`)
      .set('Authorization', caseworker);
    expect(listed.body.total).toBe(0);
  });

  it('is the case’s: another team, another caseworker and an analyst see nothing', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const created = await upload(caseworker, c.id, pdfWith('private'), 'p.pdf');
    const id = created.body.id as string;
    for (const email of [
      'caseworker.almaty@haven.local',
      'supervisor.almaty@haven.local',
      'caseworker2@haven.local',
    ]) {
      const token = await t.tokenFor(email);
      const who = email;
      expect(
        (await t.http().get(`/api/documents/${id}`).set('Authorization', token)).status,
        who,
      ).toBe(404);
      expect((await content(token, id)).status, who).toBe(404);
      expect(
        (
          await t
            .http()
            .patch(`/api/documents/${id}`)
            .set('Authorization', token)
            .send({ version: 1, title: 'x' })
        ).status,
        who,
      ).toBe(404);
      expect(
        (
          await t
            .http()
            .post(`/api/documents/${id}/withdraw`)
            .set('Authorization', token)
            .send({ reason: 'x' })
        ).status,
        who,
      ).toBe(404);
      expect((await upload(token, c.id, pdfWith('x'), 'x.pdf')).status, who).toBe(404);
      const listed = await t
        .http()
        .get(`/api/documents?caseId=${c.id}`)
        .set('Authorization', token);
      expect(listed.status, who).toBe(200);
      expect(listed.body.data, who).toEqual([]);
    }
    const analyst = await t.tokenFor('analyst@haven.local');
    expect((await t.http().get(`/api/documents/${id}`).set('Authorization', analyst)).status).toBe(
      403,
    );
    expect((await content(analyst, id)).status).toBe(403);
    // The team's supervisor and an admin see it.
    for (const email of ['supervisor@haven.local', 'admin@haven.local'])
      expect((await content(await t.tokenFor(email), id)).status, email).toBe(200);
  });

  it('records an audit event for every read of the content, without the title', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const created = await upload(caseworker, c.id, pdfWith('audit'), 'a.pdf', {
      title: 'Medical report of Ivan Petrov',
      kind: 'medical',
    });
    const id = created.body.id as string;
    await content(caseworker, id);
    await content(caseworker, id, 'bytes=0-9');
    await t.http().get(`/api/documents/${id}`).set('Authorization', caseworker);
    const events = await t.ownerQuery<{ action: string; summary: string; details: unknown }[]>(
      `SELECT action, summary, details FROM audit_event WHERE entity_type = 'document' AND entity_id = $1 ORDER BY seq`,
      [id],
    );
    expect(events.map((e) => e.action)).toEqual(['create', 'read', 'read', 'read']);
    expect(JSON.stringify(events)).not.toMatch(/Petrov|Ivan/);
    const listed = await t
      .http()
      .get(`/api/documents?caseId=${c.id}`)
      .set('Authorization', caseworker);
    expect(listed.body.data.map((d: { title: string }) => d.title)).toEqual([
      'Medical report of Ivan Petrov',
    ]);
    const [list] = await t.ownerQuery<{ details: { ids: string[] } }[]>(
      `SELECT details FROM audit_event WHERE entity_type = 'document' AND action = 'read' AND entity_id IS NULL ORDER BY seq DESC LIMIT 1`,
    );
    expect(list.details.ids).toEqual([id]);
  });

  it('edits with the version last read, withdraws with a reason, and keeps the file', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const pdf = pdfWith('withdraw');
    const created = await upload(caseworker, c.id, pdf, 'w.pdf');
    const id = created.body.id as string;
    const edited = await t
      .http()
      .patch(`/api/documents/${id}`)
      .set('Authorization', caseworker)
      .send({ version: 1, title: 'Decision (copy)', kind: 'correspondence', language: 'ru' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      title: 'Decision (copy)',
      kind: 'correspondence',
      language: 'ru',
      version: 2,
    });
    const stale = await t
      .http()
      .patch(`/api/documents/${id}`)
      .set('Authorization', caseworker)
      .send({ version: 1, title: 'Other' });
    expect(stale.status).toBe(409);
    const nullTitle = await t
      .http()
      .patch(`/api/documents/${id}`)
      .set('Authorization', caseworker)
      .send({ version: 2, title: null });
    expect(nullTitle.status).toBe(400);
    const noReason = await t
      .http()
      .post(`/api/documents/${id}/withdraw`)
      .set('Authorization', caseworker)
      .send({ reason: '' });
    expect(noReason.status).toBe(400);
    const withdrawn = await t
      .http()
      .post(`/api/documents/${id}/withdraw`)
      .set('Authorization', caseworker)
      .send({ reason: 'uploaded to the wrong case' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({
      status: 'withdrawn',
      withdrawnReason: 'uploaded to the wrong case',
      version: 3,
    });
    expect(
      (
        await t
          .http()
          .post(`/api/documents/${id}/withdraw`)
          .set('Authorization', caseworker)
          .send({ reason: 'again' })
      ).status,
    ).toBe(409);
    expect(
      (
        await t
          .http()
          .patch(`/api/documents/${id}`)
          .set('Authorization', caseworker)
          .send({ version: 3, title: 'x' })
      ).status,
    ).toBe(409);
    expect(sha256((await content(caseworker, id)).body as Buffer)).toBe(sha256(pdf));
    const active = await t
      .http()
      .get(`/api/documents?caseId=${c.id}&status=active`)
      .set('Authorization', caseworker);
    expect(active.body.total).toBe(0);
    const all = await t
      .http()
      .get(`/api/documents?caseId=${c.id}`)
      .set('Authorization', caseworker);
    expect(all.body.data[0]).toMatchObject({ id, status: 'withdrawn' });
    expect(all.body.data[0].withdrawnReason).toBeUndefined();
  });

  it('links a document to a note’s evidence, of the same case only, and lists it in the claim summary', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const { case: other } = await intake(t, 'caseworker@haven.local');
    const doc = await upload(caseworker, c.id, pdfWith('summons'), 's.pdf', {
      kind: 'summons',
      title: 'Paper summons',
    });
    const elsewhere = await upload(caseworker, other.id, pdfWith('other'), 'o.pdf');
    const item = (documentId: string) => ({
      kind: 'summons_paper',
      description: 'Summons',
      reference: null,
      original: true,
      language: 'ru',
      translated: false,
      documentId,
    });
    const note = await t
      .http()
      .post('/api/notes')
      .set('Authorization', caseworker)
      .send({
        caseId: c.id,
        ground: 'conscientious_objection',
        title: 'Summons',
        body: 'x',
        evidence: [item(doc.body.id)],
      });
    expect(note.status).toBe(201);
    expect(note.body.evidence[0].documentId).toBe(doc.body.id);
    const wrong = await t
      .http()
      .post('/api/notes')
      .set('Authorization', caseworker)
      .send({
        caseId: c.id,
        ground: 'conscientious_objection',
        title: 'Summons',
        body: 'x',
        evidence: [item(elsewhere.body.id)],
      });
    expect(wrong.status).toBe(404);
    expect(wrong.body).toMatchObject({
      code: 'document.not_found',
      field: 'evidence.0.documentId',
    });
    const patched = await t
      .http()
      .patch(`/api/notes/${note.body.id}`)
      .set('Authorization', caseworker)
      .send({ version: 1, evidence: [item(randomUUIDLike())] });
    expect(patched.status).toBe(404);
    const summary = await t
      .http()
      .get(`/api/cases/${c.id}/claim-summary`)
      .set('Authorization', caseworker);
    const listed = summary.body.grounds.flatMap(
      (g: { notes: { evidence: { document: unknown }[] }[] }) =>
        g.notes.flatMap((n) => n.evidence.map((e) => e.document)),
    );
    expect(listed).toEqual([
      expect.objectContaining({ id: doc.body.id, kind: 'summons', title: 'Paper summons' }),
    ]);
    const markdown = await t
      .http()
      .get(`/api/cases/${c.id}/claim-summary?format=markdown`)
      .set('Authorization', caseworker);
    expect(markdown.text).toContain('Paper summons (Summons,');
  });

  it('refuses a withdrawn document as new evidence, and keeps a link made before it was withdrawn', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const linked = await upload(caseworker, c.id, pdfWith('kept'), 'k.pdf', { kind: 'summons' });
    const other = await upload(caseworker, c.id, pdfWith('wrong'), 'w.pdf', { kind: 'identity' });
    const item = (documentId: string) => ({
      kind: 'summons_paper',
      description: 'Summons',
      reference: null,
      original: true,
      language: 'ru',
      translated: false,
      documentId,
    });
    const note = await t
      .http()
      .post('/api/notes')
      .set('Authorization', caseworker)
      .send({
        caseId: c.id,
        ground: 'conscientious_objection',
        title: 'Summons',
        body: 'x',
        evidence: [item(linked.body.id)],
      });
    expect(note.status).toBe(201);
    for (const id of [linked.body.id, other.body.id])
      expect(
        (
          await t
            .http()
            .post(`/api/documents/${id}/withdraw`)
            .set('Authorization', caseworker)
            .send({ reason: 'filed to the wrong client' })
        ).status,
      ).toBe(200);
    const newLink = await t
      .http()
      .patch(`/api/notes/${note.body.id}`)
      .set('Authorization', caseworker)
      .send({ version: 1, evidence: [item(linked.body.id), item(other.body.id)] });
    expect(newLink.status).toBe(409);
    expect(newLink.body).toMatchObject({
      code: 'document.withdrawn',
      field: 'evidence.1.documentId',
    });
    const edited = await t
      .http()
      .patch(`/api/notes/${note.body.id}`)
      .set('Authorization', caseworker)
      .send({ version: 1, body: 'Edited', evidence: [item(linked.body.id)] });
    expect(edited.status).toBe(200);
    const created = await t
      .http()
      .post('/api/notes')
      .set('Authorization', caseworker)
      .send({
        caseId: c.id,
        ground: 'conscientious_objection',
        title: 'Again',
        body: 'x',
        evidence: [item(linked.body.id)],
      });
    expect(created.status).toBe(409);
  });

  it('removes the chunks of an abandoned upload, and only those', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const kept = await upload(caseworker, c.id, pdfWith('kept', 300_000), 'k.pdf');
    const orphan = '00000000-0000-4000-8000-00000000abcd';
    await t.ownerQuery(
      `INSERT INTO document_upload (id, storage, started_at) VALUES ($1, 'pg', now() - interval '2 hours')`,
      [orphan],
    );
    await t.ownerQuery(
      `INSERT INTO document_chunk (blob_id, n, data) VALUES ($1, 0, '\\x00'), ($1, 1, '\\x01')`,
      [orphan],
    );
    const service = t.app.get(DocumentsService);
    expect(await service.cleanOrphans(3600)).toBe(1);
    const left = await t.ownerQuery<{ blob_id: string }[]>(
      'SELECT DISTINCT blob_id FROM document_chunk WHERE blob_id = ANY($1)',
      [[orphan, kept.body.id]],
    );
    expect(left.map((r) => r.blob_id)).toEqual([kept.body.id]);
    expect(await uploadsPending()).toBe(0);
  });

  it('holds what a re-encoded photo may grow to under the limit (a filtered PNG)', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    // Every row is the row above plus one: tiny with PNG's "up" filter, near raw size without.
    const width = 1200;
    const height = 1200;
    const row = randomBytes(width * 3);
    const raw = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < row.length; x++) raw[y * row.length + x] = (row[x] + y) & 0xff;
    const png = await sharp(raw, { raw: { width, height, channels: 3 } })
      .png({ adaptiveFiltering: true, compressionLevel: 9 })
      .toBuffer();
    expect(png.length).toBeLessThan(2 * 1024 * 1024);
    expect(raw.length).toBeGreaterThan(2 * 1024 * 1024);
    const created = await upload(caseworker, c.id, png, 'scan.png', { kind: 'evidence' });
    if (created.status === 201) expect(created.body.sizeBytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    else expect(created.body).toMatchObject({ code: 'document.too_large' });
  });

  it('leaves nothing behind when the form is cut off mid-file', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const chunks = await chunksAtRest();
    const boundary = 'cutoff';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ndecision\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nCut\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      pdfWith('cut', 900_000),
    ]);
    const cut = await t
      .http()
      .post(`/api/cases/${c.id}/documents`)
      .set('Authorization', caseworker)
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(body);
    expect(cut.status).toBe(400);
    // The reading in flight is awaited before the discard: no chunk lands after it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await chunksAtRest()).toBe(chunks);
    expect(await uploadsPending()).toBe(0);
  });

  it('refuses to file an upload the orphan job took for abandoned', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const server = t.app.getHttpServer();
    if (!server.listening)
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const boundary = 'slowupload';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ndecision\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nSlow\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const pdf = pdfWith('slow', 900_000);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const chunks = await chunksAtRest();
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: `/api/cases/${c.id}/documents`,
          headers: {
            authorization: caseworker,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': head.length + pdf.length + tail.length,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(Buffer.concat([head, pdf.subarray(0, 600_000)]));
      void (async () => {
        // Once the first chunks are stored, the job runs as if the upload were an hour old.
        while ((await chunksAtRest()) === chunks) await new Promise((r) => setTimeout(r, 20));
        expect(await t.app.get(DocumentsService).cleanOrphans(0)).toBe(1);
        req.end(Buffer.concat([pdf.subarray(600_000), tail]));
      })().catch(reject);
    });
    const result = await answer;
    expect(result.status).toBe(409);
    expect(JSON.parse(result.body)).toMatchObject({ field: 'file' });
    expect(await chunksAtRest()).toBe(chunks);
    const listed = await t
      .http()
      .get(`/api/documents?caseId=${c.id}`)
      .set('Authorization', caseworker);
    expect(listed.body.total).toBe(0);
  });

  it('types UTF-16 text as text and a bare MPEG frame header as nothing', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Показания брата\r\n', 'utf16le'),
    ]);
    const text = await upload(caseworker, c.id, utf16, 'statement.txt', { kind: 'evidence' });
    expect(text.status).toBe(201);
    expect(text.body.mime).toBe('text/plain');
    const fake = Buffer.concat([
      Buffer.from([0xff, 0xfb, 0x90, 0x00]),
      Buffer.from('<html><script>x</script></html>'),
    ]);
    const refused = await upload(caseworker, c.id, fake, 'song.mp3', { kind: 'evidence' });
    expect(refused.status).toBe(415);
  });

  it('keeps control characters out of titles and direction overrides out of file names', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const bad = await upload(caseworker, c.id, pdfWith('t'), 't.pdf', {
      title: 'Passport\r## Forged heading',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('title');
    const created = await upload(caseworker, c.id, pdfWith('n'), 'photo\u202Egpj.pdf');
    expect(created.status).toBe(201);
    const patched = await t
      .http()
      .patch(`/api/documents/${created.body.id}`)
      .set('Authorization', caseworker)
      .send({ version: 1, title: 'Line\u2028break' });
    expect(patched.status).toBe(400);
    const got = await content(caseworker, created.body.id);
    expect(got.headers['content-disposition']).not.toMatch(/%E2%80%AE|\u202E/);
  });

  it('refuses to serve a document whose row was edited behind Haven’s back', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const created = await upload(caseworker, c.id, pdfWith('tamper', 300_000), 'x.pdf');
    const id = created.body.id as string;
    expect((await content(caseworker, id)).status).toBe(200);
    for (const change of [`mime = 'text/plain'`, 'size_bytes = 10', 'chunk_count = 1']) {
      const [before] = await t.ownerQuery<
        { mime: string; size_bytes: number; chunk_count: number }[]
      >('SELECT mime, size_bytes, chunk_count FROM document WHERE id = $1', [id]);
      await t.ownerQuery(`UPDATE document SET ${change} WHERE id = $1`, [id]);
      expect((await content(caseworker, id)).status, change).toBe(500);
      await t.ownerQuery(
        'UPDATE document SET mime = $2, size_bytes = $3, chunk_count = $4 WHERE id = $1',
        [id, before.mime, before.size_bytes, before.chunk_count],
      );
    }
    expect((await content(caseworker, id)).status).toBe(200);
  });
  // Last: it re-encrypts the database under a key this file's app does not hold.
  it('keeps files readable after the master key is rotated: data keys are re-wrapped, chunks untouched', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const pdf = pdfWith('rotate', 400_000);
    const created = await upload(caseworker, c.id, pdf, 'r.pdf');
    const id = created.body.id as string;
    const chunksBefore = await t.ownerQuery<{ data: Buffer }[]>(
      'SELECT data FROM document_chunk WHERE blob_id = $1 ORDER BY n',
      [id],
    );
    const k2 = randomBytes(32);
    const rotated = new FieldEncryption(
      new Map([
        ['k1', t.config.encryptionKeys.get('k1')!],
        ['k2', k2],
      ]),
      'k2',
    );
    expect(await reencryptAll(t.dataSource, rotated, () => undefined)).toBeGreaterThan(0);
    const chunksAfter = await t.ownerQuery<{ data: Buffer }[]>(
      'SELECT data FROM document_chunk WHERE blob_id = $1 ORDER BY n',
      [id],
    );
    expect(chunksAfter).toEqual(chunksBefore);
    // A Haven that holds only the new key reads the file.
    const config = { ...t.config, encryptionKeys: new Map([['k2', k2]]), currentKeyId: 'k2' };
    const dataSource = new DataSource(dataSourceOptions(t.config.databaseUrl!, 2, config));
    await dataSource.initialize();
    const app = await createApp(config, dataSource);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    try {
      const got = await request(app.getHttpServer())
        .get(`/api/documents/${id}/content`)
        .set('Authorization', caseworker)
        .buffer(true)
        .parse(binary);
      expect(got.status).toBe(200);
      expect(sha256(got.body as Buffer)).toBe(sha256(pdf));
      const meta = await request(app.getHttpServer())
        .get(`/api/documents/${id}`)
        .set('Authorization', caseworker);
      expect(meta.body).toMatchObject({ title: 'BAMF decision', sha256: sha256(pdf) });
    } finally {
      await app.close();
      if (dataSource.isInitialized) await dataSource.destroy();
    }
  });
});

const randomUUIDLike = () => '11111111-2222-4333-8444-555555555555';
