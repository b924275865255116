import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { UserEntity } from '../users/user.entity.js';

/** One secret calendar-feed token per user; only its SHA-256 is stored. A new token replaces the old. */
@Entity('calendar_token')
@Unique('calendar_token_token_hash_key', ['tokenHash'])
export class CalendarTokenEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'calendar_token_pkey' })
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'calendar_token_user_id_fkey' })
  user: Relation<UserEntity>;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
