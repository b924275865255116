import {
  GROUNDS,
  NOTE_STATUSES,
  STRENGTHS,
  type Ground,
  type NoteStatus,
  type Strength,
} from '@haven/shared';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { CaseEntity } from '../cases/case.entity.js';
import { TimestampedColumns } from '../database/base.columns.js';

/**
 * A grounds-of-claim note. The title, the body, the evidence inventory and review comments are
 * ciphertext (FieldEncryption); only the ground is in clear. Notes are never deleted: a withdrawn
 * note stays, with every earlier version in `note_revision`.
 */
@Entity('note')
@Index('note_case_ground_idx', ['caseId', 'ground'])
@Index('note_author_id_idx', ['authorId'])
export class NoteEntity extends TimestampedColumns {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'note_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'note_case_id_fkey' })
  case: Relation<CaseEntity>;

  @Column({ type: 'enum', enum: GROUNDS, enumName: 'claim_ground' })
  ground: Ground;

  /** Encrypted (at most 200 characters of text). */
  @Column({ type: 'text' })
  title: string;

  /** Encrypted Markdown. */
  @Column({ type: 'text' })
  body: string;

  /** Encrypted JSON list of evidence. */
  @Column({ type: 'text', nullable: true })
  evidence: string | null;

  @Column({ type: 'integer', default: 0 })
  evidenceCount: number;

  @Column({ type: 'enum', enum: STRENGTHS, enumName: 'note_strength', default: 'unassessed' })
  strength: Strength;

  @Column({ type: 'enum', enum: NOTE_STATUSES, enumName: 'note_status', default: 'active' })
  status: NoteStatus;

  @Column({ type: 'uuid' })
  authorId: string;
}

/** Every earlier version of a note, written in the same transaction as the edit that replaced it. */
@Entity('note_revision')
@Unique('note_revision_note_version_key', ['noteId', 'version'])
export class NoteRevisionEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'note_revision_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  noteId: string;

  @ManyToOne(() => NoteEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'note_id', foreignKeyConstraintName: 'note_revision_note_id_fkey' })
  note: Relation<NoteEntity>;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'enum', enum: GROUNDS, enumName: 'claim_ground' })
  ground: Ground;

  /** Encrypted (at most 200 characters of text). */
  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text', nullable: true })
  evidence: string | null;

  @Column({ type: 'enum', enum: STRENGTHS, enumName: 'note_strength' })
  strength: Strength;

  @Column({ type: 'enum', enum: NOTE_STATUSES, enumName: 'note_status' })
  status: NoteStatus;

  @Column({ type: 'uuid', nullable: true })
  editedById: string | null;

  @Column({ type: 'timestamptz' })
  editedAt: Date;
}

/** A supervisor's review comment on a note (encrypted). */
@Entity('note_comment')
@Index('note_comment_note_id_idx', ['noteId'])
export class NoteCommentEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'note_comment_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  noteId: string;

  @ManyToOne(() => NoteEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'note_id', foreignKeyConstraintName: 'note_comment_note_id_fkey' })
  note: Relation<NoteEntity>;

  @Column({ type: 'uuid' })
  authorId: string;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
