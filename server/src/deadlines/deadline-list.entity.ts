import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DEADLINE_STATUSES, type DeadlineStatus } from '@haven/shared';

/**
 * Every deadline with its case's team and caseworker (the nil uuid: none) and its own list keys,
 * kept by triggers in the writing transaction (migration 1768521600000, docs/decisions/0025):
 * a scoped deadline list's page, read in order from the index after the team.
 */
@Entity('deadline_list_row')
@Index('deadline_list_row_page_idx', ['teamId', 'status', 'dueOn', 'deadlineId', 'assignedToId'])
export class DeadlineListRowEntity {
  @PrimaryColumn({
    type: 'uuid',
    name: 'deadline_id',
    primaryKeyConstraintName: 'deadline_list_row_pkey',
  })
  deadlineId: string;

  @Column({ type: 'uuid', name: 'team_id' })
  teamId: string;

  @Column({ type: 'uuid', name: 'assigned_to_id' })
  assignedToId: string;

  @Column({ type: 'enum', enum: DEADLINE_STATUSES, enumName: 'deadline_status' })
  status: DeadlineStatus;

  @Column({ type: 'date', name: 'due_on' })
  dueOn: string;
}

/** How many deadlines there are per (team, caseworker, status), kept from `deadline_list_row`. */
@Entity('deadline_list_total')
export class DeadlineListTotalEntity {
  @PrimaryColumn({
    type: 'uuid',
    name: 'team_id',
    primaryKeyConstraintName: 'deadline_list_total_pkey',
  })
  teamId: string;

  @PrimaryColumn({
    type: 'uuid',
    name: 'assigned_to_id',
    primaryKeyConstraintName: 'deadline_list_total_pkey',
  })
  assignedToId: string;

  @PrimaryColumn({
    type: 'enum',
    enum: DEADLINE_STATUSES,
    enumName: 'deadline_status',
    primaryKeyConstraintName: 'deadline_list_total_pkey',
  })
  status: DeadlineStatus;

  @Column({ type: 'integer' })
  deadlines: number;
}
