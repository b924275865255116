import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { STAGES, type Stage } from '@haven/shared';

/**
 * How many cases there are per (team, assignee, stage), kept by triggers on `legal_case` in the
 * writing transaction (migration 1767916800000, docs/decisions/0019): the case list's total, summed
 * over the rows its scope and filters select. An unassigned case counts under the nil uuid.
 */
@Entity('case_list_total')
// With its count included (an administrator's total by stage reads the index only): created by
// the migration.
@Index('case_list_total_stage_idx', { synchronize: false })
export class CaseListTotalEntity {
  @PrimaryColumn({
    type: 'uuid',
    name: 'team_id',
    primaryKeyConstraintName: 'case_list_total_pkey',
  })
  teamId: string;

  @PrimaryColumn({
    type: 'uuid',
    name: 'assigned_to_id',
    primaryKeyConstraintName: 'case_list_total_pkey',
  })
  assignedToId: string;

  @PrimaryColumn({
    type: 'enum',
    enum: STAGES,
    enumName: 'case_stage',
    primaryKeyConstraintName: 'case_list_total_pkey',
  })
  stage: Stage;

  @Column({ type: 'integer' })
  cases: number;
}

/**
 * How many clients the admin's client list shows (those not merged into another), per shard of
 * the client's id (`hashtext(id::text) & 15`), kept by triggers on `client`.
 */
@Entity('client_list_total')
export class ClientListTotalEntity {
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'client_list_total_pkey' })
  shard: number;

  @Column({ type: 'integer' })
  clients: number;
}

/**
 * How many cases each client has per team (`assignedToId` the nil uuid) and per (team,
 * caseworker): what decides whether a client enters or leaves a scoped client total. With a copy
 * of the client's family name (migration 1768262400000), indexed after the scope: the scoped client
 * list's page by name (docs/decisions/0022).
 */
@Entity('client_reach')
@Index('client_reach_client_idx', ['clientId'])
@Index('client_reach_family_name_idx', ['teamId', 'assignedToId', 'familyName', 'clientId'])
export class ClientReachEntity {
  @PrimaryColumn({ type: 'uuid', name: 'team_id', primaryKeyConstraintName: 'client_reach_pkey' })
  teamId: string;

  @PrimaryColumn({
    type: 'uuid',
    name: 'assigned_to_id',
    primaryKeyConstraintName: 'client_reach_pkey',
  })
  assignedToId: string;

  @PrimaryColumn({ type: 'uuid', name: 'client_id', primaryKeyConstraintName: 'client_reach_pkey' })
  clientId: string;

  @Column({ type: 'integer' })
  cases: number;

  /** The client's `family_name`, kept by the triggers (same type and collation). */
  @Column({ type: 'varchar', length: 200, name: 'family_name' })
  familyName: string;
}

/** How many clients (not merged) a team's client list shows: those with a case of the team. */
@Entity('client_team_total')
export class ClientTeamTotalEntity {
  @PrimaryColumn({
    type: 'uuid',
    name: 'team_id',
    primaryKeyConstraintName: 'client_team_total_pkey',
  })
  teamId: string;

  @Column({ type: 'integer' })
  clients: number;
}

/** How many clients (not merged) a caseworker's client list shows: those of their cases in a team. */
@Entity('client_assignee_total')
export class ClientAssigneeTotalEntity {
  @PrimaryColumn({
    type: 'uuid',
    name: 'team_id',
    primaryKeyConstraintName: 'client_assignee_total_pkey',
  })
  teamId: string;

  @PrimaryColumn({
    type: 'uuid',
    name: 'assigned_to_id',
    primaryKeyConstraintName: 'client_assignee_total_pkey',
  })
  assignedToId: string;

  @Column({ type: 'integer' })
  clients: number;
}
