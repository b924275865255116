import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DeadlineDocumentLists1768521600000 } from '../../migrations/1768521600000-deadline-document-lists.js';
import { totalsCheck } from '../src/cli/totals-check.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { grantRuntimeRole, urlUser } from '../src/database/roles.js';
import { deadlineContext } from '../src/deadlines/deadline.entity.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../src/encryption/field-encryption.js';
import { pdfWith } from './document-fixtures.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';
import { caseMoves, random } from './random-writes.js';

/**
 * The deadline and document lists kept by writes (migration 1768521600000, docs/decisions/0025):
 * totals summed from `deadline_list_total` / `document_list_total`, a scoped page read in order
 * from `deadline_list_row` / `document_list_row`. Random writes of every kind that moves a deadline
 * or a document in or out of a list or within it — through the API and straight in SQL, one row
 * and many a statement — and after each batch every role's lists, paged to the end in small pages,
 * must give exactly the rows the access rule selects from the tables, in the list's order, with
 * that many as `total`; and every kept table must equal its recount (`totals-check`).
 */

const CASEWORKERS = [
  'caseworker@haven.local',
  'caseworker2@haven.local',
  'caseworker.almaty@haven.local',
  'caseworker2.almaty@haven.local',
  'caseworker.berlin@haven.local',
];
const READERS = [
  'admin@haven.local',
  'supervisor@haven.local',
  'supervisor.almaty@haven.local',
  'supervisor.berlin@haven.local',
  ...CASEWORKERS,
];
/** Due dates the random writes choose from: many deadlines share a day (ties ordered by id). */
const DAYS = ['2027-01-04', '2027-01-05', '2027-02-01', '2027-03-15'];
const STATUSES = ['open', 'done', 'missed', 'waived'];

