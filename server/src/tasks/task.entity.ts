import { PRIORITIES, TASK_STATUSES, type Priority, type TaskStatus } from '@haven/shared';
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
import { NoteEntity } from '../notes/note.entity.js';
import { TimestampedColumns } from '../database/base.columns.js';
import { TeamEntity } from '../teams/team.entity.js';
import { fieldContext } from '../encryption/field-encryption.js';

/** A task's free text, encrypted: each value bound to its row and column. */
export const TASK_ENCRYPTED = ['title', 'description', 'reviewComment', 'titleParams'] as const;
export type TaskEncrypted = (typeof TASK_ENCRYPTED)[number];
const TASK_COLUMN: Record<TaskEncrypted, string> = {
  title: 'title',
  description: 'description',
  reviewComment: 'review_comment',
  titleParams: 'title_params',
};
export const taskContext = (field: TaskEncrypted, id: string) =>
  fieldContext('task', TASK_COLUMN[field], id);

/** A work item in a queue: a person's, the team's (no assignee), or the review queue (in_review). */
@Entity('task')
@Index('task_assignee_status_idx', ['assigneeId', 'status'])
@Index('task_team_status_idx', ['teamId', 'status'])
// Partial, in the migration: a team's open tasks per assignee (the caseload table), with their due
// dates; a person's open tasks by due date (overdue ones); a note's one unfinished review.
@Index('task_team_open_assignee_idx', { synchronize: false })
@Index('task_assignee_open_due_idx', { synchronize: false })
@Index('task_note_unfinished_key', { synchronize: false })
@Index('task_case_id_idx', ['caseId'])
@Index('task_note_completed_idx', ['noteId', 'completedAt'])
@Unique('task_source_key_key', ['sourceKey'])
export class TaskEntity extends TimestampedColumns {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'task_pkey' })
  id: string;

  @Column({ type: 'uuid', nullable: true })
  caseId: string | null;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'task_case_id_fkey' })
  case: Relation<CaseEntity> | null;

  @Column({ type: 'uuid' })
  teamId: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'task_team_id_fkey' })
  team: Relation<TeamEntity>;

  /** Encrypted, like the description and the review comment (taskContext). */
  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'enum', enum: TASK_STATUSES, enumName: 'task_status', default: 'open' })
  status: TaskStatus;

  @Column({ type: 'enum', enum: PRIORITIES, enumName: 'task_priority', default: 'normal' })
  priority: Priority;

  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ type: 'boolean', default: false })
  system: boolean;

  /** Identifies system-made tasks (deadline reminders) so that each is made exactly once. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  sourceKey: string | null;

  @Column({ type: 'text', nullable: true })
  reviewComment: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  /** The note this task reviews (a note review), if any: its case is the task's case. */
  @Column({ type: 'uuid', nullable: true })
  noteId: string | null;

  @ManyToOne(() => NoteEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'note_id', foreignKeyConstraintName: 'task_note_id_fkey' })
  note: Relation<NoteEntity> | null;

  /** The note's version when review was last requested: what the reviewer approves. */
  @Column({ type: 'integer', nullable: true })
  noteVersion: number | null;

  /** Who approved the task (only they may undo it, for a short while). */
  @Column({ type: 'uuid', nullable: true })
  approvedById: string | null;

  /**
   * A system task's title as a code (`reminder`, `recheck`; shared SYSTEM_TASK_CODES), told by the
   * client in its reader's language with `titleParams`; null: the title is shown as written.
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  titleCode: string | null;

  /** The parameters of `titleCode`, JSON, encrypted (a deadline's title is free text). */
  @Column({ type: 'text', nullable: true })
  titleParams: string | null;
}
