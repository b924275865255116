import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { fieldContext } from '../../encryption/field-encryption.js';
import { UserEntity } from '../../users/user.entity.js';

/** A user's TOTP secret. Usable for sign-in only once confirmed with a code; one per user. */
@Entity('mfa_totp')
export class MfaTotpEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'mfa_totp_pkey' })
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'mfa_totp_user_id_fkey' })
  user: Relation<UserEntity>;

  /** Encrypted (`totpSecretContext(userId)`), base32 inside. */
  @Column({ type: 'text' })
  secret: string;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** The time step of the last code accepted: a code of this step or an earlier one is refused (replay). */
  @Column({ type: 'bigint', nullable: true })
  lastUsedStep: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** The associated data of a TOTP secret: bound to its user's row. */
export const totpSecretContext = (userId: string) => fieldContext('mfa_totp', 'secret', userId);

/** A one-time recovery code; only its keyed hash (HMAC under the `mfa` subkey) is stored. */
@Entity('mfa_recovery_code')
@Unique('mfa_recovery_code_user_id_code_hash_key', ['userId', 'codeHash'])
export class MfaRecoveryCodeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'mfa_recovery_code_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'mfa_recovery_code_user_id_fkey' })
  user: Relation<UserEntity>;

  @Column({ type: 'char', length: 64 })
  codeHash: string;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}

/** The second step of a sign-in: the password was right; a factor must now be shown. */
@Entity('mfa_challenge')
export class MfaChallengeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'mfa_challenge_pkey' })
  id: string;

  @Index('mfa_challenge_user_id_idx')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'mfa_challenge_user_id_fkey' })
  user: Relation<UserEntity>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  /** Wrong codes given for this challenge; it dies at the limit. */
  @Column({ type: 'int', default: 0 })
  attempts: number;
}
