import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/** Every table's text-like and binary column, from information_schema (new tables included). */
async function scannableColumns(t: TestApp) {
  return t.ownerQuery<{ table_name: string; column_name: string; data_type: string }[]>(
    `SELECT c.table_name, c.column_name, c.data_type
       FROM information_schema.columns c
       JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
      WHERE c.table_schema = 'public' AND tb.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json', 'bytea', 'ARRAY')
      ORDER BY 1, 2`,
  );
}

/** Where (table.column) any of `needles` occurs in the database, as text or as bytes. */
async function findInDatabase(t: TestApp, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const { table_name: table, column_name: column, data_type: type } of await scannableColumns(
    t,
  )) {
    const predicate =
      type === 'bytea'
        ? `position(convert_to(needle.v, 'UTF8') IN x."${column}") > 0`
        : `strpos(x."${column}"::text, needle.v) > 0`;
    const [row] = await t.ownerQuery<{ hits: string[] | null }[]>(
      `SELECT array_agg(DISTINCT needle.v) AS hits FROM "${table}" x CROSS JOIN unnest($1::text[]) AS needle(v) WHERE ${predicate}`,
      [needles],
    );
    if (row.hits?.length) found.push(`${table}.${column}: ${row.hits.join(', ')}`);
  }
  return found;
}

