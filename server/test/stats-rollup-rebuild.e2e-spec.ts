import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatDimension } from '@haven/shared';
import { statsRebuildRollup } from '../src/cli/stats-rebuild-rollup.js';
import { rows } from '../src/database/sql.js';
import { rollupAggregateSql } from '../src/statistics/rollup.queries.js';
import {
  CLIENT_COPIES_LOCK_TIMEOUT,
  countRollupChanges,
  rebuildClientCopies,
  rebuildRollup,
} from '../src/statistics/rollup.service.js';
import { aggregateSql, type AggregateScope } from '../src/statistics/statistics.queries.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * Issue 22: `npm run haven -- stats:rebuild-rollup` rebuilds the statistics rollup from the cases.
 * A corrupted rollup comes back equal to a fresh count, and a rebuild while Haven writes and counts
 * loses nothing.
 */

const NATIONALITIES = ['RU', 'ER', 'UA', 'BY', 'AF'];
const JURISDICTIONS = ['DE', 'GE', 'KZ'];
const STAGES = ['intake', 'lodged', 'interview', 'closed'];
const OUTCOMES = [null, 'refugee_status', 'rejected', 'withdrawn'];
const GROUNDS = [[], ['political_opinion'], ['religion', 'torture'], ['conscientious_objection']];

const SETS: StatDimension[][] = [
  ['nationality'],
  ['team', 'stage'],
  ['nationality', 'sex', 'ageBand'],
  ['outcome', 'jurisdiction', 'caseType'],
  ['ground', 'decidedMonth'],
  ['ground'],
];
const SCOPES: AggregateScope[] = [
  { unit: 'cases', periodBy: 'opened', from: null, to: null },
  { unit: 'cases', periodBy: 'decided', from: '2024-02', to: '2025-06' },
  { unit: 'cases', periodBy: 'opened', from: null, to: null, consentOnly: true },
];

type Row = Record<string, unknown>;

