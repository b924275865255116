import type { SessionRestriction } from '@haven/shared';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { UserEntity } from '../users/user.entity.js';

/**
 * A login session. The access token names it; every request checks it here, so logout, deactivation
 * and the idle and absolute timeouts take effect at once, on every server instance.
 */
@Entity('user_session')
export class UserSessionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'user_session_pkey' })
  id: string;

  @Index('user_session_user_id_idx')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'user_session_user_id_fkey' })
  user: Relation<UserEntity>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  lastSeenAt: Date;

  /** The absolute end of the session. */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  /** `logout`, `deactivated`, `password_changed`. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  endReason: string | null;

  /** The address the session signed in from (as the server saw it, see HAVEN_TRUST_PROXY); shown to its user. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  /** The browser's User-Agent at sign-in, cut to 300 characters; shown to its user. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  userAgent: string | null;

  /** `password_change` or `mfa_enrollment`: the session opens only `/api/auth/*` until it is lifted. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  restriction: SessionRestriction | null;

  /** SHA-256 (hex) of the refresh secret the browser holds in its HttpOnly cookie (auth/refresh.ts); never the secret. */
  @Column({ type: 'char', length: 64, nullable: true })
  refreshHash: string | null;

  /** How many times the refresh secret was rotated; an older one presented again ends the session. */
  @Column({ type: 'integer', default: 0 })
  refreshGeneration: number;

  @Column({ type: 'timestamptz', nullable: true })
  refreshRotatedAt: Date | null;
}
