import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns of a case and of its client that the statistics' dimensions read. */
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
const DELTA_COLUMNS = `sign, ${[...CASE_COLUMNS, ...CLIENT_COLUMNS].join(', ')}`;
/** A change row of case `c` (a record or NEW/OLD) and client `cl`, with its sign. */
const deltaValues = (sign: string, c: string, cl: string) =>
  `${sign}, ${CASE_COLUMNS.map((column) => `${c}.${column}`).join(', ')}, ${CLIENT_COLUMNS.map((column) => `${cl}.${column}`).join(', ')}`;
const distinct = (columns: string[]) =>
  columns.map((column) => `OLD.${column} IS DISTINCT FROM NEW.${column}`).join(' OR ');

/**
 * The statistics' counts kept ahead of the request (issue 22; docs/decisions/0015).
 *
 * `stats_rollup`: for each set of one to three dimensions (bit i of `dimensions`: the i-th of
 * STAT_DIMENSIONS; team with at most one other) and each month (of opening, and of the decision
 * served: `period_by`), the cases of each cell — their count and the sum of their record keys, the
 * same for the recognised and the rejected, and all six again for the clients who consent to
 * anonymised statistics (HAVEN_STATS_REQUIRE_CONSENT). A dimension outside the set is NULL.
 *
 * `stats_rollup_delta`: what the writes changed, appended in the write's own transaction by the
 * triggers below: for a case inserted or deleted, its row (+1 or −1) with its client's columns;
 * for a change to a column a dimension reads, the row before (−1) and after (+1). A background
 * job (statistics/rollup.service.ts) counts the change rows into the rollup and deletes them, in one
 * transaction. Append-only: writers never wait for each other or for the job. The rollup plus the
 * pending change rows equals the cases at every commit.
 *
 * Each trigger reads the other table (a case's client, a client's cases) as it is now: a case's
 * trigger first takes its client's row in share mode, so a change to the client and a change to
 * one of its cases, made at the same time, are logged one after the other, each against the other's
 * committed version (as case_search's triggers, 1765281600000). The existing cases are logged as
 * +1 rows here; the job's first run counts them.
 */
export class StatisticsRollup1766966400000 implements MigrationInterface {
  name = 'StatisticsRollup1766966400000';

