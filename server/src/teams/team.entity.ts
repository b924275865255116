import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TimestampedColumns } from '../database/base.columns.js';

@Entity('team')
@Unique('team_name_key', ['name'])
export class TeamEntity extends TimestampedColumns {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'team_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'char', length: 2 })
  country: string;
}
