import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Per-prefix, per-year counters for human references (HV-2026-00042). Incremented with
 * INSERT … ON CONFLICT DO UPDATE … RETURNING, whose row lock makes concurrent intakes safe.
 */
@Entity('reference_counter')
export class ReferenceCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 8, primaryKeyConstraintName: 'reference_counter_pkey' })
  prefix: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'reference_counter_pkey' })
  year: number;

  @Column({ type: 'integer' })
  last: number;
}
