import {
  DEADLINE_KINDS,
  DEADLINE_SOURCES,
  DEADLINE_STATUSES,
  type DeadlineKind,
  type DeadlineSource,
  type DeadlineStatus,
} from '@haven/shared';
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { CaseEntity } from '../cases/case.entity.js';
import { TimestampedColumns } from '../database/base.columns.js';
import { fieldContext } from '../encryption/field-encryption.js';

/** A deadline's title is encrypted, bound to its row. */
export const deadlineContext = (id: string) => fieldContext('deadline', 'title', id);

/**
 * A dated obligation of a case. A trigger (see the migration) keeps `legal_case.next_deadline_on`
 * equal to the earliest open deadline on every insert, update and delete.
 */
@Entity('deadline')
@Index('deadline_case_status_due_on_idx', ['caseId', 'status', 'dueOn'])
// The admin's list by due date: the page's order (due date, then id) read from the index.
@Index('deadline_status_due_on_id_idx', ['status', 'dueOn', 'id'])
// One open deadline per (case, rule, trigger date): a double click adds nothing.
@Index('deadline_open_rule_trigger_key', ['caseId', 'ruleId', 'triggerDate'], {
  unique: true,
  where: "rule_id IS NOT NULL AND status = 'open'",
})
@Unique('deadline_source_key_key', ['sourceKey'])
export class DeadlineEntity extends TimestampedColumns {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'deadline_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'deadline_case_id_fkey' })
  case: Relation<CaseEntity>;

  @Column({ type: 'enum', enum: DEADLINE_KINDS, enumName: 'deadline_kind' })
  kind: DeadlineKind;

  /** Encrypted (deadlineContext). */
  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  ruleId: string | null;

  @Column({ type: 'date', nullable: true })
  triggerDate: string | null;

  /** The rule's version the date was computed under (a rule change triggers a recheck). */
  @Column({ type: 'integer', nullable: true })
  ruleVersion: number | null;

  /** How the date was reached, as data the client renders in the reader's language. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  explanationCode: string | null;

  @Column({ type: 'jsonb', nullable: true })
  explanationParams: Record<string, unknown> | null;

  @Column({ type: 'enum', enum: DEADLINE_SOURCES, enumName: 'deadline_source', default: 'manual' })
  source: DeadlineSource;

  /** Identifies system-made deadlines (document expiries) so that they are made once. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  sourceKey: string | null;

  @Column({ type: 'enum', enum: DEADLINE_STATUSES, enumName: 'deadline_status', default: 'open' })
  status: DeadlineStatus;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  completedById: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;
}
