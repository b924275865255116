import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The deadline and document lists at any size (docs/decisions/0025), as the case and client lists
 * are (1767916800000, 1768262400000; docs/decisions/0019, 0022).
 *
 * At 1 000 000 cases the admin's open deadlines counted every open deadline on each request (and
 * sorted a day's thousands of ties by id for the page), the admin's documents counted every
 * document, and a supervisor's documents walked the newest documents of every team probing each
 * one's case for a page of 25.
 *
 * `deadline_list_row` / `document_list_row` hold, for every deadline / document, its case's team
 * and caseworker (the nil uuid: none, as in `case_list_total`) beside the row's own list keys
 * (status and due date; status and creation time), indexed after the team: a scoped list's page is
 * read in order from that index (`ListOptions.keptPage`) and only its rows are fetched. The
 * caseworker is the index's last column, so a caseworker's page is read from the team's entries
 * without visiting the heap.
 * `deadline_list_total` / `document_list_total` count those rows per (team, caseworker, status):
 * the lists' totals, summed over the rows the scope and the filters select (`ListOptions.kept`).
 *
 * Who writes what: a statement trigger on each list-row table keeps its total (+1 for each new
 * row, −1 for each old one, per key; an update that moves nothing writes nothing). The rows follow
 * their source: inserted and deleted with it (statement triggers; a case's deletion cascades to its
 * deadlines, whose rows still carry the team), their own keys updated with it (row triggers), and
 * the team and caseworker updated when the case moves (a row trigger on `legal_case`). Each part
 * writes only its own columns, so a case moved while its deadline is completed keeps both changes.
 *
 * A race: a deadline or document inserted for a case that another transaction is moving reads the
 * case's old team unless it waits. The insert triggers lock the cases FOR NO KEY UPDATE (id order)
 * before reading them — the lock a case's move holds, and the one `deadline_refresh_case` and
 * `markCaseActivity` take next in the same transaction, so nobody upgrades a weaker lock — and so
 * read the moved case's team; a move that comes later waits for the insert and then sees its row.
 * The update and delete triggers take the same lock first, for the lock order: a move locks the
 * case, then its list rows and totals; a status change or a withdrawal that locked the list row and
 * the total before the case (which it locks next anyway) would deadlock with it.
 *
 * Every function is SECURITY DEFINER with a fixed search path and no EXECUTE for PUBLIC: the
 * runtime role only reads the four tables (database/roles.ts), as with 1768262400000.
 */
const NIL = `'00000000-0000-0000-0000-000000000000'`;

/** The total kept from a list-row table's transition tables, per (team, caseworker, status). */
function totalSql(rows: string, total: string, counted: string): string {
  const upsert = (select: string) =>
    `INSERT INTO ${total} AS t (team_id, assigned_to_id, status, ${counted})
           ${select} ORDER BY 1, 2, 3
           ON CONFLICT (team_id, assigned_to_id, status) DO UPDATE SET ${counted} = t.${counted} + EXCLUDED.${counted};`;
  return `CREATE FUNCTION ${rows}_counted() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'INSERT' THEN
           ${upsert('SELECT team_id, assigned_to_id, status, count(*) FROM new_rows GROUP BY 1, 2, 3')}
         ELSIF TG_OP = 'DELETE' THEN
           ${upsert('SELECT team_id, assigned_to_id, status, -count(*) FROM old_rows GROUP BY 1, 2, 3')}
         ELSE
           ${upsert(`SELECT team_id, assigned_to_id, status, sum(change) FROM (
               SELECT team_id, assigned_to_id, status, 1 AS change FROM new_rows
               UNION ALL SELECT team_id, assigned_to_id, status, -1 FROM old_rows) changes
             GROUP BY 1, 2, 3 HAVING sum(change) <> 0`)}
         END IF;
         RETURN NULL;
       END $$`;
}

/** What each list copies of its source rows besides the case's team and caseworker. */
const LISTS = [
  {
    source: 'deadline',
    rows: 'deadline_list_row',
    id: 'deadline_id',
    total: 'deadline_list_total',
    counted: 'deadlines',
    columns: ['status', 'due_on'],
    types: { status: 'deadline_status', due_on: 'date' },
    // The scope, the status filter, the list's order (due date, then id), the caseworker.
    index: ['team_id', 'status', 'due_on', 'deadline_id', 'assigned_to_id'],
    indexName: 'deadline_list_row_page_idx',
    byCase: 'deadline_case_status_due_on_idx',
  },
  {
    source: 'document',
    rows: 'document_list_row',
    id: 'document_id',
    total: 'document_list_total',
    counted: 'documents',
    columns: ['status', 'created_at'],
    types: { status: 'document_status', created_at: 'timestamp with time zone' },
    // The scope, the list's order (newest first: the index read backwards, then id), the caseworker.
    index: ['team_id', 'created_at', 'document_id', 'assigned_to_id'],
    indexName: 'document_list_row_page_idx',
    byCase: 'document_case_created_idx',
  },
] as const;