describe('deadline and document lists kept by writes', () => {
  let t: TestApp;
  let owner: DataSource;
  const tokens = new Map<string, string>();
  const users = new Map<string, { id: string; role: string; team_id: string | null }>();
  const teams = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp();
    for (const email of READERS) {
      tokens.set(email, await t.tokenFor(email));
      const [user] = await t.dataSource.query<{ id: string; role: string; team_id: string }[]>(
        `SELECT id, role, team_id FROM app_user WHERE email = $1`,
        [email],
      );
      users.set(email, user);
    }
    for (const name of ['Tbilisi', 'Almaty', 'Berlin']) {
      const [row] = await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM team WHERE name ILIKE $1`,
        [`%${name}%`],
      );
      teams.set(name, row.id);
    }
    // totals-check --fix runs as the schema's owner: this file's database, as the superuser.
    const url = new URL(inject('databaseUrl'));
    url.pathname = new URL((t.dataSource.options as { url: string }).url).pathname;
    owner = new DataSource(dataSourceOptions(url.toString(), 2));
    await owner.initialize();
  });
  afterAll(async () => {
    await owner?.destroy();
    await t.close();
  });

  /** The access rule over `legal_case c`, as AccessService.cases states it, for one reader. */
  function scope(email: string): { where: string; params: unknown[] } {
    const user = users.get(email)!;
    if (user.role === 'admin') return { where: 'true', params: [] };
    if (user.role === 'supervisor') return { where: 'c.team_id = $1', params: [user.team_id] };
    return { where: 'c.assigned_to_id = $1 AND c.team_id = $2', params: [user.id, user.team_id] };
  }

  /** Every page of a list (small pages: the kept page's OFFSET is walked), its totals and ids. */
  async function walk(email: string, path: string, query: Record<string, string>) {
    const totals = new Set<number>();
    const seen: string[] = [];
    const perPage = 7;
    for (let page = 1; ; page++) {
      const params = new URLSearchParams({
        ...query,
        page: String(page),
        perPage: String(perPage),
      });
      const response = await t
        .http()
        .get(`${path}?${params.toString()}`)
        .set('Authorization', tokens.get(email)!);
      expect(response.status, `${email} ${path}?${params.toString()}`).toBe(200);
      totals.add(response.body.total as number);
      const rows = response.body.data as { id: string }[];
      seen.push(...rows.map((row) => row.id));
      if (rows.length < perPage) break;
    }
    return { totals: [...totals], ids: seen };
  }

  /** Every reader's deadline and document lists against the rows the tables give them. */
  async function mismatches(): Promise<string[]> {
    const found: string[] = [];
    const check = async (
      email: string,
      label: string,
      path: string,
      query: Record<string, string>,
      expectedSql: string,
      extra: unknown[],
    ) => {
      const { where, params } = scope(email);
      const expected = (
        await t.dataSource.query<{ id: string }[]>(expectedSql.replace('$SCOPE', where), [
          ...params,
          ...extra,
        ])
      ).map((row) => row.id);
      const { totals, ids } = await walk(email, path, query);
      if (totals.length !== 1 || totals[0] !== expected.length)
        found.push(`${email} ${label}: total ${totals.join(',')}, rows ${expected.length}`);
      if (JSON.stringify(ids) !== JSON.stringify(expected))
        found.push(`${email} ${label}: ${ids.length} rows listed ≠ ${expected.length} expected`);
    };
    for (const email of READERS) {
      const n = scope(email).params.length;
      for (const [order, dir] of [
        ['ASC', 'ASC'],
        ['DESC', 'DESC'],
      ]) {
        for (const status of STATUSES)
          await check(
            email,
            `deadlines ${status} ${order}`,
            '/api/deadlines',
            { status, sort: 'dueOn', order },
            `SELECT d.id FROM deadline d JOIN legal_case c ON c.id = d.case_id
              WHERE $SCOPE AND d.status = $${n + 1} ORDER BY d.due_on ${dir}, d.id ${dir}`,
            [status],
          );
        await check(
          email,
          `deadlines ${order}`,
          '/api/deadlines',
          { sort: 'dueOn', order },
          `SELECT d.id FROM deadline d JOIN legal_case c ON c.id = d.case_id
            WHERE $SCOPE ORDER BY d.due_on ${dir}, d.id ${dir}`,
          [],
        );
        await check(
          email,
          `documents ${order}`,
          '/api/documents',
          { sort: 'createdAt', order },
          `SELECT d.id FROM document d JOIN legal_case c ON c.id = d.case_id
            WHERE $SCOPE ORDER BY d.created_at ${dir}, d.id ${dir}`,
          [],
        );
      }
      await check(
        email,
        'documents withdrawn',
        '/api/documents',
        { status: 'withdrawn', sort: 'createdAt', order: 'DESC' },
        `SELECT d.id FROM document d JOIN legal_case c ON c.id = d.case_id
          WHERE $SCOPE AND d.status = 'withdrawn' ORDER BY d.created_at DESC, d.id DESC`,
        [],
      );
      await check(
        email,
        'open deadlines of Almaty',
        '/api/deadlines',
        { status: 'open', teamId: teams.get('Almaty')!, sort: 'dueOn', order: 'ASC' },
        `SELECT d.id FROM deadline d JOIN legal_case c ON c.id = d.case_id
          WHERE $SCOPE AND d.status = 'open' AND c.team_id = $${n + 1} ORDER BY d.due_on, d.id`,
        [teams.get('Almaty')],
      );
      await check(
        email,
        'open deadlines of caseworker',
        '/api/deadlines',
        { status: 'open', assignedToId: users.get('caseworker@haven.local')!.id },
        `SELECT d.id FROM deadline d JOIN legal_case c ON c.id = d.case_id
          WHERE $SCOPE AND d.status = 'open' AND c.assigned_to_id = $${n + 1} ORDER BY d.due_on, d.id`,
        [users.get('caseworker@haven.local')!.id],
      );
    }
    return found;
  }

  /** Deadlines inserted in one statement, one a case, their titles sealed as the API seals them. */
  async function insertDeadlines(caseIds: string[], dueOn: string, status = 'open') {
    const crypto = t.app.get<FieldEncryption>(FIELD_ENCRYPTION);
    const ids = caseIds.map(() => randomUUID());
    await t.dataSource.query(
      `INSERT INTO deadline (id, case_id, kind, title, due_on, source, status)
       SELECT id, case_id, 'other', title, $4::date, 'manual', $5::deadline_status
         FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS v(id, case_id, title)`,
      [
        ids,
        caseIds,
        ids.map((id) => crypto.encrypt('Bring the papers', deadlineContext(id))),
        dueOn,
        status,
      ],
    );
  }

  const drift = async () => (await totalsCheck(t.dataSource, { fix: false })).drift;

  const liveCases = () =>
    t.dataSource.query<{ id: string; team_id: string; client_id: string }[]>(
      `SELECT c.id, c.team_id, c.client_id FROM legal_case c JOIN client cl ON cl.id = c.client_id
        WHERE cl.anonymised_at IS NULL ORDER BY c.id`,
    );
  const all = (table: 'deadline' | 'document') =>
    t.dataSource.query<{ id: string; version: number; status: string }[]>(
      `SELECT id, version, status FROM ${table} ORDER BY id`,
    );

  it('keeps every role’s deadline and document lists exact through random writes', async () => {
    const seed = Number(process.env.LIST_COUNTS_SEED ?? 25);
    const rng = random(seed);
    const admin = tokens.get('admin@haven.local')!;
    const done = new Map<string, number>();
    for (const email of CASEWORKERS) await intake(t, email);

    const writes: Record<string, () => Promise<boolean>> = {
      intake: async () => {
        await intake(t, rng.pick(CASEWORKERS));
        return true;
      },
      deadline: async () => {
        const cases = await liveCases();
        if (cases.length === 0) return false;
        const response = await t
          .http()
          .post('/api/deadlines')
          .set('Authorization', admin)
          .send({
            caseId: rng.pick(cases).id,
            kind: 'other',
            title: 'Bring the papers',
            dueOn: rng.pick(DAYS),
          });
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        return true;
      },
      // Many deadlines over several cases (several teams and caseworkers), one statement.
      deadlines: async () => {
        const cases = (await liveCases()).filter(() => rng.next() < 0.4).map((c) => c.id);
        await insertDeadlines(cases, rng.pick(DAYS), rng.pick(STATUSES));
        return cases.length > 0;
      },
      // Completed, missed, waived, or reopened through the API.
      status: async () => {
        const deadlines = await all('deadline');
        if (deadlines.length === 0) return false;
        const chosen = rng.pick(deadlines);
        const to = chosen.status === 'open' ? rng.pick(STATUSES.slice(1)) : 'open';
        const response = await t
          .http()
          .patch(`/api/deadlines/${chosen.id}`)
          .set('Authorization', admin)
          .send({ version: chosen.version, status: to });
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        return true;
      },
      redate: async () => {
        const deadlines = await all('deadline');
        if (deadlines.length === 0) return false;
        const chosen = rng.pick(deadlines);
        const response = await t
          .http()
          .patch(`/api/deadlines/${chosen.id}`)
          .set('Authorization', admin)
          .send({ version: chosen.version, dueOn: rng.pick(DAYS) });
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        return true;
      },
      // Many statuses in one statement.
      statuses: async () => {
        const chosen = (await all('deadline')).filter(() => rng.next() < 0.3).map((d) => d.id);
        await t.dataSource.query(
          `UPDATE deadline SET status = $2::deadline_status WHERE id = ANY ($1)`,
          [chosen, rng.pick(STATUSES)],
        );
        return chosen.length > 0;
      },
      // A deadline filed under another case (another team, perhaps).
      moveDeadline: async () => {
        const deadlines = await all('deadline');
        const cases = await liveCases();
        if (deadlines.length === 0 || cases.length === 0) return false;
        await t.dataSource.query(`UPDATE deadline SET case_id = $2 WHERE id = $1`, [
          rng.pick(deadlines).id,
          rng.pick(cases).id,
        ]);
        return true;
      },
      deleteDeadline: async () => {
        const deadlines = await all('deadline');
        if (deadlines.length === 0) return false;
        await t.dataSource.query(`DELETE FROM deadline WHERE id = $1`, [rng.pick(deadlines).id]);
        return true;
      },
      upload: async () => {
        const cases = await liveCases();
        if (cases.length === 0) return false;
        const response = await t
          .http()
          .post(`/api/cases/${rng.pick(cases).id}/documents`)
          .set('Authorization', admin)
          .field('kind', 'decision')
          .field('title', 'Decision')
          .attach('file', pdfWith(`lists-${rng.int(1e9)}`), 'decision.pdf');
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        return true;
      },
      withdraw: async () => {
        const documents = (await all('document')).filter((d) => d.status === 'active');
        if (documents.length === 0) return false;
        const response = await t
          .http()
          .post(`/api/documents/${rng.pick(documents).id}/withdraw`)
          .set('Authorization', admin)
          .send({ reason: 'Filed under the wrong case' });
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        return true;
      },
      // A document purged (as retention removes what it no longer keeps).
      purge: async () => {
        const documents = await all('document');
        if (documents.length === 0) return false;
        await t.dataSource.query(`DELETE FROM document WHERE id = $1`, [rng.pick(documents).id]);
        return true;
      },
      ...caseMoves(t, rng, liveCases, teams),
      // Many cases moved in one statement; and an update that moves nothing.
      moveMany: async () => {
        const chosen = (await liveCases()).filter(() => rng.next() < 0.3).map((c) => c.id);
        await t.dataSource.query(
          `UPDATE legal_case SET team_id = $2, assigned_to_id = NULL WHERE id = ANY ($1)`,
          [chosen, rng.pick([...teams.values()])],
        );
        await t.dataSource.query(`UPDATE legal_case SET last_activity_at = now()`);
        await t.dataSource.query(`UPDATE deadline SET updated_at = now()`);
        await t.dataSource.query(`UPDATE document SET updated_at = now()`);
        return chosen.length > 0;
      },
      // Erasure: open deadlines waived, documents deleted.
      anonymise: async () => {
        const cases = await liveCases();
        if (cases.length === 0) return false;
        const response = await t
          .http()
          .post(`/api/clients/${rng.pick(cases).client_id}/anonymise`)
          .set('Authorization', admin);
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        return true;
      },
      // A case deleted: its deadlines go with it (ON DELETE CASCADE), its documents first.
      removeCase: async () => {
        const cases = await liveCases();
        if (cases.length < 3) return false;
        const chosen = rng.pick(cases).id;
        await t.ownerQuery(`DELETE FROM document WHERE case_id = $1`, [chosen]);
        await t.ownerQuery(`DELETE FROM legal_case WHERE id = $1`, [chosen]);
        return true;
      },
    };

    const kinds = Object.keys(writes);
    // The first batch runs every kind once (in a random order), the others first the kinds that
    // could not run yet (a status change before any deadline existed) after what they need (a live
    // case, a deadline, an active document: the batches before may have used them all up), then
    // ten chosen at random. The choices depend on the rows' random ids, so a seed does not replay
    // a run exactly: without the kinds they need first, a kind went unrun in some runs.
    for (let batch = 0; batch < 10; batch++) {
      const pending = kinds.filter((kind) => !done.has(kind));
      const order =
        batch === 0
          ? [...kinds].sort(() => rng.next() - 0.5)
          : [
              ...(pending.length > 0 ? ['intake', 'deadline', 'upload'] : []),
              ...pending,
              ...Array.from({ length: 10 }, () => rng.pick(kinds)),
            ];
      for (const kind of order) if (await writes[kind]()) done.set(kind, (done.get(kind) ?? 0) + 1);
      expect(await drift(), `seed ${seed}, batch ${batch}`).toEqual([]);
      expect(await mismatches(), `seed ${seed}, batch ${batch}`).toEqual([]);
    }
    expect([...done.keys()].sort()).toEqual([...kinds].sort());
    // Nine readers' lists walked in pages of 7 after each of ten batches: 10–20 s on a loaded machine.
  }, 120_000);

  it('shows no deadline or document of another team however its kept row drifts', async () => {
    const created = await intake(t, 'caseworker@haven.local');
    const deadline = await t
      .http()
      .post('/api/deadlines')
      .set('Authorization', tokens.get('caseworker@haven.local')!)
      .send({ caseId: created.case.id, kind: 'other', title: 'Mine', dueOn: '2020-01-01' });
    expect(deadline.status).toBe(201);
    const document = await t
      .http()
      .post(`/api/cases/${created.case.id}/documents`)
      .set('Authorization', tokens.get('caseworker@haven.local')!)
      .field('kind', 'decision')
      .field('title', 'Mine')
      .attach('file', pdfWith('drifted'), 'decision.pdf');
    expect(document.status).toBe(201);
    // The kept rows now claim Almaty's caseworker holds them: a bug, or an edit by hand.
    const almaty = users.get('caseworker.almaty@haven.local')!;
    await t.ownerQuery(
      `UPDATE deadline_list_row SET team_id = $2, assigned_to_id = $3, due_on = '1900-01-01' WHERE deadline_id = $1`,
      [deadline.body.id, almaty.team_id, almaty.id],
    );
    await t.ownerQuery(
      `UPDATE document_list_row SET team_id = $2, assigned_to_id = $3, created_at = '2999-01-01' WHERE document_id = $1`,
      [document.body.id, almaty.team_id, almaty.id],
    );
    for (const email of ['caseworker.almaty@haven.local', 'supervisor.almaty@haven.local']) {
      for (const path of [
        '/api/deadlines?status=open&sort=dueOn&order=ASC&perPage=5',
        '/api/documents?sort=createdAt&order=DESC&perPage=5',
      ]) {
        const response = await t.http().get(path).set('Authorization', tokens.get(email)!);
        expect(response.status).toBe(200);
        const shown = (response.body.data as { id: string }[]).map((row) => row.id);
        expect(shown, `${email} ${path}`).not.toContain(deadline.body.id);
        expect(shown, `${email} ${path}`).not.toContain(document.body.id);
      }
    }
    expect((await drift()).map((row) => row.table).sort()).toEqual(
      expect.arrayContaining(['deadline_list_row', 'document_list_row']),
    );
    const fixed = await totalsCheck(owner, { fix: true });
    expect(fixed.after).toEqual([]);
  });

  it('finds the drift when a case moves with its rows’ trigger off, and --fix repairs it', async () => {
    const created = await intake(t, 'caseworker@haven.local');
    await insertDeadlines([created.case.id], '2027-01-04');
    expect(await drift()).toEqual([]);
    await t.ownerQuery(`ALTER TABLE legal_case DISABLE TRIGGER list_rows_case_moved`);
    try {
      await t.dataSource.query(
        `UPDATE legal_case SET team_id = $2, assigned_to_id = NULL WHERE id = $1`,
        [created.case.id, teams.get('Berlin')],
      );
    } finally {
      await t.ownerQuery(`ALTER TABLE legal_case ENABLE TRIGGER list_rows_case_moved`);
    }
    const found = (await drift()).map((row) => row.table);
    expect(found).toEqual(expect.arrayContaining(['deadline_list_row', 'deadline_list_total']));
    expect(await mismatches()).not.toEqual([]);
    expect((await totalsCheck(owner, { fix: true })).after).toEqual([]);
    expect(await mismatches()).toEqual([]);
  });

  it('files a deadline added while its case moves under the case’s new team', async () => {
    // The insert's trigger reads the case's team: it must wait for a move in flight and read the
    // new team, or the deadline's row would stay under the old one.
    const created = await intake(t, 'caseworker@haven.local');
    const move = t.dataSource.createQueryRunner();
    await move.connect();
    try {
      await move.startTransaction();
      await move.query(`UPDATE legal_case SET team_id = $2, assigned_to_id = NULL WHERE id = $1`, [
        created.case.id,
        teams.get('Berlin'),
      ]);
      let inserted = false;
      const insert = insertDeadlines([created.case.id], '2027-01-04').then(() => (inserted = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(inserted).toBe(false);
      await move.commitTransaction();
      await insert;
    } finally {
      await move.release();
    }
    expect(await drift()).toEqual([]);
  });

  /** A statement's outcome: 'ok' or PostgreSQL's error code (40P01: broken off as a deadlock). */
  const outcome = (query: Promise<unknown>) =>
    query.then(
      () => 'ok',
      (error: { code?: string; message?: string; driverError?: { code?: string } }) =>
        error.driverError?.code ?? error.code ?? `no code: ${error.message}`,
    );
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /**
   * A case's move (the case route: the case read FOR UPDATE, then its caseworker set) with `write`,
   * a deadline's statement in a transaction of its own, sent while the move holds the case: the
   * outcomes of the write's and the move's transactions.
   */
  /** A caseworker's document on `caseId`, its kept row drifted (for `--fix` to repair). */
  async function uploadDrifted(caseId: string, tag: string): Promise<{ body: { id: string } }> {
    const upload = await t
      .http()
      .post(`/api/cases/${caseId}/documents`)
      .set('Authorization', tokens.get('caseworker@haven.local')!)
      .field('kind', 'decision')
      .field('title', 'Decision')
      .attach('file', pdfWith(`${tag}-${randomUUID()}`), 'decision.pdf');
    expect(upload.status).toBe(201);
    await t.ownerQuery(
      `UPDATE document_list_row SET created_at = '1900-01-01' WHERE document_id = $1`,
      [upload.body.id],
    );
    return upload;
  }

  async function againstMove(caseId: string, write: string, params: unknown[]): Promise<string[]> {
    const other = users.get('caseworker2@haven.local')!.id;
    const writer = t.dataSource.createQueryRunner();
    const mover = t.dataSource.createQueryRunner();
    await writer.connect();
    await mover.connect();
    try {
      await mover.startTransaction();
      await mover.query(`SELECT id FROM legal_case WHERE id = $1 FOR UPDATE`, [caseId]);
      await writer.startTransaction();
      const written = outcome(writer.query(write, params));
      await pause(300);
      const moved = await outcome(
        mover.query(`UPDATE legal_case SET assigned_to_id = $2 WHERE id = $1`, [caseId, other]),
      );
      await mover.query(moved === 'ok' ? 'COMMIT' : 'ROLLBACK');
      const wrote = await written;
      await writer.query(wrote === 'ok' ? 'COMMIT' : 'ROLLBACK');
      return [wrote, moved];
    } finally {
      await writer.release();
      await mover.release();
    }
  }

  it('changes a deadline’s status while its case moves, neither broken off as a deadlock', async () => {
    // The status change's triggers lock the case first, as the move does: had they locked the
    // deadline's row and total first, the move (holding the case) and the change (waiting for the
    // case in `deadline_refresh_case`) would each wait for the other.
    const created = await intake(t, 'caseworker@haven.local');
    await insertDeadlines([created.case.id], '2027-01-04');
    const [deadline] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM deadline WHERE case_id = $1`,
      [created.case.id],
    );
    expect(
      await againstMove(
        created.case.id,
        `UPDATE deadline SET status = 'done', version = version + 1 WHERE id = $1`,
        [deadline.id],
      ),
    ).toEqual(['ok', 'ok']);
    expect(await drift()).toEqual([]);
  });

  it.each([
    [
      'withdraws',
      `UPDATE document SET status = 'withdrawn', withdrawn_at = now(), version = version + 1 WHERE id = $1`,
    ],
    ['deletes', `DELETE FROM document WHERE id = $1`],
  ])('%s a document while its case moves, neither broken off as a deadlock', async (_, write) => {
    // The withdraw route's statements (documents.service.ts), and an erasure's (a document deleted,
    // then its case written): the document locked and changed, then the case's activity marked —
    // here while the move waits for the case. Had the document's triggers locked its list row and
    // the total before the case, the move would hold the case and wait for the list row.
    const created = await intake(t, 'caseworker@haven.local');
    const upload = await t
      .http()
      .post(`/api/cases/${created.case.id}/documents`)
      .set('Authorization', tokens.get('caseworker@haven.local')!)
      .field('kind', 'decision')
      .field('title', 'Decision')
      .attach('file', pdfWith(`withdrawn-${randomUUID()}`), 'decision.pdf');
    expect(upload.status).toBe(201);
    const writer = t.dataSource.createQueryRunner();
    const mover = t.dataSource.createQueryRunner();
    await writer.connect();
    await mover.connect();
    const other = users.get('caseworker2@haven.local')!.id;
    try {
      await writer.startTransaction();
      await writer.query(`SELECT id FROM document WHERE id = $1 FOR UPDATE`, [upload.body.id]);
      await writer.query(write, [upload.body.id]);
      await mover.startTransaction();
      const move = outcome(
        mover.query(`UPDATE legal_case SET assigned_to_id = $2 WHERE id = $1`, [
          created.case.id,
          other,
        ]),
      );
      await pause(300);
      const marked = await outcome(
        writer.query(`UPDATE legal_case SET last_activity_at = now() WHERE id = $1`, [
          created.case.id,
        ]),
      );
      await writer.query(marked === 'ok' ? 'COMMIT' : 'ROLLBACK');
      const moved = await move;
      await mover.query(moved === 'ok' ? 'COMMIT' : 'ROLLBACK');
      expect([marked, moved]).toEqual(['ok', 'ok']);
    } finally {
      await writer.release();
      await mover.release();
    }
    expect(await drift()).toEqual([]);
  });

  it('repairs the drift with --fix while a withdrawal holds its document, the withdrawal unbroken', async () => {
    // The rewrite locks client and legal_case, then waits for `document`, held by a withdrawal
    // that next marks its case: each would wait for the other. The rewrite gives up first (its
    // lock timeout) and tries again once the withdrawal is through.
    const created = await intake(t, 'caseworker@haven.local');
    const upload = await uploadDrifted(created.case.id, 'fixed');
    const writer = t.dataSource.createQueryRunner();
    await writer.connect();
    try {
      await writer.startTransaction();
      await writer.query(
        `UPDATE document SET status = 'withdrawn', withdrawn_at = now(), version = version + 1 WHERE id = $1`,
        [upload.body.id],
      );
      const fix = totalsCheck(owner, { fix: true });
      await pause(300);
      const marked = await outcome(
        writer.query(`UPDATE legal_case SET last_activity_at = now() WHERE id = $1`, [
          created.case.id,
        ]),
      );
      await writer.query(marked === 'ok' ? 'COMMIT' : 'ROLLBACK');
      expect(marked).toBe('ok');
      const fixed = await fix;
      expect(fixed.fixed).toBe(true);
      expect(fixed.after).toEqual([]);
    } finally {
      await writer.release();
    }
  });

  it('breaks no withdrawal that waits for --fix before --fix waits for it', async () => {
    // The rewrite waits for `legal_case` (another case's writer holds it); the withdrawal, its
    // document written, queues behind the rewrite for its case; the other writer commits, the
    // rewrite takes `legal_case` and waits for `document`. The withdrawal waited first: PostgreSQL's
    // deadlock check would break it off, had the rewrite not given up its wait before (lock_timeout).
    const created = await intake(t, 'caseworker@haven.local');
    const busy = await intake(t, 'caseworker2@haven.local');
    const upload = await uploadDrifted(created.case.id, 'queued');
    const writer = t.dataSource.createQueryRunner();
    const other = t.dataSource.createQueryRunner();
    await writer.connect();
    await other.connect();
    try {
      await writer.startTransaction();
      await writer.query(
        `UPDATE document SET status = 'withdrawn', withdrawn_at = now(), version = version + 1 WHERE id = $1`,
        [upload.body.id],
      );
      await other.startTransaction();
      await other.query(`UPDATE legal_case SET last_activity_at = now() WHERE id = $1`, [
        busy.case.id,
      ]);
      const fix = totalsCheck(owner, { fix: true });
      await pause(300);
      const marking = outcome(
        writer.query(`UPDATE legal_case SET last_activity_at = now() WHERE id = $1`, [
          created.case.id,
        ]),
      );
      await pause(600);
      await other.query('COMMIT');
      const marked = await marking;
      await writer.query(marked === 'ok' ? 'COMMIT' : 'ROLLBACK');
      expect(marked).toBe('ok');
      const fixed = await fix;
      expect(fixed.after).toEqual([]);
    } finally {
      await writer.release();
      await other.release();
    }
  });

  it('lets the runtime role read the kept tables and write none of them', async () => {
    for (const table of [
      'deadline_list_row',
      'deadline_list_total',
      'document_list_row',
      'document_list_total',
    ]) {
      await t.dataSource.query(`SELECT count(*) FROM ${table}`);
      await expect(t.dataSource.query(`DELETE FROM ${table}`)).rejects.toThrow(/permission denied/);
    }
    const functions = await t.dataSource.query<
      { name: string; definer: boolean; config: string[] }[]
    >(
      `SELECT proname AS name, prosecdef AS definer, proconfig AS config FROM pg_proc
        WHERE proname LIKE 'deadline_list_row_%' OR proname LIKE 'document_list_row_%' OR proname = 'list_rows_case_moved'`,
    );
    expect(functions).toHaveLength(11);
    for (const fn of functions) {
      expect(fn.definer, fn.name).toBe(true);
      expect(fn.config, fn.name).toEqual(['search_path=public, pg_temp']);
    }
  });

  it('lets deadlines be read through the migration but for its last statement', async () => {
    // The migration holds writes back (SHARE); only the old index's drop locks `deadline` against
    // reads too (ACCESS EXCLUSIVE), and it is the last statement: from there to the commit.
    const migration = new DeadlineDocumentLists1768521600000();
    const down = owner.createQueryRunner();
    await down.startTransaction();
    await migration.down(down);
    await down.commitTransaction();
    await down.release();
    const up = owner.createQueryRunner();
    const reader = t.dataSource.createQueryRunner();
    await reader.connect();
    await reader.query(`SET lock_timeout = '100ms'`);
    const reads: string[] = [];
    try {
      await up.startTransaction();
      // Each statement of the migration, then a read of `deadline` from another connection.
      const probed = new Proxy(up, {
        get: (target, key) =>
          key === 'query'
            ? async (query: string, params?: unknown[]) => {
                const result = await target.query(query, params);
                reads.push(await outcome(reader.query(`SELECT count(*) FROM deadline`)));
                return result;
              }
            : Reflect.get(target, key),
      });
      await migration.up(probed);
      await up.commitTransaction();
    } finally {
      await up.release();
      await reader.query(`RESET lock_timeout`);
      await reader.release();
      // The new tables took the schema's default privileges: the runtime role's grants again.
      await grantRuntimeRole(owner, urlUser((t.dataSource.options as { url: string }).url)!);
    }
    expect(reads.slice(0, -1).filter((read) => read !== 'ok')).toEqual([]);
    expect(reads.at(-1)).toBe('55P03');
    expect(await drift()).toEqual([]);
  });
});
