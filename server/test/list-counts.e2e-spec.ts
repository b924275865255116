import { STAGES } from '@haven/shared';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { totalsCheck } from '../src/cli/totals-check.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';
import { caseMoves, random } from './random-writes.js';

/**
 * List totals kept by writes (migration ListTotals, docs/decisions/0019): the case list's total
 * is the sum of `case_list_total` over the caller's scope and the stage/team/assignee filters, the
 * admin's client list's the sum of `client_list_total`. Random writes of every kind that moves a
 * row in or out of a list — through the API and straight in SQL, one row and many a statement —
 * and after each batch, for every role and each filter the totals cover, the list's `total` must
 * be the number of rows the list gives when paged to the end, and the kept tables must equal
 * their definition recomputed from the tables.
 */

const NIL = '00000000-0000-0000-0000-000000000000';
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

/** Family names the random renames choose from: ties, and names that differ by case or accent. */
const NAMES = [
  'Ivanov',
  'ivanov',
  'Ivanova',
  'Åberg',
  'Aberg',
  'Zhukov',
  'Ñúñez',
  "O'Brien",
  'van Dijk',
];

/** Rows of the kept totals that differ from their definition recomputed over the tables. */
function totalsDrift(t: TestApp): Promise<unknown[]> {
  return t.dataSource.query(
    `WITH kept AS (SELECT team_id, assigned_to_id, stage::text, cases FROM case_list_total WHERE cases <> 0),
          counted AS (SELECT team_id, coalesce(assigned_to_id, '${NIL}'::uuid) AS assigned_to_id, stage::text, count(*)::int AS cases
                        FROM legal_case GROUP BY 1, 2, 3),
          kept_clients AS (SELECT shard, clients FROM client_list_total WHERE clients <> 0),
          counted_clients AS (SELECT (hashtext(id::text) & 15)::smallint AS shard, count(*)::int AS clients
                                FROM client WHERE merged_into_id IS NULL GROUP BY 1),
          kept_reach AS (SELECT team_id, assigned_to_id, client_id, cases FROM client_reach WHERE cases <> 0),
          counted_reach AS (SELECT team_id, '${NIL}'::uuid AS assigned_to_id, client_id, count(*)::int AS cases FROM legal_case GROUP BY 1, 3
                            UNION ALL
                            SELECT team_id, assigned_to_id, client_id, count(*)::int FROM legal_case WHERE assigned_to_id IS NOT NULL GROUP BY 1, 2, 3),
          kept_scoped AS (SELECT team_id, '${NIL}'::uuid AS assigned_to_id, clients FROM client_team_total WHERE clients <> 0
                          UNION ALL
                          SELECT team_id, assigned_to_id, clients FROM client_assignee_total WHERE clients <> 0),
          counted_scoped AS (SELECT r.team_id, r.assigned_to_id, count(DISTINCT r.client_id)::int AS clients
                               FROM counted_reach r JOIN client c ON c.id = r.client_id AND c.merged_into_id IS NULL
                              GROUP BY 1, 2)
     (SELECT 'case' AS list, to_jsonb(k) AS row FROM (SELECT * FROM kept EXCEPT SELECT * FROM counted) k)
     UNION ALL (SELECT 'case', to_jsonb(k) FROM (SELECT * FROM counted EXCEPT SELECT * FROM kept) k)
     UNION ALL (SELECT 'client', to_jsonb(k) FROM (SELECT * FROM kept_clients EXCEPT SELECT * FROM counted_clients) k)
     UNION ALL (SELECT 'client', to_jsonb(k) FROM (SELECT * FROM counted_clients EXCEPT SELECT * FROM kept_clients) k)
     UNION ALL (SELECT 'reach', to_jsonb(k) FROM (SELECT * FROM kept_reach EXCEPT SELECT * FROM counted_reach) k)
     UNION ALL (SELECT 'reach', to_jsonb(k) FROM (SELECT * FROM counted_reach EXCEPT SELECT * FROM kept_reach) k)
     UNION ALL (SELECT 'scoped', to_jsonb(k) FROM (SELECT * FROM kept_scoped EXCEPT SELECT * FROM counted_scoped) k)
     UNION ALL (SELECT 'scoped', to_jsonb(k) FROM (SELECT * FROM counted_scoped EXCEPT SELECT * FROM kept_scoped) k)
     UNION ALL (SELECT 'reach name', to_jsonb(r) FROM client_reach r JOIN client c ON c.id = r.client_id
                 WHERE r.family_name IS DISTINCT FROM c.family_name)`,
  );
}

