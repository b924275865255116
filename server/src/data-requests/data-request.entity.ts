import {
  DATA_REQUEST_STATUSES,
  DATA_REQUEST_TYPES,
  type DataRequestStatus,
  type DataRequestType,
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
import { ClientEntity } from '../clients/client.entity.js';
import { TimestampedColumns } from '../database/base.columns.js';
import { fieldContext } from '../encryption/field-encryption.js';
import { UserEntity } from '../users/user.entity.js';

/**
 * A person's request about their data (GDPR Art. 15–21). `dueOn` is derived from `receivedOn` (one
 * calendar month, Art. 12(3)); `note` is field-encrypted. Seen by whoever may see the client.
 */
@Entity('data_request')
@Index('data_request_client_received_idx', ['clientId', 'receivedOn'])
@Index('data_request_received_idx', ['receivedOn', 'id'])
@Index('data_request_due_idx', ['dueOn', 'id'])
@Index('data_request_created_idx', ['createdAt', 'id'])
@Index('data_request_open_due_idx', ['dueOn', 'clientId'], { where: `status = 'open'` })
export class DataRequestEntity extends TimestampedColumns {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'data_request_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  clientId: string;

  @ManyToOne(() => ClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'data_request_client_id_fkey' })
  client: Relation<ClientEntity>;

  @Column({ type: 'enum', enum: DATA_REQUEST_TYPES, enumName: 'data_request_type' })
  type: DataRequestType;

  @Column({
    type: 'enum',
    enum: DATA_REQUEST_STATUSES,
    enumName: 'data_request_status',
    default: 'open',
  })
  status: DataRequestStatus;

  @Column({ type: 'date' })
  receivedOn: string;

  @Column({ type: 'date' })
  dueOn: string;

  /** Encrypted (`dataRequestNoteContext`). */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'created_by_id',
    foreignKeyConstraintName: 'data_request_created_by_id_fkey',
  })
  createdBy: Relation<UserEntity> | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  closedById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'closed_by_id', foreignKeyConstraintName: 'data_request_closed_by_id_fkey' })
  closedBy: Relation<UserEntity> | null;
}

/** The associated data of a data request's note. */
export const dataRequestNoteContext = (id: string) => fieldContext('data_request', 'note', id);
