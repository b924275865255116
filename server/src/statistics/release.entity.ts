import {
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { UserEntity } from '../users/user.entity.js';

/**
 * A microdata release: the protected rows of the cases opened in one ended quarter, made once with
 * its k and never changed (a trigger refuses any UPDATE of it or of its rows). Its rows are stored
 * (`StatsReleaseRowEntity`), so later edits of the cases change nothing in it.
 */
@Entity('stats_release')
@Unique('stats_release_quarter_k_key', ['quarter', 'k'])
export class StatsReleaseEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'stats_release_pkey' })
  id: string;

  /** `YYYY-Qn`. */
  @Column({ type: 'text' })
  quarter: string;

  @Column({ type: 'integer' })
  k: number;

  /** Rows published, and rows left out (classes that could not be protected). */
  @Column({ type: 'integer' })
  rows: number;

  @Column({ type: 'integer' })
  withheld: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'created_by_id',
    foreignKeyConstraintName: 'stats_release_created_by_id_fkey',
  })
  createdBy: Relation<UserEntity> | null;
}

/**
 * One row of a release, numbered 1..n in the release's fixed order (microdata.ts, RELEASE_ORDER):
 * the values exactly as published, so a download renders the same bytes every time.
 */
@Entity('stats_release_row')
export class StatsReleaseRowEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'stats_release_row_pkey' })
  releaseId: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'stats_release_row_pkey' })
  n: number;

  @ManyToOne(() => StatsReleaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'release_id', foreignKeyConstraintName: 'stats_release_row_release_id_fkey' })
  release: Relation<StatsReleaseEntity>;

  @Column({ type: 'text' }) ageBand: string;
  @Column({ type: 'text' }) sex: string;
  @Column({ type: 'text' }) nationality: string;
  @Column({ type: 'text' }) jurisdiction: string;
  /** The period: `YYYY-Qn`, the release's quarter. */
  @Column({ type: 'text' }) opened: string;
  @Column({ type: 'text' }) caseType: string;
  @Column({ type: 'text' }) stage: string;
  @Column({ type: 'text' }) outcome: string;
  @Column({ type: 'text' }) ground: string;
}