  public async up(q: QueryRunner): Promise<void> {
    const names = [
      'records',
      'key_sum',
      'recognised',
      'recognised_key_sum',
      'rejected',
      'rejected_key_sum',
    ];
    const sums = [...names, ...names.map((name) => `consented_${name}`)]
      .map((name) => `"${name}" ${name.endsWith('key_sum') ? 'bigint' : 'integer'} NOT NULL`)
      .join(', ');
    await q.query(
      `CREATE TABLE "stats_rollup" ("dimensions" smallint NOT NULL, "period_by" text NOT NULL, "month" date NOT NULL, "nationality" text, "jurisdiction" text, "case_type" text, "stage" text, "outcome" text, "ground" text, "sex" text, "age_band" text, "opened_month" text, "decided_month" text, "team_id" uuid, ${sums}, CONSTRAINT "stats_rollup_period_by_check" CHECK ("period_by" IN ('opened', 'decided')), CONSTRAINT "stats_rollup_cell_key" UNIQUE NULLS NOT DISTINCT ("dimensions", "period_by", "month", "nationality", "jurisdiction", "case_type", "stage", "outcome", "ground", "sex", "age_band", "opened_month", "decided_month", "team_id")) WITH (fillfactor = 90)`,
    );
    await q.query(
      `CREATE TABLE "stats_rollup_delta" ("id" bigint GENERATED ALWAYS AS IDENTITY, "marked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sign" smallint NOT NULL, "stat_key" integer NOT NULL, "opened_on" date NOT NULL, "decision_served_on" date, "jurisdiction" character(2) NOT NULL, "case_type" "case_type" NOT NULL, "stage" "case_stage" NOT NULL, "outcome" "case_outcome", "grounds" character varying(40) array NOT NULL, "team_id" uuid NOT NULL, "nationality" character(2) NOT NULL, "sex" "client_sex" NOT NULL, "date_of_birth" date, "consent" jsonb, CONSTRAINT "stats_rollup_delta_sign_check" CHECK ("sign" IN (-1, 1)), CONSTRAINT "stats_rollup_delta_pkey" PRIMARY KEY ("id"))`,
    );
    // One row: when the job last counted every change row then committed (NULL: not yet).
    await q.query(
      `CREATE TABLE "stats_rollup_state" ("id" boolean NOT NULL DEFAULT true, "computed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "stats_rollup_state_one_check" CHECK ("id"), CONSTRAINT "stats_rollup_state_pkey" PRIMARY KEY ("id"))`,
    );

    await q.query(`CREATE FUNCTION stats_rollup_cases_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM client WHERE id IN (SELECT client_id FROM stats_new_cases) ORDER BY id FOR SHARE;
        INSERT INTO stats_rollup_delta (${DELTA_COLUMNS})
        SELECT ${deltaValues('1', 'c', 'cl')} FROM stats_new_cases c JOIN client cl ON cl.id = c.client_id;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER stats_rollup_case_insert AFTER INSERT ON "legal_case" REFERENCING NEW TABLE AS stats_new_cases FOR EACH STATEMENT EXECUTE FUNCTION stats_rollup_cases_inserted()`,
    );
    await q.query(`CREATE FUNCTION stats_rollup_cases_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM client WHERE id IN (SELECT client_id FROM stats_old_cases) ORDER BY id FOR SHARE;
        INSERT INTO stats_rollup_delta (${DELTA_COLUMNS})
        SELECT ${deltaValues('-1', 'c', 'cl')} FROM stats_old_cases c JOIN client cl ON cl.id = c.client_id;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER stats_rollup_case_delete AFTER DELETE ON "legal_case" REFERENCING OLD TABLE AS stats_old_cases FOR EACH STATEMENT EXECUTE FUNCTION stats_rollup_cases_deleted()`,
    );
    // A case moved to another client (a merge) is logged against each client's own columns.
    await q.query(`CREATE FUNCTION stats_rollup_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM client WHERE id IN (OLD.client_id, NEW.client_id) ORDER BY id FOR SHARE;
        INSERT INTO stats_rollup_delta (${DELTA_COLUMNS})
        SELECT ${deltaValues('-1', 'OLD', 'cl')} FROM client cl WHERE cl.id = OLD.client_id
        UNION ALL
        SELECT ${deltaValues('1', 'NEW', 'cl')} FROM client cl WHERE cl.id = NEW.client_id;
        RETURN NULL;
      END $$`);
    const caseColumns = [...CASE_COLUMNS, 'client_id'];
    await q.query(
      `CREATE TRIGGER stats_rollup_case_update AFTER UPDATE OF ${caseColumns.join(', ')} ON "legal_case" FOR EACH ROW WHEN (${distinct(caseColumns)}) EXECUTE FUNCTION stats_rollup_case_changed()`,
    );
    // The client's row is held (its UPDATE's lock) until commit: a case trigger elsewhere waits
    // for it, then reads the new version; this one reads the cases as committed now.
    await q.query(`CREATE FUNCTION stats_rollup_client_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO stats_rollup_delta (${DELTA_COLUMNS})
        SELECT ${deltaValues('-1', 'c', 'OLD')} FROM legal_case c WHERE c.client_id = OLD.id
        UNION ALL
        SELECT ${deltaValues('1', 'c', 'NEW')} FROM legal_case c WHERE c.client_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER stats_rollup_client_update AFTER UPDATE OF ${CLIENT_COLUMNS.join(', ')} ON "client" FOR EACH ROW WHEN (${distinct(CLIENT_COLUMNS)}) EXECUTE FUNCTION stats_rollup_client_changed()`,
    );
    // TRUNCATE fires no row or statement DELETE trigger: with no case left, nothing is counted.
    // (Only the schema's owner truncates; TRUNCATE here waits for a running count to commit.)
    await q.query(`CREATE FUNCTION stats_rollup_cases_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE stats_rollup, stats_rollup_delta;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER stats_rollup_case_truncate AFTER TRUNCATE ON "legal_case" FOR EACH STATEMENT EXECUTE FUNCTION stats_rollup_cases_truncated()`,
    );

    await q.query(
      `INSERT INTO stats_rollup_delta (${DELTA_COLUMNS}) SELECT ${deltaValues('1', 'c', 'cl')} FROM legal_case c JOIN client cl ON cl.id = c.client_id`,
    );
    // With no case, the empty rollup is complete now.
    await q.query(
      `INSERT INTO stats_rollup_state (computed_at) SELECT CASE WHEN EXISTS (SELECT FROM legal_case) THEN NULL ELSE now() END`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER stats_rollup_case_truncate ON "legal_case"`);
    await q.query(`DROP TRIGGER stats_rollup_client_update ON "client"`);
    await q.query(`DROP TRIGGER stats_rollup_case_update ON "legal_case"`);
    await q.query(`DROP TRIGGER stats_rollup_case_delete ON "legal_case"`);
    await q.query(`DROP TRIGGER stats_rollup_case_insert ON "legal_case"`);
    await q.query(`DROP FUNCTION stats_rollup_cases_truncated()`);
    await q.query(`DROP FUNCTION stats_rollup_client_changed()`);
    await q.query(`DROP FUNCTION stats_rollup_case_changed()`);
    await q.query(`DROP FUNCTION stats_rollup_cases_deleted()`);
    await q.query(`DROP FUNCTION stats_rollup_cases_inserted()`);
    await q.query(`DROP TABLE "stats_rollup_state"`);
    await q.query(`DROP TABLE "stats_rollup_delta"`);
    await q.query(`DROP TABLE "stats_rollup"`);
  }
}