describe('list totals kept by writes', () => {
  let t: TestApp;
  const tokens = new Map<string, string>();
  const ids = new Map<string, string>();
  const teams = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp();
    for (const email of READERS) {
      tokens.set(email, await t.tokenFor(email));
      ids.set(email, await t.userId(email));
    }
    for (const name of ['Tbilisi', 'Almaty', 'Berlin']) {
      const [row] = await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM team WHERE name ILIKE $1`,
        [`%${name}%`],
      );
      teams.set(name, row.id);
    }
  });
  afterAll(() => t.close());

  /** The list's `total` on each page, and the rows it gives paged to the end. */
  async function walk(email: string, path: string, query: Record<string, string | string[]>) {
    const totals = new Set<number>();
    const seen = new Set<string>();
    for (let page = 1; ; page++) {
      const params = new URLSearchParams({ page: String(page), perPage: '100' });
      for (const [key, value] of Object.entries(query))
        for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
      const response = await t
        .http()
        .get(`${path}?${params.toString()}`)
        .set('Authorization', tokens.get(email)!);
      expect(response.status, `${email} ${path}?${params.toString()}`).toBe(200);
      totals.add(response.body.total as number);
      const rows = response.body.data as { id: string }[];
      for (const row of rows) seen.add(row.id);
      if (rows.length < 100) break;
    }
    return { totals: [...totals], rows: seen.size };
  }

  /** Every role's case and client lists, under each filter the kept totals cover. */
  async function mismatches(): Promise<string[]> {
    const found: string[] = [];
    const caseFilters: Record<string, string | string[]>[] = [
      {},
      ...STAGES.map((stage) => ({ stage })),
      { stage: ['preparation', 'lodged'] },
      { teamId: teams.get('Tbilisi')! },
      { teamId: teams.get('Almaty')!, stage: 'intake' },
      { assignedToId: ids.get('caseworker@haven.local')! },
      { assignedToId: ids.get('caseworker2.almaty@haven.local')!, stage: 'assessment' },
    ];
    for (const email of READERS) {
      for (const filter of caseFilters) {
        const { totals, rows } = await walk(email, '/api/cases', filter);
        if (totals.length !== 1 || totals[0] !== rows)
          found.push(
            `${email} cases ${JSON.stringify(filter)}: total ${totals.join(',')} rows ${rows}`,
          );
      }
      const { totals, rows } = await walk(email, '/api/clients', {});
      if (totals.length !== 1 || totals[0] !== rows)
        found.push(`${email} clients: total ${totals.join(',')} rows ${rows}`);
    }
    return found;
  }

  /**
   * Every role's client list by family name, both orders, against the same list with a filter
   * that keeps every row (`createdAt_gte`): a request with a filter builds its page from the base
   * query, one without reads a scoped list's page from `client_reach` (docs/decisions/0022). The
   * pages (rows and total) must be equal: the first few, and the last.
   */
  async function pageMismatches(): Promise<string[]> {
    const found: string[] = [];
    const perPage = 2;
    const get = async (email: string, params: Record<string, string>) => {
      const response = await t
        .http()
        .get(`/api/clients?${new URLSearchParams(params).toString()}`)
        .set('Authorization', tokens.get(email)!);
      expect(response.status, `${email} ${JSON.stringify(params)}`).toBe(200);
      return response.body as { data: unknown[]; total: number };
    };
    for (const email of READERS) {
      for (const order of ['ASC', 'DESC']) {
        const params = { perPage: String(perPage), sort: 'familyName', order };
        const first = await get(email, { ...params, page: '1' });
        const last = Math.max(1, Math.ceil(first.total / perPage));
        const pages = [...new Set([1, 2, 3, 4, last, last + 1])];
        for (const page of pages) {
          const fast = page === 1 ? first : await get(email, { ...params, page: String(page) });
          const built = await get(email, {
            ...params,
            page: String(page),
            createdAt_gte: '1900-01-01',
          });
          if (JSON.stringify(fast) !== JSON.stringify(built))
            found.push(
              `${email} client page ${order} ${page}: ${JSON.stringify(fast)} ≠ ${JSON.stringify(built)}`,
            );
        }
      }
    }
    return found;
  }

  const liveCases = () =>
    t.dataSource.query<{ id: string; team_id: string; client_id: string }[]>(
      `SELECT id, team_id, client_id FROM legal_case ORDER BY id`,
    );
  const liveClients = () =>
    t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM client WHERE merged_into_id IS NULL AND anonymised_at IS NULL ORDER BY id`,
    );

  it('keeps every role’s totals exact through random writes of every kind', async () => {
    const seed = Number(process.env.LIST_COUNTS_SEED ?? 19);
    const rng = random(seed);
    const admin = tokens.get('admin@haven.local')!;
    const merges: string[] = [];
    const done = new Map<string, number>();

    // Something in every list before the first check.
    for (const email of CASEWORKERS) await intake(t, email);

    const writes: Record<string, () => Promise<boolean>> = {
      intake: async () => {
        await intake(t, rng.pick(CASEWORKERS));
        return true;
      },
      // A second case of an existing client, in another caseworker's hands (one client, two cases).
      secondCase: async () => {
        const clients = await liveClients();
        if (clients.length === 0) return false;
        const [source] = await t.dataSource.query<{ id: string }[]>(
          `SELECT id FROM legal_case WHERE client_id = $1 LIMIT 1`,
          [rng.pick(clients).id],
        );
        if (!source) return false;
        const to = ids.get(rng.pick(CASEWORKERS))!;
        await t.ownerQuery(
          `INSERT INTO legal_case (id, reference, client_id, team_id, assigned_to_id, case_type, jurisdiction, stage, opened_on)
           SELECT gen_random_uuid(), 'LT-' || floor(random() * 1e12)::text, client_id,
                  (SELECT team_id FROM app_user WHERE id = $2), $2, case_type, jurisdiction, stage, opened_on
             FROM legal_case WHERE id = $1`,
          [source.id, to],
        );
        return true;
      },
      stage: async () => {
        const cases = await liveCases();
        if (cases.length === 0) return false;
        await t.dataSource.query(`UPDATE legal_case SET stage = $2 WHERE id = $1`, [
          rng.pick(cases).id,
          rng.pick(STAGES),
        ]);
        return true;
      },
      // Many rows, several groups of the totals, one statement.
      stages: async () => {
        const cases = await liveCases();
        const chosen = cases.filter(() => rng.next() < 0.3).map((c) => c.id);
        await t.dataSource.query(`UPDATE legal_case SET stage = $2 WHERE id = ANY ($1)`, [
          chosen,
          rng.pick(STAGES),
        ]);
        return chosen.length > 0;
      },
      ...caseMoves(t, rng, liveCases, teams),
      // An update that moves nothing (the statement trigger must leave the totals alone).
      touch: async () => {
        await t.dataSource.query(`UPDATE legal_case SET last_activity_at = now()`);
        await t.dataSource.query(
          `UPDATE client SET updated_at = now() WHERE anonymised_at IS NULL`,
        );
        return true;
      },
      merge: async () => {
        const clients = await liveClients();
        if (clients.length < 2) return false;
        const target = rng.pick(clients);
        const duplicate = rng.pick(clients.filter((c) => c.id !== target.id));
        const response = await t
          .http()
          .post(`/api/clients/${target.id}/merge`)
          .set('Authorization', admin)
          .send({ duplicateId: duplicate.id });
        // A merge the rules refuse (an erased client, say) writes nothing.
        expect([200, 404, 409], JSON.stringify(response.body)).toContain(response.status);
        if (response.status !== 200) return false;
        merges.push(response.body.id as string);
        return true;
      },
      undoMerge: async () => {
        const mergeId = merges.pop();
        if (!mergeId) return false;
        const response = await t
          .http()
          .post(`/api/clients/merges/${mergeId}/undo`)
          .set('Authorization', admin);
        // An undo the rules refuse (a client since erased or removed, a later merge) writes nothing.
        expect([200, 404, 409], JSON.stringify(response.body)).toContain(response.status);
        return response.status === 200;
      },
      anonymise: async () => {
        const clients = await liveClients();
        if (clients.length === 0) return false;
        const response = await t
          .http()
          .post(`/api/clients/${rng.pick(clients).id}/anonymise`)
          .set('Authorization', admin);
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        return true;
      },
      // An edit of the name through the API, from a few names that tie, differ by case or accent.
      rename: async () => {
        const clients = await liveClients();
        if (clients.length === 0) return false;
        const id = rng.pick(clients).id;
        const current = await t.http().get(`/api/clients/${id}`).set('Authorization', admin);
        expect(current.status, JSON.stringify(current.body)).toBe(200);
        const response = await t
          .http()
          .patch(`/api/clients/${id}`)
          .set('Authorization', admin)
          .send({ version: current.body.version, familyName: rng.pick(NAMES) });
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        return true;
      },
      // Many clients renamed in one statement.
      renames: async () => {
        const clients = await liveClients();
        const chosen = clients.filter(() => rng.next() < 0.3).map((c) => c.id);
        await t.dataSource.query(`UPDATE client SET family_name = $2 WHERE id = ANY ($1)`, [
          chosen,
          rng.pick(NAMES),
        ]);
        return chosen.length > 0;
      },
      // A client deleted with its cases (the way retention removes what it no longer keeps).
      remove: async () => {
        const clients = await liveClients();
        if (clients.length < 3) return false;
        const chosen = rng.pick(clients).id;
        await t.ownerQuery(
          `WITH gone AS (DELETE FROM client_merge WHERE surviving_id = $1 OR merged_id = $1)
           DELETE FROM legal_case WHERE client_id = $1`,
          [chosen],
        );
        await t.ownerQuery(`DELETE FROM client WHERE id = $1`, [chosen]);
        return true;
      },
    };

    const kinds = Object.keys(writes);
    // The first batch runs every kind once (in a random order), the others six chosen at random.
    for (let batch = 0; batch < 8; batch++) {
      // Later batches first retry the kinds that found nothing to act on yet (their picks depend
      // on the rows' random ids, so the seed alone does not replay a run).
      const order =
        batch === 0
          ? [...kinds].sort(() => rng.next() - 0.5)
          : [
              ...kinds.filter((kind) => !done.has(kind)),
              ...Array.from({ length: 6 }, () => rng.pick(kinds)),
            ];
      for (const kind of order) if (await writes[kind]()) done.set(kind, (done.get(kind) ?? 0) + 1);
      expect(await totalsDrift(t), `seed ${seed}, batch ${batch}`).toEqual([]);
      expect(await mismatches(), `seed ${seed}, batch ${batch}`).toEqual([]);
      expect(await pageMismatches(), `seed ${seed}, batch ${batch}`).toEqual([]);
    }
    // Every kind of write ran (else the seed tests less than it says).
    expect([...done.keys()].sort()).toEqual([...kinds].sort());
    // Every role's pages walked after each of eight batches: 9 s alone, 30 s and more when loaded.
  }, 120_000);

  it('audits a page read from client_reach as before: the ids shown, in order, and the total', async () => {
    for (let i = 0; i < 4; i++) await intake(t, 'caseworker@haven.local');
    for (const email of ['supervisor@haven.local', 'caseworker@haven.local']) {
      for (const query of [
        'page=2&perPage=2&sort=familyName&order=ASC',
        'page=1&perPage=2&sort=familyName&order=DESC',
        'page=2&perPage=2&sort=familyName&order=ASC&createdAt_gte=1900-01-01',
      ]) {
        const response = await t
          .http()
          .get(`/api/clients?${query}`)
          .set('Authorization', tokens.get(email)!);
        expect(response.status).toBe(200);
        const shown = (response.body.data as { id: string }[]).map((row) => row.id);
        expect(shown, `${email} ${query}`).toHaveLength(2);
        const [event] = await t.dataSource.query<{ summary: string; details: { ids: string[] } }[]>(
          `SELECT summary, details FROM audit_event
            WHERE actor_id = $1 AND action = 'read' AND entity_type = 'client'
            ORDER BY seq DESC LIMIT 1`,
          [ids.get(email)],
        );
        expect(event.details.ids, `${email} ${query}`).toEqual(shown);
        expect(event.summary).toBe(`listed 2 of ${response.body.total} clients`);
      }
    }
  });

  it('counts a pair of concurrent intakes, into one row of the totals and into two', async () => {
    await Promise.all([intake(t, 'caseworker@haven.local'), intake(t, 'caseworker@haven.local')]);
    await Promise.all([intake(t, 'caseworker@haven.local'), intake(t, 'caseworker2@haven.local')]);
    expect(await totalsDrift(t)).toEqual([]);
    expect(await mismatches()).toEqual([]);
    expect(await pageMismatches()).toEqual([]);
  });

  it('copies a rename committed while a case of that client arrives in new hands', async () => {
    // The rename's trigger updates the reach rows it can see; a case inserted meanwhile for the
    // same client, in a caseworker's hands who had none of theirs, adds a reach row. It must wait
    // for the rename and take the new name, or that row would keep the old one.
    const created = await intake(t, 'caseworker@haven.local');
    const other = ids.get('caseworker2@haven.local')!;
    const rename = t.dataSource.createQueryRunner();
    await rename.connect();
    try {
      await rename.startTransaction();
      await rename.query(`UPDATE client SET family_name = 'Renamed-In-Flight' WHERE id = $1`, [
        created.client.id,
      ]);
      let inserted = false;
      const insert = t
        .ownerQuery(
          `INSERT INTO legal_case (id, reference, client_id, team_id, assigned_to_id, case_type, jurisdiction, stage, opened_on)
           SELECT gen_random_uuid(), 'LT-' || floor(random() * 1e12)::text, client_id, team_id, $2,
                  case_type, jurisdiction, stage, opened_on
             FROM legal_case WHERE id = $1`,
          [created.case.id, other],
        )
        .then(() => (inserted = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Waiting on the rename's lock of the client.
      expect(inserted).toBe(false);
      await rename.commitTransaction();
      await insert;
    } finally {
      await rename.release();
    }
    const names = await t.dataSource.query<{ family_name: string }[]>(
      `SELECT family_name FROM client_reach WHERE client_id = $1 AND assigned_to_id = $2`,
      [created.client.id, other],
    );
    expect(names).toEqual([{ family_name: 'Renamed-In-Flight' }]);
    expect(await totalsDrift(t)).toEqual([]);
    expect(await pageMismatches()).toEqual([]);
  });

  it('falls back to counting for a search or a filter the totals do not key', async () => {
    const admin = 'admin@haven.local';
    // An unassigned case: the totals file it under the nil uuid, which no list filter matches.
    await t.dataSource.query(
      `UPDATE legal_case SET assigned_to_id = NULL
        WHERE id = (SELECT id FROM legal_case WHERE stage = 'intake' ORDER BY id LIMIT 1)`,
    );
    const filters: Record<string, string>[] = [
      { priority: 'high' },
      { openedOn_gte: '2000-01-01' },
      { q: 'Sokolov' },
      // The totals file unassigned cases under the nil uuid; the list has no case assigned to it.
      { assignedToId: '00000000-0000-0000-0000-000000000000' },
      { stage: 'intake', assignedToId: '00000000-0000-0000-0000-000000000000' },
    ];
    for (const filter of filters) {
      const { totals, rows } = await walk(admin, '/api/cases', filter);
      expect(totals).toEqual([rows]);
    }
    const { totals, rows } = await walk(admin, '/api/clients', { nationality: 'RU' });
    expect(totals).toEqual([rows]);
  });

  it('totals-check reports every drifted row and --fix rewrites them, as the owner', async () => {
    // The command runs as the schema's owner: this test file's database, as the superuser.
    const url = new URL(inject('databaseUrl'));
    url.pathname = new URL((t.dataSource.options as { url: string }).url).pathname;
    const owner = new DataSource(dataSourceOptions(url.toString(), 2));
    await owner.initialize();
    try {
      expect(await totalsCheck(owner, { fix: false })).toEqual({
        drift: [],
        fixed: false,
        after: [],
      });
      // One row of each kind wrong: a count off, a row gone, a name stale, a row that should not be.
      const [reach] = await t.ownerQuery<
        { team_id: string; assigned_to_id: string; client_id: string }[]
      >(
        `SELECT team_id, assigned_to_id, client_id FROM client_reach WHERE cases > 0 ORDER BY client_id LIMIT 1`,
      );
      await t.ownerQuery(
        `UPDATE case_list_total SET cases = cases + 3 WHERE (team_id, assigned_to_id, stage) =
           (SELECT team_id, assigned_to_id, stage FROM case_list_total WHERE cases > 0 ORDER BY 1, 2, 3 LIMIT 1);
         DELETE FROM client_list_total WHERE shard = (SELECT min(shard) FROM client_list_total WHERE clients > 0);
         UPDATE client_reach SET family_name = 'Stale' WHERE team_id = '${reach.team_id}'
            AND assigned_to_id = '${reach.assigned_to_id}' AND client_id = '${reach.client_id}';
         INSERT INTO client_team_total (team_id, clients)
           SELECT gen_random_uuid(), 2;`,
      );
      const found = await totalsCheck(owner, { fix: false });
      expect(found.fixed).toBe(false);
      expect(found.drift.map((row) => row.table).sort()).toEqual([
        'case_list_total',
        'client_list_total',
        'client_reach',
        'client_team_total',
      ]);
      // The stale name is reported as not the client's, without printing either name.
      const staleName = found.drift.find((row) => row.table === 'client_reach');
      expect(staleName).toMatchObject({
        key: reach,
        kept: { nameMatches: false },
        counted: { nameMatches: true },
      });
      expect(JSON.stringify(found.drift)).not.toMatch(/Stale/);
      expect(found.drift.find((row) => row.table === 'client_list_total')).toMatchObject({
        kept: null,
      });
      expect(found.drift.find((row) => row.table === 'client_team_total')).toMatchObject({
        counted: null,
      });
      expect(await totalsDrift(t)).not.toEqual([]);
      // The runtime role may not rewrite them.
      await expect(totalsCheck(t.dataSource, { fix: true })).rejects.toThrow(/permission denied/);
      const fixed = await totalsCheck(owner, { fix: true });
      expect(fixed).toMatchObject({ fixed: true, after: [] });
      expect(await totalsDrift(t)).toEqual([]);
      expect(await mismatches()).toEqual([]);
      expect(await pageMismatches()).toEqual([]);
    } finally {
      await owner.destroy();
    }
  });

  it('lets only the triggers write the kept tables: the runtime role reads them', async () => {
    // The app's own connection runs as the runtime role (global-setup): it writes cases and
    // clients (the triggers above ran through it), but none of the kept tables itself.
    for (const table of [
      'case_list_total',
      'client_list_total',
      'client_reach',
      'client_team_total',
      'client_assignee_total',
    ]) {
      await expect(t.dataSource.query(`SELECT count(*) FROM ${table}`)).resolves.toHaveLength(1);
      await expect(
        t.dataSource.query(
          `UPDATE ${table} SET ${table.startsWith('client_') && table !== 'client_reach' ? 'clients = clients + 1' : 'cases = cases + 1'}`,
        ),
      ).rejects.toThrow(/permission denied/);
      await expect(t.dataSource.query(`DELETE FROM ${table}`)).rejects.toThrow(/permission denied/);
    }
    await expect(
      t.dataSource.query(
        `INSERT INTO client_reach (team_id, assigned_to_id, client_id, cases, family_name)
         SELECT team_id, assigned_to_id, client_id, 1, 'x' FROM client_reach LIMIT 0`,
      ),
    ).rejects.toThrow(/permission denied/);
    // Nor through the function the case triggers call as their owner.
    await expect(
      t.dataSource.query(`SELECT client_reach_apply(ARRAY[]::client_reach[])`),
    ).rejects.toThrow(/permission denied/);
    const functions = await t.dataSource.query<
      { proname: string; definer: boolean; config: string[] | null }[]
    >(
      `SELECT proname, prosecdef AS definer, proconfig AS config FROM pg_proc
        WHERE proname IN ('case_list_total_kept', 'client_reach_apply', 'client_reach_kept', 'client_reach_merged',
                          'client_list_total_kept', 'list_totals_truncated', 'client_reach_renamed')
        ORDER BY proname`,
    );
    expect(functions).toHaveLength(7);
    for (const fn of functions)
      expect(fn, fn.proname).toMatchObject({
        definer: true,
        config: ['search_path=public, pg_temp'],
      });
  });

  it('reads a scoped client page from the copied names: a rename the trigger misses shows', async () => {
    // The page check above would pass if the lists still sorted `client`: with the copy of a
    // rename off, the supervisor's and the caseworker's pages must differ from the built ones.
    const [chosen] = await t.dataSource.query<{ id: string; family_name: string }[]>(
      `SELECT cl.id, cl.family_name FROM client cl
         JOIN legal_case c ON c.client_id = cl.id JOIN app_user u ON u.id = c.assigned_to_id
        WHERE u.email = 'caseworker@haven.local' AND cl.merged_into_id IS NULL
        ORDER BY cl.family_name DESC LIMIT 1`,
    );
    await t.ownerQuery(`ALTER TABLE client DISABLE TRIGGER client_reach_renamed`);
    try {
      await t.dataSource.query(`UPDATE client SET family_name = 'Aaaronson' WHERE id = $1`, [
        chosen.id,
      ]);
      const wrong = await pageMismatches();
      for (const email of ['supervisor@haven.local', 'caseworker@haven.local'])
        expect(wrong.some((line) => line.startsWith(`${email} client page `))).toBe(true);
      expect(wrong.some((line) => line.startsWith('admin@haven.local'))).toBe(false);
      expect(await totalsDrift(t)).not.toEqual([]);
    } finally {
      await t.ownerQuery(`ALTER TABLE client ENABLE TRIGGER client_reach_renamed`);
      await t.dataSource.query(`UPDATE client SET family_name = $2 WHERE id = $1`, [
        chosen.id,
        chosen.family_name,
      ]);
    }
    expect(await totalsDrift(t)).toEqual([]);
    expect(await pageMismatches()).toEqual([]);
  });

  it('never shows another team’s client from a kept page row gone wrong', async () => {
    // A row of client_reach that should not be there (a restore, a bulk load around the triggers):
    // the supervisor's page checks each of its clients again, so it shows one client fewer, not
    // a client of another team.
    const supervisor = await t.tokenFor('supervisor@haven.local');
    const [team] = await t.dataSource.query<{ team_id: string }[]>(
      `SELECT team_id FROM app_user WHERE email = 'supervisor@haven.local'`,
    );
    // A client of the team's own, and one of another office's (the random writes may have left
    // none outside this team).
    await intake(t, 'caseworker@haven.local');
    const planted = await intake(t, 'caseworker.almaty@haven.local');
    expect(planted.case.teamId).not.toBe(team.team_id);
    const stranger = planted.client;
    await t.ownerQuery(
      `INSERT INTO client_reach (team_id, assigned_to_id, client_id, cases, family_name)
       VALUES ($1, '00000000-0000-0000-0000-000000000000', $2, 1, '')`,
      [team.team_id, stranger.id],
    );
    try {
      const page = await t
        .http()
        .get('/api/clients?page=1&perPage=25&sort=familyName&order=ASC')
        .set('Authorization', supervisor);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeGreaterThan(0);
      expect(page.body.data.map((row: { id: string }) => row.id)).not.toContain(stranger.id);
    } finally {
      await t.ownerQuery(`DELETE FROM client_reach WHERE team_id = $1 AND client_id = $2`, [
        team.team_id,
        stranger.id,
      ]);
    }
  });

  it('answers the kept total, not a count: a write the triggers miss shows in the lists', async () => {
    // The check above would pass if the lists still counted: with the update branch off, a stage
    // change must show as a wrong total in the admin's, the supervisor's and the caseworker's list.
    const [chosen] = await t.dataSource.query<{ id: string; stage: string }[]>(
      `SELECT c.id, c.stage FROM legal_case c JOIN app_user u ON u.id = c.assigned_to_id
        WHERE u.email = 'caseworker@haven.local' LIMIT 1`,
    );
    const other = STAGES.find((stage) => stage !== chosen.stage)!;
    await t.ownerQuery(`ALTER TABLE legal_case DISABLE TRIGGER case_list_total_update`);
    try {
      await t.dataSource.query(`UPDATE legal_case SET stage = $2 WHERE id = $1`, [
        chosen.id,
        other,
      ]);
      const wrong = await mismatches();
      for (const email of ['admin@haven.local', 'supervisor@haven.local', 'caseworker@haven.local'])
        expect(wrong.some((line) => line.startsWith(`${email} cases {"stage":"${other}"}`))).toBe(
          true,
        );
      expect(await totalsDrift(t)).not.toEqual([]);
    } finally {
      await t.dataSource.query(`UPDATE legal_case SET stage = $2 WHERE id = $1`, [
        chosen.id,
        chosen.stage,
      ]);
      await t.ownerQuery(`ALTER TABLE legal_case ENABLE TRIGGER case_list_total_update`);
    }
    expect(await totalsDrift(t)).toEqual([]);
    expect(await mismatches()).toEqual([]);

    // The same for a client's first case (the scoped client totals), left broken: the last test.
    await t.ownerQuery(`ALTER TABLE legal_case DISABLE TRIGGER client_reach_insert`);
    try {
      await intake(t, 'caseworker@haven.local');
      const wrong = await mismatches();
      expect(wrong.filter((line) => line.includes(' clients: '))).toEqual([
        expect.stringMatching(/^supervisor@haven\.local clients: total \d+ rows \d+$/),
        expect.stringMatching(/^caseworker@haven\.local clients: total \d+ rows \d+$/),
      ]);
    } finally {
      await t.ownerQuery(`ALTER TABLE legal_case ENABLE TRIGGER client_reach_insert`);
    }
  });
});
