import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { ClientEntity } from '../clients/client.entity.js';
import { fieldContext } from '../encryption/field-encryption.js';
import { TeamEntity } from '../teams/team.entity.js';
import { UserEntity } from '../users/user.entity.js';

/**
 * The intake a user is filling in, saved as they go (issue 25): one per user, seen by its owner
 * alone, bound to the team they were in. `payload` is the whole draft (JSON) as one FieldEncryption
 * ciphertext; `version` guards against two tabs overwriting each other; `expiresAt` ends it
 * (`HAVEN_INTAKE_DRAFT_HOURS`). Dropped with the intake that completes it, and by a trigger when
 * the owner is deactivated or moves (migration 1767398400000).
 */
@Entity('intake_draft')
@Unique('intake_draft_owner_id_key', ['ownerId'])
@Index('intake_draft_expires_idx', ['expiresAt'])
@Index('intake_draft_client_idx', ['clientId'], { where: 'client_id IS NOT NULL' })
export class IntakeDraftEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'intake_draft_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'intake_draft_owner_id_fkey' })
  owner: Relation<UserEntity>;

  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'intake_draft_team_id_fkey' })
  team: Relation<TeamEntity> | null;

  /** The returning client the draft opens a new case for: erasing them deletes it. */
  @Column({ type: 'uuid', nullable: true })
  clientId: string | null;

  @ManyToOne(() => ClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'intake_draft_client_id_fkey' })
  client: Relation<ClientEntity> | null;

  /** The draft's JSON, encrypted (intakeDraftContext). */
  @Column({ type: 'text' })
  payload: string;

  /** The wizard step the user was on. */
  @Column({ type: 'smallint', default: 0 })
  step: number;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}

/** The associated data of a draft's payload. */
export const intakeDraftContext = (id: string) => fieldContext('intake_draft', 'payload', id);
