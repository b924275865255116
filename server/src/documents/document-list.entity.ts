import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DOCUMENT_STATUSES, type DocumentStatus } from '@haven/shared';

/**
 * Every document with its case's team and caseworker (the nil uuid: none) and its own list keys,
 * kept by triggers in the writing transaction (migration 1768521600000, docs/decisions/0025):
 * a scoped document list's page, newest first, read from the index after the team.
 */
@Entity('document_list_row')
@Index('document_list_row_page_idx', ['teamId', 'createdAt', 'documentId', 'assignedToId'])
export class DocumentListRowEntity {
  @PrimaryColumn({
    type: 'uuid',
    name: 'document_id',
    primaryKeyConstraintName: 'document_list_row_pkey',
  })
  documentId: string;

  @Column({ type: 'uuid', name: 'team_id' })
  teamId: string;

  @Column({ type: 'uuid', name: 'assigned_to_id' })
  assignedToId: string;

  @Column({ type: 'enum', enum: DOCUMENT_STATUSES, enumName: 'document_status' })
  status: DocumentStatus;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

/** How many documents there are per (team, caseworker, status), kept from `document_list_row`. */
@Entity('document_list_total')
export class DocumentListTotalEntity {
  @PrimaryColumn({
    type: 'uuid',
    name: 'team_id',
    primaryKeyConstraintName: 'document_list_total_pkey',
  })
  teamId: string;

  @PrimaryColumn({
    type: 'uuid',
    name: 'assigned_to_id',
    primaryKeyConstraintName: 'document_list_total_pkey',
  })
  assignedToId: string;

  @PrimaryColumn({
    type: 'enum',
    enum: DOCUMENT_STATUSES,
    enumName: 'document_status',
    primaryKeyConstraintName: 'document_list_total_pkey',
  })
  status: DocumentStatus;

  @Column({ type: 'integer' })
  documents: number;
}