const KEPT_BY_OWNER = [
  ...LISTS.flatMap((l) => [
    `${l.rows}_counted()`,
    `${l.rows}_inserted()`,
    `${l.rows}_updated()`,
    `${l.rows}_deleted()`,
    `${l.rows}_truncated()`,
  ]),
  'list_rows_case_moved()',
];

export class DeadlineDocumentLists1768521600000 implements MigrationInterface {
  name = 'DeadlineDocumentLists1768521600000';

  public async up(q: QueryRunner): Promise<void> {
    // Writes wait, reads go on. No order of the three suits every writer (an intake takes a case
    // before its deadlines, a withdrawal its document before the case): a writer that holds one of
    // them when this comes may be broken off as a deadlock (40P01, a 503 to retry), once.
    await q.query(`LOCK TABLE "legal_case", "deadline", "document" IN SHARE MODE`);
    // The admin's open deadlines by due date: a day holds thousands of them, and the page's order
    // (due date, id) must come from the index, not from sorting the day's ties. The old index is
    // dropped last (DROP INDEX locks `deadline` ACCESS EXCLUSIVE, reads too, until the commit).
    await q.query(
      `CREATE INDEX "deadline_status_due_on_id_idx" ON "deadline" ("status", "due_on", "id")`,
    );
    for (const l of LISTS) {
      const [a, b] = l.columns;
      await q.query(
        `CREATE TABLE "${l.rows}" (
           "${l.id}" uuid NOT NULL,
           "team_id" uuid NOT NULL,
           "assigned_to_id" uuid NOT NULL,
           "${a}" ${l.types[a as keyof typeof l.types]} NOT NULL,
           "${b}" ${l.types[b as keyof typeof l.types]} NOT NULL,
           CONSTRAINT "${l.rows}_pkey" PRIMARY KEY ("${l.id}")
         )`,
      );
      await q.query(
        `CREATE TABLE "${l.total}" (
           "team_id" uuid NOT NULL,
           "assigned_to_id" uuid NOT NULL,
           "status" ${l.types.status} NOT NULL,
           "${l.counted}" integer NOT NULL,
           CONSTRAINT "${l.total}_pkey" PRIMARY KEY ("team_id", "assigned_to_id", "status")
         )`,
      );
      await q.query(
        `INSERT INTO "${l.rows}" ("${l.id}", team_id, assigned_to_id, ${a}, ${b})
         SELECT s.id, c.team_id, coalesce(c.assigned_to_id, ${NIL}), s.${a}, s.${b}
           FROM "${l.source}" s JOIN legal_case c ON c.id = s.case_id`,
      );
      await q.query(
        `INSERT INTO "${l.total}" (team_id, assigned_to_id, status, ${l.counted})
         SELECT team_id, assigned_to_id, status, count(*) FROM "${l.rows}" GROUP BY 1, 2, 3`,
      );
      await q.query(
        `CREATE INDEX "${l.indexName}" ON "${l.rows}" (${l.index.map((c) => `"${c}"`).join(', ')})`,
      );

      await q.query(totalSql(l.rows, l.total, l.counted));
      await q.query(
        `CREATE TRIGGER ${l.rows}_counted_insert AFTER INSERT ON ${l.rows}
           REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${l.rows}_counted()`,
      );
      await q.query(
        `CREATE TRIGGER ${l.rows}_counted_update AFTER UPDATE ON ${l.rows}
           REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${l.rows}_counted()`,
      );
      await q.query(
        `CREATE TRIGGER ${l.rows}_counted_delete AFTER DELETE ON ${l.rows}
           REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${l.rows}_counted()`,
      );

      // The source's rows: inserted with their case's team and caseworker, read under the lock a
      // move of the case holds (see above).
      await q.query(
        `CREATE FUNCTION ${l.rows}_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           PERFORM 1 FROM legal_case WHERE id IN (SELECT case_id FROM new_source) ORDER BY id FOR NO KEY UPDATE;
           INSERT INTO ${l.rows} (${l.id}, team_id, assigned_to_id, ${a}, ${b})
           SELECT s.id, c.team_id, coalesce(c.assigned_to_id, ${NIL}), s.${a}, s.${b}
             FROM new_source s JOIN legal_case c ON c.id = s.case_id ORDER BY s.id;
           RETURN NULL;
         END $$`,
      );
      await q.query(
        `CREATE TRIGGER ${l.rows}_insert AFTER INSERT ON ${l.source}
           REFERENCING NEW TABLE AS new_source FOR EACH STATEMENT EXECUTE FUNCTION ${l.rows}_inserted()`,
      );
      // Its own keys; the team and caseworker too when it moves to another case.
      // The case (both, when it moves) locked first, as in a move of the case (see above).
      await q.query(
        `CREATE FUNCTION ${l.rows}_updated() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           PERFORM 1 FROM legal_case WHERE id IN (OLD.case_id, NEW.case_id) ORDER BY id FOR NO KEY UPDATE;
           IF NEW.case_id IS DISTINCT FROM OLD.case_id THEN
             UPDATE ${l.rows} r SET team_id = c.team_id, assigned_to_id = coalesce(c.assigned_to_id, ${NIL}),
                    ${a} = NEW.${a}, ${b} = NEW.${b}
               FROM legal_case c WHERE c.id = NEW.case_id AND r.${l.id} = NEW.id;
           ELSE
             UPDATE ${l.rows} SET ${a} = NEW.${a}, ${b} = NEW.${b} WHERE ${l.id} = NEW.id;
           END IF;
           RETURN NULL;
         END $$`,
      );
      await q.query(
        `CREATE TRIGGER ${l.rows}_update AFTER UPDATE OF ${a}, ${b}, case_id ON ${l.source}
           FOR EACH ROW WHEN (OLD.${a} IS DISTINCT FROM NEW.${a} OR OLD.${b} IS DISTINCT FROM NEW.${b}
                              OR OLD.case_id IS DISTINCT FROM NEW.case_id)
           EXECUTE FUNCTION ${l.rows}_updated()`,
      );
      // The cases locked first again (a case being deleted is gone from this transaction's view:
      // it holds that row's lock already).
      await q.query(
        `CREATE FUNCTION ${l.rows}_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           PERFORM 1 FROM legal_case WHERE id IN (SELECT case_id FROM old_source) ORDER BY id FOR NO KEY UPDATE;
           DELETE FROM ${l.rows} WHERE ${l.id} IN (SELECT id FROM old_source);
           RETURN NULL;
         END $$`,
      );
      await q.query(
        `CREATE TRIGGER ${l.rows}_delete AFTER DELETE ON ${l.source}
           REFERENCING OLD TABLE AS old_source FOR EACH STATEMENT EXECUTE FUNCTION ${l.rows}_deleted()`,
      );
      // TRUNCATE (also through legal_case's CASCADE) fires none of the above.
      await q.query(
        `CREATE FUNCTION ${l.rows}_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           DELETE FROM ${l.rows};
           DELETE FROM ${l.total};
           RETURN NULL;
         END $$`,
      );
      await q.query(
        `CREATE TRIGGER ${l.rows}_truncate AFTER TRUNCATE ON ${l.source}
           FOR EACH STATEMENT EXECUTE FUNCTION ${l.rows}_truncated()`,
      );
    }

    // A case moved to another team or caseworker moves its deadlines' and documents' rows (found
    // through each source's case index).
    await q.query(
      `CREATE FUNCTION list_rows_case_moved() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE deadline_list_row r SET team_id = NEW.team_id, assigned_to_id = coalesce(NEW.assigned_to_id, ${NIL})
           FROM deadline d WHERE d.case_id = NEW.id AND r.deadline_id = d.id;
         UPDATE document_list_row r SET team_id = NEW.team_id, assigned_to_id = coalesce(NEW.assigned_to_id, ${NIL})
           FROM document d WHERE d.case_id = NEW.id AND r.document_id = d.id;
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER list_rows_case_moved AFTER UPDATE OF team_id, assigned_to_id ON legal_case
         FOR EACH ROW WHEN (OLD.team_id IS DISTINCT FROM NEW.team_id OR OLD.assigned_to_id IS DISTINCT FROM NEW.assigned_to_id)
         EXECUTE FUNCTION list_rows_case_moved()`,
    );

    for (const fn of KEPT_BY_OWNER) {
      await q.query(`ALTER FUNCTION ${fn} SECURITY DEFINER SET search_path = public, pg_temp`);
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
    }
    // Statistics now, not at autovacuum's next pass: a scoped list's generic plan is made once per
    // connection, and made over an unanalysed copy it sorts the team's rows instead of reading the
    // index in order.
    await q.query(
      `ANALYZE "deadline_list_row", "deadline_list_total", "document_list_row", "document_list_total"`,
    );
    // Last: from here to the commit no one reads `deadline` (see above).
    await q.query(`DROP INDEX "deadline_status_due_on_idx"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER list_rows_case_moved ON legal_case`);
    await q.query(`DROP FUNCTION list_rows_case_moved()`);
    for (const l of LISTS) {
      for (const op of ['insert', 'update', 'delete', 'truncate'])
        await q.query(`DROP TRIGGER ${l.rows}_${op} ON ${l.source}`);
      for (const fn of ['inserted', 'updated', 'deleted', 'truncated'])
        await q.query(`DROP FUNCTION ${l.rows}_${fn}()`);
      await q.query(`DROP TABLE "${l.rows}"`);
      await q.query(`DROP FUNCTION ${l.rows}_counted()`);
      await q.query(`DROP TABLE "${l.total}"`);
    }
    await q.query(`CREATE INDEX "deadline_status_due_on_idx" ON "deadline" ("status", "due_on")`);
    await q.query(`DROP INDEX "deadline_status_due_on_id_idx"`);
  }
}
