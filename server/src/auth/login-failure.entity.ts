import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Failed logins, kept for throttling (per account and per IP) across server instances.
 * The email is stored as a keyed hash: the table never holds what someone typed.
 */
@Entity('login_failure')
@Index('login_failure_email_hash_at_idx', ['emailHash', 'at'])
@Index('login_failure_ip_at_idx', ['ip', 'at'])
export class LoginFailureEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    primaryKeyConstraintName: 'login_failure_pkey',
  })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  emailHash: string;

  @Column({ type: 'varchar', length: 64 })
  ip: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}

/**
 * Sign-in attempts per account (auth/login-throttle.ts): counted when an attempt is let through,
 * before its password is checked, so simultaneous guesses cannot all slip past the count. The key
 * is a keyed hash of the email (or of another thing throttled, such as a second-factor challenge).
 */
@Entity('login_throttle')
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'login_throttle_pkey' })
  key: string;

  /** Attempts let through since the last success (or since a day without any). */
  @Column({ type: 'integer' })
  attempts: number;

  @Index('login_throttle_last_attempt_at_idx')
  @Column({ type: 'timestamptz' })
  lastAttemptAt: Date;
}
