import { CASE_TYPES, type CaseType } from '@haven/shared';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { TimestampedColumns } from '../database/base.columns.js';
import { UserEntity } from '../users/user.entity.js';

/**
 * Years a case is kept after it closes, by jurisdiction and case type (null: any; one row per pair,
 * NULLs not distinct — the migration's constraint). The most specific row wins (retention.queries.ts).
 */
@Entity('retention_policy')
@Check('retention_policy_years_check', '"years" BETWEEN 1 AND 100')
@Unique('retention_policy_scope_key', ['jurisdiction', 'caseType'])
export class RetentionPolicyEntity extends TimestampedColumns {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'retention_policy_pkey' })
  id: string;

  @Column({ type: 'char', length: 2, nullable: true })
  jurisdiction: string | null;

  @Column({ type: 'enum', enum: CASE_TYPES, enumName: 'case_type', nullable: true })
  caseType: CaseType | null;

  /** 1..100 (a CHECK constraint of the migration). */
  @Column({ type: 'smallint' })
  years: number;

  @Column({ type: 'boolean', default: false })
  fromYearEnd: boolean;

  @Column({ type: 'varchar', length: 300, nullable: true })
  legalBasis: string | null;
}

/** One dry run or application of retention: counts and ids only, never a name. */
@Entity('retention_run')
@Check('retention_run_mode_check', `"mode" IN ('dry_run', 'applied')`)
@Check('retention_run_trigger_check', `"trigger" IN ('nightly', 'manual')`)
@Index('retention_run_at_idx', ['at', 'id'])
export class RetentionRunEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'retention_run_pkey' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  /** Null: the nightly job. */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'retention_run_actor_id_fkey' })
  actor?: Relation<UserEntity> | null;

  /** `dry_run` or `applied` (CHECK constraint). */
  @Column({ type: 'varchar', length: 16 })
  mode: string;

  /** `nightly` or `manual` (CHECK constraint). */
  @Column({ type: 'varchar', length: 16 })
  trigger: string;

  @Column({ type: 'integer' })
  caseCount: number;

  @Column({ type: 'integer' })
  clientCount: number;

  @Column({ type: 'integer' })
  stayingCount: number;

  @Column({ type: 'integer' })
  heldCount: number;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  caseIds: string[];

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  clientIds: string[];
}
