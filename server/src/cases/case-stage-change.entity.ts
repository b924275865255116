import { STAGES, type Stage } from '@haven/shared';
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { fieldContext } from '../encryption/field-encryption.js';
import { UserEntity } from '../users/user.entity.js';
import { CaseEntity } from './case.entity.js';

/**
 * One change of a case's stage. `reason` is free text, encrypted (`caseStageChangeContext`); the
 * audit event of the change names this row and never carries the reason.
 */
@Entity('case_stage_change')
@Index('case_stage_change_case_id_idx', ['caseId'])
export class CaseStageChangeEntity {
  /** Ours (not generated), so the reason's associated data can name the row before it is written. */
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'case_stage_change_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'case_stage_change_case_id_fkey' })
  case: Relation<CaseEntity>;

  @Column({ type: 'enum', enum: STAGES, enumName: 'case_stage' })
  fromStage: Stage;

  @Column({ type: 'enum', enum: STAGES, enumName: 'case_stage' })
  toStage: Stage;

  /** Encrypted (`v1.<keyId>.…`, the key id inside, for rotation); null when none was given. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'uuid', nullable: true })
  changedById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'changed_by_id',
    foreignKeyConstraintName: 'case_stage_change_changed_by_id_fkey',
  })
  changedBy: Relation<UserEntity> | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  changedAt: Date;
}

/** The associated data of a stage change's reason. */
export const caseStageChangeContext = (id: string) =>
  fieldContext('case_stage_change', 'reason', id);
