import { randomBytes } from 'node:crypto';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binary, pdfWith } from './document-fixtures.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * The subject-access export (GDPR Art. 15): one ZIP with everything Haven holds on a person —
 * client.json, a readable summary.pdf (its text layer checked for Latin, Cyrillic and Ge'ez) and
 * the files — for the client's supervisor or an admin, audited before its first byte.
 */

/** What is planted, and then looked for in the export (and never in the audit trail). */
const PLANTED = {
  givenName: 'Tesfay',
  familyName: 'Gebremichael',
  nativeName: 'ተስፋይ ገብረሚካኤል',
  dependantName: 'Мария Соколова',
  phone: '+995 555 71 22 93',
  city: 'Kobuleti',
  entryRoute: 'Sarpi border crossing on foot',
  claimSummary: 'Left Asmara after a round-up (giffa) for national service',
  noteTitles: ['Round-up in Asmara', 'Round-up in Asmara, May', 'Облава в Асмэре — ግፋ'],
  noteBodies: [
    'Soldiers came to the market at dawn',
    'Soldiers came to the market at dawn; hid at an aunt’s',
    'Soldiers came to the market at dawn; hid at an aunt’s for two weeks',
  ],
  comment: 'Ask for the aunt’s written statement',
  taskTitle: 'Book a Tigrinya interpreter',
  taskDescription: 'Female interpreter preferred for the interview',
  deadlineTitle: 'Send the giffa testimony to the lawyer',
  documentTitle: 'Witness statement of the aunt',
  consentNote: 'Explained with the Tigrinya interpreter in Kobuleti',
  requestNote: 'Asked by phone for everything held about the round-up',
  holdReason: 'Appeal pending before the administrative court',
};

const pdfText = async (bytes: Uint8Array): Promise<string> => {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: bytes.slice(), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await pdf.destroy();
  return pages.join('\n');
};

describe('subject-access export', () => {
  let t: TestApp;
  let tbilisi: string;
  let almaty: string;
  let supervisor: string;
  const home = { clientId: '', caseId: '', caseReference: '', clientReference: '', noteId: '' };
  /** The files uploaded, by title: their exact bytes. */
  const files: { title: string; name: string; bytes: Buffer }[] = [];

  const seq = async () =>
    (
      await t.dataSource.query<{ seq: string }[]>(
        'SELECT coalesce(max(seq), 0)::text AS seq FROM audit_event',
      )
    )[0].seq;
  const eventsSince = (from: string) =>
    t.dataSource.query<
      {
        action: string;
        entity_type: string;
        entity_id: string;
        actor_id: string;
        team_id: string | null;
        summary: string;
        details: Record<string, unknown>;
      }[]
    >(
      'SELECT action, entity_type, entity_id, actor_id, team_id, summary, details FROM audit_event WHERE seq > $1 ORDER BY seq',
      [from],
    );

  const exportAs = (token: string, clientId: string, query = '') =>
    t
      .http()
      .get(`/api/clients/${clientId}/export${query}`)
      .set('Authorization', token)
      .buffer(true)
      .parse(binary);

  beforeAll(async () => {
    t = await startTestApp();
    tbilisi = await t.teamId('Tbilisi office');
    almaty = await t.teamId('Almaty office');
    const caseworker = await t.tokenFor('caseworker@haven.local');
    supervisor = await t.tokenFor('supervisor@haven.local');
    for (const email of [
      'admin@haven.local',
      'supervisor.almaty@haven.local',
      'caseworker2@haven.local',
      'analyst@haven.local',
    ])
      await t.tokenFor(email);

    const created = await intake(t, 'caseworker@haven.local', {
      client: {
        givenName: PLANTED.givenName,
        familyName: PLANTED.familyName,
        nativeName: PLANTED.nativeName,
        nationality: 'ER',
        languages: ['ti', 'en'],
        phone: PLANTED.phone,
        currentCity: PLANTED.city,
        entryRoute: PLANTED.entryRoute,
        dependants: [
          {
            name: PLANTED.dependantName,
            relationship: 'spouse',
            dateOfBirth: '1996-02-11',
            accompanying: true,
          },
        ],
      },
      case: {
        claimSummary: PLANTED.claimSummary,
        grounds: ['forced_recruitment', 'conscientious_objection'],
        militaryStatus: 'national_service',
      },
    });
    Object.assign(home, {
      clientId: created.client.id,
      caseId: created.case.id,
      caseReference: created.case.reference,
      clientReference: created.client.reference,
    });

    // A note edited twice (two revisions), with a comment.
    const note = await t.http().post('/api/notes').set('Authorization', caseworker).send({
      caseId: home.caseId,
      ground: 'forced_recruitment',
      title: PLANTED.noteTitles[0],
      body: PLANTED.noteBodies[0],
    });
    expect(note.status, JSON.stringify(note.body)).toBe(201);
    home.noteId = note.body.id;
    let version = note.body.version as number;
    for (const n of [1, 2]) {
      const edited = await t
        .http()
        .patch(`/api/notes/${home.noteId}`)
        .set('Authorization', caseworker)
        .send({ version, title: PLANTED.noteTitles[n], body: PLANTED.noteBodies[n] });
      expect(edited.status, JSON.stringify(edited.body)).toBe(200);
      version = edited.body.version;
    }
    const comment = await t
      .http()
      .post(`/api/notes/${home.noteId}/comments`)
      .set('Authorization', supervisor)
      .send({ body: PLANTED.comment });
    expect(comment.status, JSON.stringify(comment.body)).toBe(201);

    const task = await t
      .http()
      .post('/api/tasks')
      .set('Authorization', caseworker)
      .send({
        caseId: home.caseId,
        title: PLANTED.taskTitle,
        description: PLANTED.taskDescription,
        assigneeId: await t.userId('caseworker@haven.local'),
      });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    const deadline = await t.http().post('/api/deadlines').set('Authorization', caseworker).send({
      caseId: home.caseId,
      kind: 'submission',
      title: PLANTED.deadlineTitle,
      dueOn: '2031-03-14',
    });
    expect(deadline.status, JSON.stringify(deadline.body)).toBe(201);

    // Consent to messages given (beside the intake's), and a request for access.
    const consent = await t
      .http()
      .post(`/api/clients/${home.clientId}/consent`)
      .set('Authorization', caseworker)
      .send({
        scope: 'contact_by_message',
        action: 'given',
        on: '2026-11-20',
        language: 'ti',
        note: PLANTED.consentNote,
      });
    expect(consent.status, JSON.stringify(consent.body)).toBe(201);
    const request = await t
      .http()
      .post('/api/data-requests')
      .set('Authorization', caseworker)
      .send({
        clientId: home.clientId,
        type: 'access',
        receivedOn: '2026-11-21',
        note: PLANTED.requestNote,
      });
    expect(request.status, JSON.stringify(request.body)).toBe(201);

    const hold = await t
      .http()
      .put(`/api/cases/${home.caseId}/legal-hold`)
      .set('Authorization', supervisor)
      .send({ reason: PLANTED.holdReason, until: '2031-01-01' });
    expect(hold.status, JSON.stringify(hold.body)).toBe(200);

    // A stage change, so the case has a history.
    const current = await t
      .http()
      .get(`/api/cases/${home.caseId}`)
      .set('Authorization', caseworker);
    const staged = await t
      .http()
      .patch(`/api/cases/${home.caseId}`)
      .set('Authorization', caseworker)
      .send({ version: current.body.version, stage: 'assessment' });
    expect(staged.status, JSON.stringify(staged.body)).toBe(200);

    // Files: a PDF, a text file of several encrypted chunks (256 KiB each), and a second file of
    // the same name, which the archive must keep apart.
    const upload = async (title: string, name: string, bytes: Buffer) => {
      const response = await t
        .http()
        .post(`/api/cases/${home.caseId}/documents`)
        .set('Authorization', caseworker)
        .field('kind', 'evidence')
        .field('title', title)
        .attach('file', bytes, name);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      files.push({ title, name, bytes });
    };
    await upload(PLANTED.documentTitle, 'statement.pdf', pdfWith('aunt statement', 3000));
    const lines = Array.from(
      { length: 9000 },
      (_, i) => `line ${i}: ${randomBytes(24).toString('hex')}\n`,
    ).join('');
    await upload('Long transcript', 'transcript.txt', Buffer.from(lines, 'utf8'));
    await upload('Second statement', 'statement.pdf', pdfWith('second statement'));
  });
  afterAll(() => t?.close());

  it('holds everything planted: client.json, the files byte for byte, a PDF in Russian with Cyrillic and Ge’ez in its text layer', async () => {
    const before = await seq();
    const response = await exportAs(supervisor, home.clientId, '?lang=ru');
    expect(response.status, response.body.toString()).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="?haven-CL-[\w-]+\.zip"?$/,
    );
    expect(response.headers['cache-control']).toBe('no-store');
    // Piped to the socket, it still carries every answer's fixed headers.
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-request-id']).toBeTruthy();
    // Every entry stored with its size known: the length is announced before the first byte.
    expect(Number(response.headers['content-length'])).toBe(response.body.length);

    const entries = unzipSync(new Uint8Array(response.body));
    const names = Object.keys(entries).sort();
    expect(names).toEqual(
      [
        'client.json',
        'summary.pdf',
        `documents/${home.caseReference}/statement.pdf`,
        `documents/${home.caseReference}/statement (2).pdf`,
        `documents/${home.caseReference}/transcript.txt`,
      ].sort(),
    );

    const json = JSON.parse(Buffer.from(entries['client.json']).toString('utf8'));
    expect(json.client).toMatchObject({
      id: home.clientId,
      givenName: PLANTED.givenName,
      familyName: PLANTED.familyName,
      nativeName: PLANTED.nativeName,
      phone: PLANTED.phone,
      currentCity: PLANTED.city,
      entryRoute: PLANTED.entryRoute,
      dependants: [expect.objectContaining({ name: PLANTED.dependantName })],
      healthNotes: 'Panic attacks since the summons arrived',
    });
    expect(json.complete).toBe(false);
    expect(json.consentHistory).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          scope: 'contact_by_message',
          action: 'given',
          on: '2026-11-20',
          language: 'ti',
          note: PLANTED.consentNote,
        }),
      ]),
    );
    expect(json.dataRequests).toEqual([
      expect.objectContaining({
        type: 'access',
        status: 'open',
        receivedOn: '2026-11-21',
        dueOn: '2026-12-21',
        note: PLANTED.requestNote,
      }),
    ]);
    expect(json.cases).toHaveLength(1);
    const [exported] = json.cases;
    expect(exported).toMatchObject({
      id: home.caseId,
      reference: home.caseReference,
      claimSummary: PLANTED.claimSummary,
      teamName: 'Tbilisi office',
      stage: 'assessment',
      legalHold: expect.objectContaining({ reason: PLANTED.holdReason, until: '2031-01-01' }),
    });
    expect(exported.stageChanges).toEqual([
      expect.objectContaining({ fromStage: 'intake', toStage: 'assessment' }),
    ]);
    expect(exported.deadlines.map((d: { title: string }) => d.title)).toContain(
      PLANTED.deadlineTitle,
    );
    expect(exported.tasks).toEqual([
      expect.objectContaining({
        title: PLANTED.taskTitle,
        description: PLANTED.taskDescription,
      }),
    ]);
    expect(exported.notes).toHaveLength(1);
    const [note] = exported.notes;
    expect(note).toMatchObject({
      id: home.noteId,
      title: PLANTED.noteTitles[2],
      body: PLANTED.noteBodies[2],
    });
    // Every earlier version, oldest first: what the note said before each edit.
    expect(
      note.revisions.map((r: { version: number; title: string; body: string }) => [
        r.version,
        r.title,
        r.body,
      ]),
    ).toEqual([
      [1, PLANTED.noteTitles[0], PLANTED.noteBodies[0]],
      [2, PLANTED.noteTitles[1], PLANTED.noteBodies[1]],
    ]);
    expect(note.comments).toEqual([expect.objectContaining({ body: PLANTED.comment })]);
    expect(json.counts).toMatchObject({
      cases: 1,
      notes: 1,
      noteRevisions: 2,
      noteComments: 1,
      tasks: 1,
      documents: 3,
    });

    // The files, decrypted, byte for byte, each where its metadata says.
    expect(exported.documents).toHaveLength(3);
    for (const file of files) {
      const meta = exported.documents.find((d: { title: string }) => d.title === file.title);
      expect(meta, file.title).toBeDefined();
      expect(meta.fileName).toBe(file.name);
      expect(meta.sizeBytes).toBe(file.bytes.length);
      expect(Buffer.from(entries[meta.file]).equals(file.bytes), meta.file).toBe(true);
    }
    expect(files[1].bytes.length).toBeGreaterThan(2 * 256 * 1024);

    // The summary: Russian labels, the names in Ge'ez and Cyrillic in the text layer.
    const pdf = entries['summary.pdf'];
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain('Ваши персональные данные в Haven');
    expect(text).toContain(PLANTED.nativeName);
    expect(text).toContain(PLANTED.dependantName);
    expect(text).toContain(PLANTED.noteTitles[2]);
    expect(text).toContain(PLANTED.phone);
    expect(text).toContain('Принудительная вербовка'); // the ground's label, not its code
    expect(text).toContain('Оценка'); // the stage
    expect(text).not.toContain('forced_recruitment');
    expect(text).toContain('Заграничный паспорт'); // an identity document's kind
    expect(text).toContain('Связь через сообщения: Дано'); // the consent history
    expect(text).toContain('Доступ к своим данным'); // the request's type
    expect(text).toContain(PLANTED.consentNote);
    expect(text).toContain(`Запрет на удаление: ${PLANTED.holdReason}`);
    expect(text).toContain('Приём › Оценка'); // the stage history
    // The fonts are embedded (font files in the PDF, Ge'ez among them), not referenced.
    const raw = Buffer.from(pdf).toString('latin1');
    expect(raw).toMatch(/\/FontFile2/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansEthiopic-Regular/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);

    // One event, filed under the team holding the case, before the archive was sent: who, which
    // client, counts — never a name, a phone, a city or a text.
    const events = await eventsSince(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'export',
      entity_type: 'client',
      entity_id: home.clientId,
      actor_id: await t.userId('supervisor@haven.local'),
      team_id: tbilisi,
      details: expect.objectContaining({ lang: 'ru', documents: 3, noteRevisions: 2 }),
    });
    const trail = JSON.stringify(events);
    for (const value of [
      PLANTED.givenName,
      PLANTED.familyName,
      PLANTED.nativeName,
      PLANTED.phone,
      PLANTED.city,
      PLANTED.dependantName,
      PLANTED.noteTitles[2],
      PLANTED.documentTitle,
      PLANTED.consentNote,
      PLANTED.requestNote,
      PLANTED.holdReason,
      'statement.pdf',
    ])
      expect(trail).not.toContain(value);
  });

  it('writes the summary in English when asked, and in the caller’s own language by default', async () => {
    const english = await exportAs(supervisor, home.clientId, '?lang=en');
    expect(english.status).toBe(200);
    const text = await pdfText(unzipSync(new Uint8Array(english.body))['summary.pdf']);
    expect(text).toContain('Your personal data held by Haven');
    expect(text).toContain('Forced recruitment');
    expect(text).toContain(PLANTED.nativeName);
    expect(text).toContain(PLANTED.dependantName);

    await t.dataSource.query(`UPDATE app_user SET locale = 'ru' WHERE email = $1`, [
      'admin@haven.local',
    ]);
    const byDefault = await exportAs(await t.tokenFor('admin@haven.local'), home.clientId);
    expect(byDefault.status).toBe(200);
    const russian = await pdfText(unzipSync(new Uint8Array(byDefault.body))['summary.pdf']);
    expect(russian).toContain('Ваши персональные данные в Haven');
  });

  it('refuses an unknown language with a 400 naming lang, and records nothing', async () => {
    const before = await seq();
    for (const query of ['?lang=xx', '?lang=en&lang=ru']) {
      const response = await exportAs(supervisor, home.clientId, query);
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body.toString())).toMatchObject({ field: 'lang' });
    }
    expect(
      JSON.parse((await exportAs(supervisor, home.clientId, '?lang=xx')).body.toString()),
    ).toMatchObject({ code: 'query.one_of' });
    expect(await eventsSince(before)).toEqual([]);
  });

  it('is 404 for another team’s supervisor and an unknown client, 403 for caseworkers and analysts; none of them audited', async () => {
    const before = await seq();
    const refusals: [string, string, number][] = [
      ['supervisor.almaty@haven.local', home.clientId, 404],
      ['admin@haven.local', '00000000-0000-4000-8000-000000000000', 404],
      ['caseworker@haven.local', home.clientId, 403],
      ['caseworker2@haven.local', home.clientId, 403],
      ['analyst@haven.local', home.clientId, 403],
    ];
    for (const [email, clientId, status] of refusals) {
      const response = await exportAs(await t.tokenFor(email), clientId, '?lang=en');
      expect(response.status, email).toBe(status);
      expect(response.headers['content-type'], email).toMatch(/^application\/json/);
    }
    expect(await eventsSince(before)).toEqual([]);
  });

  it('gives a supervisor their own team’s cases of a client held by two teams, an admin every case', async () => {
    const shared = await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Yonas', familyName: 'Tekle', nativeName: 'ዮናስ ተኽለ' },
      case: { claimSummary: 'Tbilisi’s part of the story' },
    });
    const admin = await t.tokenFor('admin@haven.local');
    const second = await t.http().post('/api/cases').set('Authorization', admin).send({
      clientId: shared.client.id,
      caseType: 'stay_extension',
      jurisdiction: 'KZ',
      teamId: almaty,
      claimSummary: 'Almaty’s part of the story',
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);

    for (const [email, own, other] of [
      ['supervisor@haven.local', shared.case.id, second.body.id],
      ['supervisor.almaty@haven.local', second.body.id, shared.case.id],
    ] as const) {
      const before = await seq();
      const response = await exportAs(await t.tokenFor(email), shared.client.id, '?lang=en');
      expect(response.status, email).toBe(200);
      const json = JSON.parse(
        Buffer.from(unzipSync(new Uint8Array(response.body))['client.json']).toString('utf8'),
      );
      expect(json.cases.map((c: { id: string }) => c.id)).toEqual([own]);
      expect(JSON.stringify(json)).not.toContain(other);
      // Incomplete, without saying whether (or how many) other offices hold cases.
      expect(json.complete).toBe(false);
      expect(json).not.toHaveProperty('casesNotIncluded');
      // Filed under the exporter's team and every team holding a case of the person.
      const events = await eventsSince(before);
      expect(events.map((e) => e.team_id).sort()).toEqual([almaty, tbilisi].sort());
      expect(events.every((e) => e.action === 'export' && e.entity_id === shared.client.id)).toBe(
        true,
      );
    }

    const all = await exportAs(admin, shared.client.id, '?lang=en');
    expect(all.status).toBe(200);
    const json = JSON.parse(
      Buffer.from(unzipSync(new Uint8Array(all.body))['client.json']).toString('utf8'),
    );
    expect(json.cases.map((c: { claimSummary: string }) => c.claimSummary).sort()).toEqual([
      'Almaty’s part of the story',
      'Tbilisi’s part of the story',
    ]);
    expect(json.complete).toBe(true);
  });

  it('holds the records of the person merged into the client, with what they held', async () => {
    const survivor = await intake(t, 'caseworker@haven.local');
    const duplicate = await intake(t, 'caseworker@haven.local', {
      client: { phone: '+995 599 11 22 33', currentCity: 'Kutaisi' },
    });
    const merged = await t
      .http()
      .post(`/api/clients/${survivor.client.id}/merge`)
      .set('Authorization', supervisor)
      .send({ duplicateId: duplicate.client.id });
    expect(merged.status).toBe(200);
    const response = await exportAs(supervisor, survivor.client.id, '?lang=en');
    expect(response.status).toBe(200);
    const json = JSON.parse(
      Buffer.from(unzipSync(new Uint8Array(response.body))['client.json']).toString('utf8'),
    );
    expect(json.mergedRecords).toEqual([
      expect.objectContaining({
        id: duplicate.client.id,
        phone: '+995 599 11 22 33',
        currentCity: 'Kutaisi',
      }),
    ]);
  });

  it('names files safely: no path out of the archive, no control characters, duplicates kept apart', async () => {
    const { case: c, client } = await intake(t, 'caseworker@haven.local');
    const caseworker = await t.tokenFor('caseworker@haven.local');
    for (const name of ['..\\..\\evil?.pdf', '\u202egnp.pdf', 'CON.pdf', 'a:b*c.pdf', 'evil?.pdf'])
      expect(
        (
          await t
            .http()
            .post(`/api/cases/${c.id}/documents`)
            .set('Authorization', caseworker)
            .field('kind', 'other')
            .field('title', 'Odd name')
            .attach('file', pdfWith(name), name)
        ).status,
      ).toBe(201);
    const response = await exportAs(supervisor, client.id, '?lang=en');
    expect(response.status).toBe(200);
    const names = Object.keys(unzipSync(new Uint8Array(response.body))).filter((n) =>
      n.startsWith('documents/'),
    );
    expect(names).toHaveLength(5);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(5);
    for (const name of names) {
      expect(name.startsWith(`documents/${c.reference}/`), name).toBe(true);
      const file = name.slice(`documents/${c.reference}/`.length);
      expect(file, name).not.toMatch(/[\\/:*?"<>|\u0000-\u001f\u202e]|\.\./);
      expect(file, name).toMatch(/\.pdf$/);
    }
    expect(names).toContain(`documents/${c.reference}/evil_.pdf`);
    expect(names).toContain(`documents/${c.reference}/evil_ (2).pdf`);
  });

  it('records the export before the first byte: a file failing mid-way cuts the archive short, the event stays', async () => {
    const { case: c, client } = await intake(t, 'caseworker@haven.local');
    const caseworker = await t.tokenFor('caseworker@haven.local');
    const uploaded = await t
      .http()
      .post(`/api/cases/${c.id}/documents`)
      .set('Authorization', caseworker)
      .field('kind', 'other')
      .field('title', 'Will break')
      .attach('file', pdfWith('broken', 600_000), 'broken.pdf');
    expect(uploaded.status).toBe(201);
    // Damage the file's last chunk at rest: it no longer decrypts.
    await t.ownerQuery(
      `UPDATE document_chunk SET data = decode('00', 'hex') || substring(data from 2)
        WHERE blob_id = $1 AND n = (SELECT max(n) FROM document_chunk WHERE blob_id = $1)`,
      [uploaded.body.id],
    );
    const before = await seq();
    const outcome = await exportAs(supervisor, client.id, '?lang=en').then(
      (response) => ({
        complete: Number(response.headers['content-length']) === response.body.length,
      }),
      () => ({ complete: false }),
    );
    expect(outcome.complete).toBe(false);
    const events = await eventsSince(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'export', entity_id: client.id });
  });
});
