import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trigram GIN indexes that searches read keep new entries in a pending list until a vacuum (or
 * an insert that finds the list full) merges them; every search scans that list whole. With the
 * default 4 MB limit, a day of intake doubled a team's search time on the benchmark database (4.4 →
 * 10 ms) until autovacuum came by. A 256 kB limit keeps the list short: the insert that fills it
 * merges it, a cost spread over a few hundred inserts.
 */
export class SearchPendingLists1765195200000 implements MigrationInterface {
  name = 'SearchPendingLists1765195200000';

  public async up(q: QueryRunner): Promise<void> {
    for (const index of [
      'case_search_scope_trgm_idx',
      'client_search_trgm_idx',
      'client_native_name_trgm_idx',
    ]) {
      await q.query(`ALTER INDEX "${index}" SET (gin_pending_list_limit = 256)`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'case_search_scope_trgm_idx',
      'client_search_trgm_idx',
      'client_native_name_trgm_idx',
    ]) {
      await q.query(`ALTER INDEX "${index}" RESET (gin_pending_list_limit)`);
    }
  }
}