describe('stats:rebuild-rollup', () => {
  let t: TestApp;
  let teams: string[];
  const cases: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    teams = await Promise.all(['Tbilisi office', 'Almaty office'].map((name) => t.teamId(name)));
    for (let n = 0; n < 150; n++) await plantCase(n);
    await countRollupChanges(t.dataSource);
  });
  afterAll(() => t.close());

  async function plantCase(n: number) {
    const clientId = randomUUID();
    const id = randomUUID();
    await t.dataSource.query(
      `INSERT INTO client (id, reference, given_name, family_name, date_of_birth, sex, nationality, consent)
       VALUES ($1, $2, 'Re', 'Built', $3, $4, $5, $6)`,
      [
        clientId,
        `CL-RB-${id.slice(0, 13)}`,
        n % 9 === 0 ? null : `${1950 + (n % 60)}-05-0${1 + (n % 9)}`,
        n % 3 ? 'male' : 'female',
        NATIONALITIES[n % NATIONALITIES.length],
        n % 4
          ? { scopes: ['data_processing', 'anonymised_statistics'], givenOn: '2024-01-02' }
          : null,
      ],
    );
    const outcome = OUTCOMES[n % OUTCOMES.length];
    await t.dataSource.query(
      `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, stage, outcome, team_id, grounds, opened_on, decision_served_on)
       VALUES ($1, $2, $3, 'asylum', $4, $5, $6::case_outcome, $7, $8, $9::date, CASE WHEN $6::text IS NULL THEN NULL ELSE $9::date + 90 END)`,
      [
        id,
        `HV-RB-${id.slice(0, 13)}`,
        clientId,
        JURISDICTIONS[n % JURISDICTIONS.length],
        outcome ? 'closed' : STAGES[n % STAGES.length],
        outcome,
        teams[n % teams.length],
        GROUNDS[n % GROUNDS.length],
        `2024-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 27)).padStart(2, '0')}`,
      ],
    );
    cases.push(id);
  }

  const canonical = (found: Row[]) => found.map((row) => JSON.stringify(row)).sort();

  /** Every watched table, from the rollup and from the cases: equal when the rollup is right. */
  async function compare() {
    let differing = 0;
    for (const dimensions of SETS)
      for (const scope of SCOPES) {
        const [direct, rolled] = await Promise.all([
          rows(t.dataSource, aggregateSql(dimensions, scope), { plan: 'unnamed' }),
          rows(t.dataSource, rollupAggregateSql(dimensions, scope), { plan: 'unnamed' }),
        ]);
        expect(direct.length).toBeGreaterThan(0);
        if (JSON.stringify(canonical(direct)) !== JSON.stringify(canonical(rolled))) differing++;
      }
    return differing;
  }

  /** The rollup's cells that hold something, as stored. */
  const storedCells = async () =>
    canonical(
      await t.dataSource.query(
        `SELECT * FROM stats_rollup WHERE records <> 0 OR consented_records <> 0 ORDER BY 1`,
      ),
    );

  it('rebuilds a corrupted rollup equal to a fresh count, with progress, audited', async () => {
    expect(await compare()).toBe(0);
    const fresh = await storedCells();

    // Corruption of every kind: a count off, a cell gone, a change logged that never happened.
    await t.ownerQuery(
      `UPDATE stats_rollup SET records = records + 3, key_sum = key_sum + 11, client_key_sum = client_key_sum + 7 WHERE ctid IN (SELECT ctid FROM stats_rollup WHERE records > 0 LIMIT 40)`,
    );
    await t.ownerQuery(
      `DELETE FROM stats_rollup WHERE ctid IN (SELECT ctid FROM stats_rollup WHERE records > 0 ORDER BY key_sum DESC LIMIT 25)`,
    );
    await t.ownerQuery(
      `INSERT INTO stats_rollup_delta (sign, stat_key, opened_on, jurisdiction, case_type, stage, grounds, team_id, nationality, sex, client_stat_key)
       VALUES (1, 12345, '2024-03-03', 'DE', 'asylum', 'lodged', '{}', $1, 'RU', 'male', 54321)`,
      [teams[0]],
    );
    await countRollupChanges(t.dataSource);
    expect(await compare()).toBeGreaterThan(0);

    const lines: string[] = [];
    const result = await statsRebuildRollup(t.dataSource, (line) => lines.push(line));
    expect(result.cases).toBe(cases.length);
    expect(result.cells).toBeGreaterThan(0);
    expect(await compare()).toBe(0);
    expect(await storedCells()).toEqual(fresh);
    // Progress on each step, with the time it took so far.
    expect(lines.join('\n')).toMatch(/waiting for its lock/);
    expect(lines.join('\n')).toMatch(new RegExp(`${cases.length} cases logged`));
    expect(lines.join('\n')).toMatch(/cells written/);
    expect(lines.every((line) => /\(\d+\.\d s\)$/.test(line))).toBe(true);
    // Nothing pending, and dated.
    const [state] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM stats_rollup_delta)::int AS pending, computed_at FROM stats_rollup_state`,
    );
    expect(state.pending).toBe(0);
    expect(state.computed_at).not.toBeNull();
    const [audit] = await t.dataSource.query(
      `SELECT action, entity_type, actor_id, details FROM audit_event ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit).toMatchObject({ action: 'update', entity_type: 'statistics', actor_id: null });
    expect(audit.details).toMatchObject({ kind: 'rollup_rebuild', cases: cases.length });
  });

  it('leaves a write committed after its snapshot pending, counted once by the next count', async () => {
    await t.ownerQuery(`UPDATE stats_rollup SET records = records + 1 WHERE records > 0`);
    // A write begun before the rebuild, committed while it runs (after its snapshot).
    const writer = t.dataSource.createQueryRunner();
    await writer.connect();
    await writer.startTransaction();
    const [target] = await writer.query(`SELECT id FROM legal_case ORDER BY id LIMIT 1`);
    await writer.query(`UPDATE legal_case SET stage = 'appeal' WHERE id = $1`, [target.id]);
    let committed = false;
    try {
      await rebuildRollup(t.dataSource, async (line) => {
        if (!committed && /pending changes removed/.test(line)) {
          await writer.commitTransaction();
          committed = true;
        }
      });
    } finally {
      if (!committed) await writer.rollbackTransaction();
      await writer.release();
    }
    expect(committed).toBe(true);
    // The write's change rows are still pending (two: −1 and +1), not in the rebuilt cells.
    const [pending] = await t.dataSource.query(`SELECT count(*)::int AS n FROM stats_rollup_delta`);
    expect(pending.n).toBe(2);
    await countRollupChanges(t.dataSource);
    expect(await compare()).toBe(0);
  });

  it('loses nothing when Haven writes and counts during the rebuild', async () => {
    await t.ownerQuery(`UPDATE stats_rollup SET records = records + 1 WHERE records > 0`);
    let n = 1000;
    const writes = async () => {
      for (let i = 0; i < 12; i++) {
        await plantCase(n++);
        await t.dataSource.query(`UPDATE legal_case SET stage = 'interview' WHERE id = $1`, [
          cases[i * 7],
        ]);
        await t.dataSource.query(
          `UPDATE client SET nationality = 'UA' WHERE id = (SELECT client_id FROM legal_case WHERE id = $1)`,
          [cases[i * 5 + 1]],
        );
      }
    };
    const counts = async () => {
      for (let i = 0; i < 4; i++) await countRollupChanges(t.dataSource);
    };
    await Promise.all([
      rebuildRollup(t.dataSource),
      writes(),
      counts(),
      rebuildRollup(t.dataSource),
    ]);
    // Whatever committed after a rebuild's snapshot is still pending: the next count adds it.
    await countRollupChanges(t.dataSource);
    expect(await compare()).toBe(0);
  });

  it('sets the case counts and the multi-case copy right too', async () => {
    // Second cases for some clients: their cases are copied (stats_multi_case).
    const several = (
      await t.dataSource.query<{ client_id: string }[]>(
        'SELECT client_id FROM legal_case GROUP BY client_id ORDER BY client_id LIMIT 12',
      )
    ).map((r) => r.client_id);
    for (const client of several) {
      const [added] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, stage, outcome, team_id, grounds, opened_on, decision_served_on)
         SELECT gen_random_uuid(), 'HV-RB-' || substr(md5(random()::text), 1, 13), client_id, case_type,
                jurisdiction, stage, outcome, team_id, grounds, opened_on + 40, decision_served_on
           FROM legal_case WHERE client_id = $1 LIMIT 1
         RETURNING id`,
        [client],
      );
      cases.push(added.id);
    }
    const copy = async () =>
      canonical(await t.dataSource.query('SELECT * FROM stats_multi_case ORDER BY case_id'));
    const counts = async () =>
      canonical(await t.dataSource.query('SELECT * FROM stats_client_cases WHERE cases > 0'));
    const kept = { copy: await copy(), counts: await counts() };
    expect(kept.copy.length).toBeGreaterThanOrEqual(2 * several.length);

    // Corruption: counts off either way (a multi-case client counted as one), copied rows gone,
    // wrong, and one that should not be there.
    await t.ownerQuery(`UPDATE stats_client_cases SET cases = cases + 2 WHERE client_id = $1`, [
      several[0],
    ]);
    await t.ownerQuery(`UPDATE stats_client_cases SET cases = 1 WHERE client_id = $1`, [
      several[1],
    ]);
    await t.ownerQuery(`DELETE FROM stats_multi_case WHERE client_id = $1`, [several[2]]);
    await t.ownerQuery(`UPDATE stats_multi_case SET nationality = 'ZZ' WHERE client_id = $1`, [
      several[3],
    ]);
    await t.ownerQuery(
      `INSERT INTO stats_multi_case SELECT c.id, c.client_id, cl.stat_key, c.opened_on, c.decision_served_on, c.jurisdiction, c.case_type, c.stage, c.outcome, c.grounds, c.team_id, cl.nationality, cl.sex, cl.date_of_birth, cl.consent
         FROM legal_case c JOIN client cl ON cl.id = c.client_id
        WHERE c.client_id <> ALL ($1) LIMIT 1`,
      [several],
    );
    expect(await copy()).not.toEqual(kept.copy);

    const lines: string[] = [];
    const result = await statsRebuildRollup(t.dataSource, (line) => lines.push(line));
    expect(result.clientCountsFixed).toBe(2);
    // Two rows gone, two wrong (each counted twice: the wrong row and the right one missing),
    // one extra.
    expect(result.multiCaseRowsFixed).toBe(2 + 2 * 2 + 1);
    expect(result.multiCaseRows).toBe(kept.copy.length);
    expect(await copy()).toEqual(kept.copy);
    expect(await counts()).toEqual(kept.counts);
    expect(lines.join('\n')).toMatch(/2 case counts and 7 copied rows corrected/);
  });

  it('gives up on the case counts and the copy, saying why, when a write holds the cases too long', async () => {
    expect(CLIENT_COPIES_LOCK_TIMEOUT).toBe('5s');
    const writer = t.dataSource.createQueryRunner();
    await writer.startTransaction();
    try {
      // A write in progress (a bulk import): its lock on the cases lasts until it commits.
      await writer.query(`UPDATE legal_case SET jurisdiction = jurisdiction WHERE false`);
      const started = Date.now();
      await expect(rebuildClientCopies(t.dataSource)).rejects.toThrow(
        /could not be locked within 5s .*run stats:rebuild-rollup again/,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await writer.rollbackTransaction();
      await writer.release();
    }
    // Nothing held: it runs.
    await expect(rebuildClientCopies(t.dataSource)).resolves.toMatchObject({
      clientCountsFixed: 0,
    });
  });
});
