import {
  DOCUMENT_KINDS,
  DOCUMENT_STATUSES,
  type DocumentKind,
  type DocumentStatus,
} from '@haven/shared';
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { CaseEntity } from '../cases/case.entity.js';
import { TimestampedColumns } from '../database/base.columns.js';
import { fieldContext } from '../encryption/field-encryption.js';

/**
 * A document of a case. The content is elsewhere (chunks, encrypted under `dataKey`); `title`,
 * `fileName`, `sha256`, `dataKey` and `withdrawnReason` are field-encrypted. Documents are never
 * deleted by a user: withdrawn ones stay until the data-protection lifecycle erases them.
 */
@Entity('document')
@Index('document_case_created_idx', ['caseId', 'createdAt'])
@Index('document_created_idx', ['createdAt', 'id'])
export class DocumentEntity extends TimestampedColumns {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'document_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'document_case_id_fkey' })
  case: Relation<CaseEntity>;

  @Column({ type: 'enum', enum: DOCUMENT_KINDS, enumName: 'document_kind' })
  kind: DocumentKind;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  fileName: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  language: string | null;

  @Column({ type: 'varchar', length: 100 })
  mime: string;

  @Column({ type: 'integer' })
  sizeBytes: number;

  @Column({ type: 'text' })
  sha256: string;

  /** `pg` (chunks in `document_chunk`) or `s3`. */
  @Column({ type: 'varchar', length: 8 })
  storage: string;

  /** The file's data key, wrapped by the master key (FieldEncryption: it names the key id). */
  @Column({ type: 'text' })
  dataKey: string;

  @Column({ type: 'integer' })
  chunkSize: number;

  @Column({ type: 'integer' })
  chunkCount: number;

  @Column({ type: 'enum', enum: DOCUMENT_STATUSES, enumName: 'document_status', default: 'active' })
  status: DocumentStatus;

  @Column({ type: 'text', nullable: true })
  withdrawnReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  withdrawnById: string | null;

  @Column({ type: 'uuid' })
  uploadedById: string;
}

/** An upload in progress: removed in the transaction that files its document (orphans: see the migration). */
@Entity('document_upload')
@Index('document_upload_started_at_idx', ['startedAt'])
export class DocumentUploadEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'document_upload_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 8 })
  storage: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;
}

/** One encrypted chunk of a file kept in PostgreSQL (`storage = 'pg'`). */
@Entity('document_chunk')
export class DocumentChunkEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'document_chunk_pkey' })
  blobId: string;

  @PrimaryColumn('integer', { primaryKeyConstraintName: 'document_chunk_pkey' })
  n: number;

  @Column({ type: 'bytea' })
  data: Buffer;
}

/** The fields of a document that are field-encrypted, each bound to its row. */
export const DOCUMENT_ENCRYPTED = [
  'title',
  'fileName',
  'sha256',
  'dataKey',
  'withdrawnReason',
] as const;
type EncryptedField = (typeof DOCUMENT_ENCRYPTED)[number];
export const documentContext = (field: EncryptedField, id: string) =>
  fieldContext('document', field, id);
