import { LOCALES, ROLES, type Locale, type Role } from '@haven/shared';
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { TimestampedColumns } from '../database/base.columns.js';
import { TeamEntity } from '../teams/team.entity.js';

/** A staff account. Stored lower-cased, so the unique constraint is case-insensitive. */
@Entity('app_user')
@Unique('app_user_email_key', ['email'])
export class UserEntity extends TimestampedColumns {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'app_user_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  /** argon2id; never selected unless asked for, never returned. */
  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  @Column({ type: 'enum', enum: ROLES, enumName: 'user_role' })
  role: Role;

  @Index('app_user_team_id_idx')
  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'app_user_team_id_fkey' })
  team: Relation<TeamEntity> | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'enum', enum: LOCALES, enumName: 'user_locale', default: 'en' })
  locale: Locale;

  /** Set when an admin sets the password: the user must choose their own at the next sign-in. */
  @Column({ type: 'boolean', default: false })
  passwordChangeRequired: boolean;
}
