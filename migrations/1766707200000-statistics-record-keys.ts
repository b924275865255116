import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cell-key perturbation: every case and every client (a person, for `unit=persons`) holds a random
 * record key from 0 to 2^20 − 1, drawn once and never changed. A cell's key is the sum of its
 * records' keys modulo 2^20, so the same set of records always gets the same noise, whichever query
 * reaches it. Integers, so the sum is exact in any order.
 */
export class StatisticsRecordKeys1766707200000 implements MigrationInterface {
  name = 'StatisticsRecordKeys1766707200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "legal_case" ADD "stat_key" integer NOT NULL DEFAULT floor(random() * 1048576)::int`,
    );
    await q.query(
      `ALTER TABLE "client" ADD "stat_key" integer NOT NULL DEFAULT floor(random() * 1048576)::int`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "client" DROP COLUMN "stat_key"`);
    await q.query(`ALTER TABLE "legal_case" DROP COLUMN "stat_key"`);
  }
}