describe('anonymising a client', () => {
  let t: TestApp;
  let admin: string;
  let supervisor: string;
  let caseworker: string;
  const u = randomBytes(4).toString('hex');
  const digits = String(parseInt(u, 16)).padStart(8, '7').slice(0, 8);
  const planted = {
    given: `Zorbek${u}`,
    family: `Quillfeather${u}`,
    native: `Зорбекщ${u} Квиллфезер`,
    phone: `+995 5${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)} ${digits.slice(6, 8)}`,
    email: `planted.${u}@example.org`,
    city: `Kutaisivale${u}`,
    passport: `PX${u}99`,
    dependant: `Lidiyaq${u}`,
    route: `Lars pass ${u} by foot`,
    health: `Insomnia-${u}`,
    claim: `Claimtext-${u}`,
    referral: `Referral-${u}`,
    authority: `AZ-${u}-77`,
    noteTitle: `Notetitle-${u}`,
    noteBody: `Notebody-${u}`,
    evidence: `Evidencetext-${u}`,
    comment: `Commenttext-${u}`,
    taskTitle: `Tasktitle-${u}`,
    taskDescription: `Taskdesc-${u}`,
    deadlineTitle: `Deadlinetitle-${u}`,
    stageReason: `Stagereason-${u}`,
    documentTitle: `Doctitle-${u}`,
    fileName: `scan-${u}.txt`,
    fileBytes: `Filebytes-${u}-the-content`,
    holdReason: `Holdreason-${u}`,
    consentNote: `Consentnote-${u}`,
    requestNote: `Requestnote-${u}`,
  };
  const needles = [
    ...Object.values(planted),
    planted.phone.replace(/[^\d+]/g, ''),
    planted.phone.replace(/\D/g, ''),
  ];
  let clientId: string;
  let caseId: string;
  let noteId: string;
  let documentId: string;

  const stats = async () => {
    const response = await t
      .http()
      .get('/api/stats/aggregate?dimensions=nationality,sex,ageBand')
      .set('Authorization', admin);
    expect(response.status).toBe(200);
    return response.body.data;
  };

  beforeAll(async () => {
    t = await startTestApp({ statsMaxAgeSeconds: 0 });
    admin = await t.tokenFor('admin@haven.local');
    supervisor = await t.tokenFor('supervisor@haven.local');
    caseworker = await t.tokenFor('caseworker@haven.local');
    const made = await intake(t, 'caseworker@haven.local', {
      client: {
        givenName: planted.given,
        familyName: planted.family,
        nativeName: planted.native,
        dateOfBirth: '1991-07-14',
        phone: planted.phone,
        email: planted.email,
        currentCity: planted.city,
        entryRoute: planted.route,
        healthNotes: planted.health,
        documents: [
          {
            kind: 'international_passport',
            number: planted.passport,
            issuingCountry: 'RU',
            expiresOn: '2030-03-01',
          },
        ],
        dependants: [
          {
            name: planted.dependant,
            relationship: 'daughter',
            dateOfBirth: '2015-02-02',
            accompanying: true,
          },
        ],
      },
      case: {
        claimSummary: planted.claim,
        referralSource: planted.referral,
        authorityReferences: [{ authority: 'BAMF', reference: planted.authority }],
        summonsDate: '2022-09-23',
        desertionDate: '2022-10-01',
      },
    });
    clientId = made.client.id;
    caseId = made.case.id;
    const send = (token: string, method: 'post' | 'patch' | 'put', url: string, body: object) =>
      t.http()[method](url).set('Authorization', token).send(body);

    const note = await send(caseworker, 'post', '/api/notes', {
      caseId,
      ground: 'political_opinion',
      title: planted.noteTitle,
      body: `${planted.noteBody} first`,
      evidence: [
        {
          kind: 'witness_statement',
          description: planted.evidence,
          reference: null,
          original: false,
          language: 'ru',
          translated: false,
        },
      ],
    });
    expect(note.status).toBe(201);
    noteId = note.body.id;
    for (const version of [1, 2]) {
      const edited = await send(caseworker, 'patch', `/api/notes/${noteId}`, {
        version,
        title: `${planted.noteTitle} v${version + 1}`,
        body: `${planted.noteBody} edit ${version}`,
      });
      expect(edited.status).toBe(200);
    }
    expect(
      (await send(supervisor, 'post', `/api/notes/${noteId}/comments`, { body: planted.comment }))
        .status,
    ).toBe(201);
    expect(
      (
        await send(caseworker, 'post', '/api/tasks', {
          caseId,
          title: planted.taskTitle,
          description: planted.taskDescription,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await send(caseworker, 'post', '/api/deadlines', {
          caseId,
          kind: 'other',
          title: planted.deadlineTitle,
          dueOn: '2031-01-10',
        })
      ).status,
    ).toBe(201);
    // A reminder's title is a code and parameters (the deadline's title among them, encrypted).
    await t.ownerQuery(
      `UPDATE task SET title_code = 'reminder', title_params = 'v2.k1.stands-for-a-ciphertext'
        WHERE case_id = $1`,
      [caseId],
    );
    const theCase = await t.http().get(`/api/cases/${caseId}`).set('Authorization', caseworker);
    const forward = await send(caseworker, 'patch', `/api/cases/${caseId}`, {
      version: theCase.body.version,
      stage: 'assessment',
    });
    expect(forward.status).toBe(200);
    const back = await send(caseworker, 'patch', `/api/cases/${caseId}`, {
      version: forward.body.version,
      stage: 'intake',
      stageReason: planted.stageReason,
    });
    expect(back.status).toBe(200);
    const uploaded = await t
      .http()
      .post(`/api/cases/${caseId}/documents`)
      .set('Authorization', caseworker)
      .field('kind', 'evidence')
      .field('title', planted.documentTitle)
      .attach('file', Buffer.from(planted.fileBytes), planted.fileName);
    expect(uploaded.status).toBe(201);
    documentId = uploaded.body.id;
    expect(
      (
        await send(caseworker, 'post', `/api/clients/${clientId}/consent`, {
          scope: 'anonymised_statistics',
          action: 'given',
          on: '2025-01-10',
          language: 'ru',
          note: planted.consentNote,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await send(caseworker, 'post', '/api/data-requests', {
          clientId,
          type: 'erasure',
          receivedOn: '2025-02-01',
          note: planted.requestNote,
        })
      ).status,
    ).toBe(201);
    // The client is read (audited) by several roles.
    await t.http().get(`/api/clients/${clientId}`).set('Authorization', supervisor);
    await t
      .http()
      .get(`/api/clients?q=${encodeURIComponent(planted.family)}`)
      .set('Authorization', admin);
  });
  afterAll(() => t.close());

  it('keeps only the year of birth, choosing the day of that year that keeps every case in its age band', async () => {
    // Opened at 17 (band 12-17): 1 January of the birth year would make them 18 at opening.
    const edge = await intake(t, 'caseworker@haven.local', {
      client: { dateOfBirth: '2008-11-20' },
      case: { openedOn: '2026-06-01' },
    });
    const plain = await intake(t, 'caseworker@haven.local', {
      client: { dateOfBirth: '1990-05-05' },
      case: { openedOn: '2026-06-01' },
    });
    const bands = () =>
      t.dataSource.query<{ id: string; band: string; born: string }[]>(
        `SELECT c.id, to_char(cl.date_of_birth, 'YYYY-MM-DD') AS born,
                CASE WHEN cl.date_of_birth > c.opened_on - interval '18 years' THEN 'minor' ELSE 'adult' END AS band
           FROM legal_case c JOIN client cl ON cl.id = c.client_id WHERE c.id = ANY($1) ORDER BY c.id`,
        [[edge.case.id, plain.case.id]],
      );
    const before = await bands();
    for (const id of [edge.client.id, plain.client.id])
      expect(
        (await t.http().post(`/api/clients/${id}/anonymise`).set('Authorization', admin)).status,
      ).toBe(200);
    const after = await bands();
    expect(after.map((r) => r.band)).toEqual(before.map((r) => r.band));
    const born = Object.fromEntries(after.map((r) => [r.id, r.born]));
    expect(born[edge.case.id]).toBe('2008-12-31');
    expect(born[plain.case.id]).toBe('1990-01-01');
  });

  it('refuses non-admins (403) and an unknown client (404)', async () => {
    for (const token of [supervisor, caseworker, await t.tokenFor('analyst@haven.local')])
      expect(
        (await t.http().post(`/api/clients/${clientId}/anonymise`).set('Authorization', token))
          .status,
      ).toBe(403);
    const unknown = await t
      .http()
      .post('/api/clients/00000000-0000-4000-8000-000000000000/anonymise')
      .set('Authorization', admin);
    expect(unknown.status).toBe(404);
  });

  it('is refused under a legal hold (409), nothing changed; the hold belongs to the team’s supervisor', async () => {
    const outsider = await t.tokenFor('supervisor.almaty@haven.local');
    expect(
      (
        await t
          .http()
          .put(`/api/cases/${caseId}/legal-hold`)
          .set('Authorization', outsider)
          .send({ reason: 'x' })
      ).status,
    ).toBe(404);
    expect(
      (
        await t
          .http()
          .put(`/api/cases/${caseId}/legal-hold`)
          .set('Authorization', caseworker)
          .send({ reason: 'x' })
      ).status,
    ).toBe(403);
    const held = await t
      .http()
      .put(`/api/cases/${caseId}/legal-hold`)
      .set('Authorization', supervisor)
      .send({ reason: planted.holdReason, until: null });
    expect(held.status).toBe(200);
    expect(held.body.legalHold).toMatchObject({
      reason: planted.holdReason,
      until: null,
      active: true,
    });
    const before = await t.ownerQuery(`SELECT * FROM client WHERE id = $1`, [clientId]);
    const refused = await t
      .http()
      .post(`/api/clients/${clientId}/anonymise`)
      .set('Authorization', admin);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('client.legal_hold');
    expect(await t.ownerQuery(`SELECT * FROM client WHERE id = $1`, [clientId])).toEqual(before);
    const cleared = await t
      .http()
      .delete(`/api/cases/${caseId}/legal-hold`)
      .set('Authorization', supervisor);
    expect(cleared.status).toBe(200);
    expect(cleared.body.legalHold).toBeNull();
    // An expired hold holds nothing.
    const expired = await t
      .http()
      .put(`/api/cases/${caseId}/legal-hold`)
      .set('Authorization', admin)
      .send({ reason: planted.holdReason, until: '2020-01-01' });
    // A last day already past is refused: it would show a hold that protects nothing.
    expect(expired.status).toBe(400);
    expect(expired.body).toMatchObject({ code: 'validation.too_small', field: 'until' });
    // A hold whose last day has passed since holds nothing.
    const today = new Date().toISOString().slice(0, 10);
    const lapsing = await t
      .http()
      .put(`/api/cases/${caseId}/legal-hold`)
      .set('Authorization', admin)
      .send({ reason: planted.holdReason, until: today });
    expect(lapsing.body.legalHold.active).toBe(true);
    await t.dataSource.query(
      `UPDATE legal_case SET legal_hold_until = current_date - 1 WHERE id = $1`,
      [caseId],
    );
    const lapsed = await t.http().get(`/api/cases/${caseId}`).set('Authorization', admin);
    expect(lapsed.body.legalHold.active).toBe(false);
  });

  it('erases every planted identifier from every table and the file store; statistics and the audit chain hold', async () => {
    // Nothing planted ever reached the audit trail.
    const auditBefore = JSON.stringify(await t.ownerQuery('SELECT * FROM audit_event'));
    for (const needle of needles) expect(auditBefore).not.toContain(needle);
    // Names are in clear by design before (the scan works): the family name is found.
    expect((await findInDatabase(t, [planted.family])).length).toBeGreaterThan(0);
    const statsBefore = await stats();
    const revisionsBefore = await t.ownerQuery<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM note_revision WHERE note_id = $1',
      [noteId],
    );
    expect(revisionsBefore[0].n).toBe(2);

    const response = await t
      .http()
      .post(`/api/clients/${clientId}/anonymise`)
      .set('Authorization', admin);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: clientId, changed: true });

    expect(await findInDatabase(t, needles)).toEqual([]);
    const auditAfter = JSON.stringify(await t.ownerQuery('SELECT * FROM audit_event'));
    for (const needle of needles) expect(auditAfter).not.toContain(needle);

    // Encrypted columns of erased fields are empty, not merely unreadable.
    const [client] = await t.ownerQuery<Record<string, unknown>[]>(
      `SELECT given_name, family_name, native_name, date_of_birth::text AS dob, date_of_birth_approximate,
              phone, phone_index, email, current_city, entry_route, documents, dependants, health_notes,
              religion, vulnerabilities, anonymised_at IS NOT NULL AS anonymised, nationality, sex
         FROM client WHERE id = $1`,
      [clientId],
    );
    expect(client).toMatchObject({
      given_name: 'Anonymised',
      family_name: '',
      native_name: null,
      dob: '1991-01-01',
      date_of_birth_approximate: true,
      phone: null,
      phone_index: null,
      email: null,
      current_city: null,
      entry_route: null,
      documents: null,
      dependants: null,
      health_notes: null,
      religion: null,
      vulnerabilities: null,
      anonymised: true,
      nationality: 'RU',
      sex: 'male',
    });
    const [legalCase] = await t.ownerQuery<Record<string, unknown>[]>(
      `SELECT claim_summary, service_history, referral_source, authority_references, summons_date,
              desertion_date, legal_hold_reason, case_type, grounds FROM legal_case WHERE id = $1`,
      [caseId],
    );
    expect(legalCase).toMatchObject({
      claim_summary: null,
      referral_source: null,
      authority_references: null,
      summons_date: null,
      desertion_date: null,
      legal_hold_reason: null,
      case_type: 'asylum',
    });
    const counts = await t.ownerQuery<Record<string, number>[]>(
      `SELECT (SELECT count(*)::int FROM note_revision WHERE note_id = $2) AS revisions,
              (SELECT count(*)::int FROM note_comment WHERE note_id = $2) AS comments,
              (SELECT count(*)::int FROM note WHERE id = $2 AND evidence IS NULL) AS notes_kept,
              (SELECT count(*)::int FROM document WHERE case_id = $1) AS documents,
              (SELECT count(*)::int FROM document_chunk WHERE blob_id = $3) AS chunks,
              (SELECT count(*)::int FROM task WHERE case_id = $1 AND description IS NULL
                  AND title_code IS NULL AND title_params IS NULL) AS tasks_kept,
              (SELECT count(*)::int FROM case_stage_change WHERE case_id = $1 AND reason IS NOT NULL) AS reasons,
              (SELECT count(*)::int FROM consent_event WHERE client_id = $4 AND note IS NOT NULL) AS consent_notes,
              (SELECT count(*)::int FROM data_request WHERE client_id = $4 AND note IS NOT NULL) AS request_notes,
              (SELECT count(*)::int FROM case_search WHERE client_id = $4 AND client_text LIKE '%' || $5 || '%') AS search`,
      [caseId, noteId, documentId, clientId, planted.family],
    );
    expect(counts[0]).toEqual({
      revisions: 0,
      comments: 0,
      notes_kept: 1,
      documents: 0,
      chunks: 0,
      tasks_kept: 1,
      reasons: 0,
      consent_notes: 0,
      request_notes: 0,
      search: 0,
    });
    expect(
      (await t.http().get(`/api/documents/${documentId}/content`).set('Authorization', admin))
        .status,
    ).toBe(404);

    // The client and case still read through the API, as anonymised.
    const read = await t.http().get(`/api/clients/${clientId}`).set('Authorization', admin);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ givenName: 'Anonymised', phone: null, dependants: [] });
    const note = await t.http().get(`/api/notes/${noteId}`).set('Authorization', admin);
    expect(note.status).toBe(200);
    expect(note.body.title).toBe('—');

    expect(await stats()).toEqual(statsBefore);
    const verified = await t.http().get('/api/audit-events/verify').set('Authorization', admin);
    expect(verified.status).toBe(200);
    expect(verified.body.ok).toBe(true);

    // The audit event names ids and counts only.
    const [event] = await t.ownerQuery<{ summary: string; details: Record<string, unknown> }[]>(
      `SELECT summary, details FROM audit_event WHERE entity_id = $1 AND action = 'delete' ORDER BY seq DESC LIMIT 1`,
      [clientId],
    );
    expect(event.details).toMatchObject({ anonymised: true, caseIds: [caseId], documents: 1 });

    // Again: idempotent.
    const again = await t
      .http()
      .post(`/api/clients/${clientId}/anonymise`)
      .set('Authorization', admin);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: clientId, changed: false });
  });
});
