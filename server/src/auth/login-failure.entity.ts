import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Failed logins, kept for throttling (per account and per IP) across server instances.
 * The email is stored as a keyed hash: the table never holds what someone typed.
 */
@Entity('login_failure')
@Index('login_failure_email_hash_at_idx', ['emailHash', 'at'])
@Index('login_failure_ip_at_idx', ['ip', 'at'])
export class LoginFailureEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'login_failure_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  emailHash: string;

  @Column({ type: 'varchar', length: 64 })
  ip: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
