import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns of a case and of its client that the statistics' dimensions read (1766966400000). */
const CASE_COLUMNS = [
  'stat_key',
  'opened_on',
  'decision_served_on',
  'jurisdiction',
  'case_type',
  'stage',
  'outcome',
  'grounds',
  'team_id',
];
const CLIENT_COLUMNS = ['nationality', 'sex', 'date_of_birth', 'consent'];
const DELTA_COLUMNS = `sign, ${[...CASE_COLUMNS, ...CLIENT_COLUMNS].join(', ')}, client_stat_key`;
/** A change row of case `c` (a record or NEW/OLD) and client `cl`, with its sign. */
const deltaValues = (sign: string, c: string, cl: string) =>
  `${sign}, ${CASE_COLUMNS.map((column) => `${c}.${column}`).join(', ')}, ${CLIENT_COLUMNS.map((column) => `${cl}.${column}`).join(', ')}, ${cl}.stat_key`;
const distinct = (columns: string[]) =>
  columns.map((column) => `OLD.${column} IS DISTINCT FROM NEW.${column}`).join(' OR ');

const SUMS = ['client_key_sum', 'client_recognised_key_sum', 'client_rejected_key_sum'];

/**
 * The rollup keeps, per cell, the sum of its cases' clients' keys too (issue 22;
 * docs/decisions/0021): every case counted as its client stands for it, the part of
 * `unit=persons` that is the one-case clients, so persons are counted from the rollup and the few
 * multi-case clients' cases instead of every case.
 *
 * The change rows carry the client's key (`client_stat_key`); the triggers of 1766966400000 log it
 * with the client's other columns, and a change to a client's key is logged as any other change
 * of a column the statistics read (none is made: a key is drawn once, 1766707200000). The rollup
 * cannot be completed from its own cells (a cell does not know its cases' clients): it is emptied,
 * every case logged again and the state set to "never counted", so the tables are counted from
 * the cases until the background job's first count completes (StatsRollupService), as after
 * 1766966400000.
 */
export class StatsRollupClientKeys1768176000000 implements MigrationInterface {
  name = 'StatsRollupClientKeys1768176000000';

  public async up(q: QueryRunner): Promise<void> {
    // Both empty, the columns need no default.
    await q.query(`TRUNCATE stats_rollup, stats_rollup_delta`);
    const sums = [...SUMS, ...SUMS.map((name) => `consented_${name}`)]
      .map((name) => `ADD "${name}" bigint NOT NULL`)
      .join(', ');
    await q.query(`ALTER TABLE "stats_rollup" ${sums}`);
    await q.query(`ALTER TABLE "stats_rollup_delta" ADD "client_stat_key" integer NOT NULL`);
    await this.triggers(q, DELTA_COLUMNS, deltaValues, [...CLIENT_COLUMNS, 'stat_key']);
    await q.query(
      `INSERT INTO stats_rollup_delta (${DELTA_COLUMNS}) SELECT ${deltaValues('1', 'c', 'cl')} FROM legal_case c JOIN client cl ON cl.id = c.client_id`,
    );
    // With no case, the empty rollup is complete now.
    await q.query(
      `UPDATE stats_rollup_state SET computed_at = CASE WHEN EXISTS (SELECT FROM legal_case) THEN NULL ELSE now() END`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const columns = `sign, ${[...CASE_COLUMNS, ...CLIENT_COLUMNS].join(', ')}`;
    const values = (sign: string, c: string, cl: string) =>
      `${sign}, ${CASE_COLUMNS.map((column) => `${c}.${column}`).join(', ')}, ${CLIENT_COLUMNS.map((column) => `${cl}.${column}`).join(', ')}`;
    await q.query(`TRUNCATE stats_rollup, stats_rollup_delta`);
    await this.triggers(q, columns, values, CLIENT_COLUMNS);
    await q.query(`ALTER TABLE "stats_rollup_delta" DROP COLUMN "client_stat_key"`);
    const sums = [...SUMS, ...SUMS.map((name) => `consented_${name}`)]
      .map((name) => `DROP COLUMN "${name}"`)
      .join(', ');
    await q.query(`ALTER TABLE "stats_rollup" ${sums}`);
    await q.query(
      `INSERT INTO stats_rollup_delta (${columns}) SELECT ${values('1', 'c', 'cl')} FROM legal_case c JOIN client cl ON cl.id = c.client_id`,
    );
    await q.query(
      `UPDATE stats_rollup_state SET computed_at = CASE WHEN EXISTS (SELECT FROM legal_case) THEN NULL ELSE now() END`,
    );
  }

  /** 1766966400000's trigger functions, logging `columns` as `values` gives them. */
  private async triggers(
    q: QueryRunner,
    columns: string,
    values: (sign: string, c: string, cl: string) => string,
    clientColumns: string[],
  ): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION stats_rollup_cases_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM client WHERE id IN (SELECT client_id FROM stats_new_cases) ORDER BY id FOR SHARE;
        INSERT INTO stats_rollup_delta (${columns})
        SELECT ${values('1', 'c', 'cl')} FROM stats_new_cases c JOIN client cl ON cl.id = c.client_id;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE OR REPLACE FUNCTION stats_rollup_cases_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM client WHERE id IN (SELECT client_id FROM stats_old_cases) ORDER BY id FOR SHARE;
        INSERT INTO stats_rollup_delta (${columns})
        SELECT ${values('-1', 'c', 'cl')} FROM stats_old_cases c JOIN client cl ON cl.id = c.client_id;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE OR REPLACE FUNCTION stats_rollup_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM client WHERE id IN (OLD.client_id, NEW.client_id) ORDER BY id FOR SHARE;
        INSERT INTO stats_rollup_delta (${columns})
        SELECT ${values('-1', 'OLD', 'cl')} FROM client cl WHERE cl.id = OLD.client_id
        UNION ALL
        SELECT ${values('1', 'NEW', 'cl')} FROM client cl WHERE cl.id = NEW.client_id;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE OR REPLACE FUNCTION stats_rollup_client_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO stats_rollup_delta (${columns})
        SELECT ${values('-1', 'c', 'OLD')} FROM legal_case c WHERE c.client_id = OLD.id
        UNION ALL
        SELECT ${values('1', 'c', 'NEW')} FROM legal_case c WHERE c.client_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`DROP TRIGGER stats_rollup_client_update ON "client"`);
    await q.query(
      `CREATE TRIGGER stats_rollup_client_update AFTER UPDATE OF ${clientColumns.join(', ')} ON "client" FOR EACH ROW WHEN (${distinct(clientColumns)}) EXECUTE FUNCTION stats_rollup_client_changed()`,
    );
  }
}
