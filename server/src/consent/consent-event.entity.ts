import {
  CONSENT_ACTIONS,
  CONSENT_BASES,
  CONSENT_SCOPES,
  type ConsentAction,
  type ConsentBasis,
  type ConsentScope,
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
import { fieldContext } from '../encryption/field-encryption.js';
import { UserEntity } from '../users/user.entity.js';

/**
 * One giving or withdrawal of a scope of a client's consent (the history; `client.consent` is its
 * current state). Never edited: a correction is a new event. `note` is field-encrypted.
 */
@Entity('consent_event')
@Index('consent_event_client_scope_on_idx', ['clientId', 'scope', 'on'])
export class ConsentEventEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'consent_event_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  clientId: string;

  @ManyToOne(() => ClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'consent_event_client_id_fkey' })
  client: Relation<ClientEntity>;

  @Column({ type: 'enum', enum: CONSENT_SCOPES, enumName: 'consent_scope' })
  scope: ConsentScope;

  @Column({ type: 'enum', enum: CONSENT_ACTIONS, enumName: 'consent_action' })
  action: ConsentAction;

  /** The day it was given or withdrawn. */
  @Column({ type: 'date' })
  on: string;

  /** The language it was explained in (ISO 639-1); null for consent carried over from before. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  language: string | null;

  @Column({ type: 'enum', enum: CONSENT_BASES, enumName: 'consent_basis' })
  basis: ConsentBasis;

  /** Encrypted (`consentNoteContext`). */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'recorded_by_id',
    foreignKeyConstraintName: 'consent_event_recorded_by_id_fkey',
  })
  recordedBy: Relation<UserEntity> | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

/** The associated data of a consent event's note. */
export const consentNoteContext = (id: string) => fieldContext('consent_event', 'note', id);
