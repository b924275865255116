import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { UserEntity } from '../../users/user.entity.js';
import { MfaChallengeEntity } from '../mfa/mfa.entities.js';

/** A registered passkey. Only its public key is kept: nothing here lets anyone sign in. */
@Entity('webauthn_credential')
@Unique('webauthn_credential_credential_id_key', ['credentialId'])
export class WebauthnCredentialEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'webauthn_credential_pkey' })
  id: string;

  @Index('webauthn_credential_user_id_idx')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'webauthn_credential_user_id_fkey' })
  user: Relation<UserEntity>;

  /** The authenticator's id for the credential, base64url. */
  @Column({ type: 'text' })
  credentialId: string;

  /** COSE-encoded public key. */
  @Column({ type: 'bytea' })
  publicKey: Buffer;

  /** The signature counter last seen; a later assertion must carry a greater one (unless both are 0). */
  @Column({ type: 'bigint', default: 0 })
  counter: string;

  @Column({ type: 'text', array: true, default: '{}' })
  transports: string[];

  /** The user's label for it ("work laptop"). */
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}

/** A challenge handed out with registration or sign-in options, waiting for its answer. */
@Entity('webauthn_pending')
@Check(
  'webauthn_pending_kind_check',
  `("kind" = 'register' AND "mfa_challenge_id" IS NULL) OR ("kind" = 'login' AND "mfa_challenge_id" IS NOT NULL)`,
)
export class WebauthnPendingEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'webauthn_pending_pkey' })
  id: string;

  @Index('webauthn_pending_user_id_idx')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'webauthn_pending_user_id_fkey' })
  user: Relation<UserEntity>;

  /** The password step this sign-in continues; null for a registration. */
  @Index('webauthn_pending_mfa_challenge_id_idx')
  @Column({ type: 'uuid', nullable: true })
  mfaChallengeId: string | null;

  @ManyToOne(() => MfaChallengeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'mfa_challenge_id',
    foreignKeyConstraintName: 'webauthn_pending_mfa_challenge_id_fkey',
  })
  mfaChallenge: Relation<MfaChallengeEntity> | null;

  /** `register` or `login`. */
  @Column({ type: 'varchar', length: 8 })
  kind: 'register' | 'login';

  /** The base64url challenge the authenticator must sign. */
  @Column({ type: 'text' })
  challenge: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
