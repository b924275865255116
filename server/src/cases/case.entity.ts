import {
  CASE_TYPES,
  MILITARY_STATUSES,
  OUTCOMES,
  PRIORITIES,
  PROCEDURE_TRACKS,
  SERVICE_METHODS,
  STAGES,
  SUMMONS_KINDS,
  type CaseType,
  type Ground,
  type MilitaryStatus,
  type Outcome,
  type Priority,
  type ProcedureTrack,
  type ServiceMethod,
  type Stage,
  type SummonsKind,
} from '@haven/shared';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { ClientEntity } from '../clients/client.entity.js';
import { TimestampedColumns } from '../database/base.columns.js';
import { TeamEntity } from '../teams/team.entity.js';
import { UserEntity } from '../users/user.entity.js';

/** One legal matter of one client. Table `legal_case`: `case` is an SQL keyword. */
@Entity('legal_case')
@Unique('legal_case_reference_key', ['reference'])
// Each ground once (migration CaseGroundsDistinct): the statistics count a person once a ground.
@Check('legal_case_grounds_distinct', 'grounds_distinct(grounds)')
@Index('legal_case_client_id_idx', ['clientId'])
// With INCLUDE columns, and a partial index, both created by the Performance migration.
@Index('legal_case_team_stage_deadline_idx', { synchronize: false })
@Index('legal_case_unassigned_idx', { synchronize: false })
@Index('legal_case_assigned_activity_idx', { synchronize: false })
@Index('legal_case_assigned_team_stage_deadline_idx', [
  'assignedToId',
  'teamId',
  'stage',
  'nextDeadlineOn',
  'id',
])
@Index('legal_case_team_next_deadline_idx', ['teamId', 'nextDeadlineOn', 'id'])
@Index('legal_case_assigned_next_deadline_idx', ['assignedToId', 'nextDeadlineOn', 'id'])
@Index('legal_case_next_deadline_idx', ['nextDeadlineOn'])
@Index('legal_case_stage_next_deadline_idx', ['stage', 'nextDeadlineOn', 'id'])
@Index('legal_case_opened_on_idx', ['openedOn'])
@Index('legal_case_jurisdiction_idx', ['jurisdiction'])
@Index('legal_case_grounds_idx', { synchronize: false })
@Index('legal_case_closed_on_idx', { synchronize: false })
export class CaseEntity extends TimestampedColumns {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'legal_case_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 20 })
  reference: string;

  @Column({ type: 'uuid' })
  clientId: string;

  @ManyToOne(() => ClientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'legal_case_client_id_fkey' })
  client: Relation<ClientEntity>;

  @Column({ type: 'enum', enum: CASE_TYPES, enumName: 'case_type' })
  caseType: CaseType;

  /** ISO 3166-1 alpha-2 of the country whose procedure it is. */
  @Column({ type: 'char', length: 2 })
  jurisdiction: string;

  @Column({ type: 'enum', enum: STAGES, enumName: 'case_stage', default: 'intake' })
  stage: Stage;

  @Column({ type: 'enum', enum: OUTCOMES, enumName: 'case_outcome', nullable: true })
  outcome: Outcome | null;

  @Column({ type: 'enum', enum: PRIORITIES, enumName: 'case_priority', default: 'normal' })
  priority: Priority;

  @Column({ type: 'uuid', nullable: true })
  assignedToId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'assigned_to_id',
    foreignKeyConstraintName: 'legal_case_assigned_to_id_fkey',
  })
  assignedTo: Relation<UserEntity> | null;

  @Column({ type: 'uuid' })
  teamId: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'legal_case_team_id_fkey' })
  team: Relation<TeamEntity>;

  /** Grounds of claim (enum values), kept in step with the notes once notes exist. */
  @Column({ type: 'varchar', length: 40, array: true, default: () => "'{}'" })
  grounds: Ground[];

  @Column({
    type: 'enum',
    enum: MILITARY_STATUSES,
    enumName: 'case_military_status',
    default: 'unknown',
  })
  militaryStatus: MilitaryStatus;

  @Column({ type: 'enum', enum: SUMMONS_KINDS, enumName: 'case_summons_kind', default: 'none' })
  summonsKind: SummonsKind;

  /** Encrypted (case.mapper.ts): a date, YYYY-MM-DD, as ciphertext. */
  @Column({ type: 'text', nullable: true })
  summonsDate: string | null;

  /** Encrypted (case.mapper.ts): a date, YYYY-MM-DD, as ciphertext. */
  @Column({ type: 'text', nullable: true })
  desertionDate: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  referralSource: string | null;

  /** Encrypted (case.mapper.ts): the authorities' file numbers (JSON) as ciphertext. */
  @Column({ type: 'text', nullable: true })
  authorityReferences: string | null;

  /** Service of the decision: starts the appeal clock (given, or derived from the two below). */
  @Column({ type: 'date', nullable: true })
  decisionServedOn: string | null;

  /** The day the decision arrived, in the sense its service method gives the date. */
  @Column({ type: 'date', nullable: true })
  decisionReceivedOn: string | null;

  @Column({ type: 'enum', enum: SERVICE_METHODS, enumName: 'case_service_method', nullable: true })
  serviceMethod: ServiceMethod | null;

  /**
   * The record key of cell-key perturbation (statistics): random, drawn once by the database, never
   * read by the application outside the statistics queries.
   */
  @Column({ type: 'integer', default: () => '(floor((random() * (1048576))))', select: false })
  statKey?: number;

  /** Decides which appeal period a decision starts. */
  @Column({
    type: 'enum',
    enum: PROCEDURE_TRACKS,
    enumName: 'case_procedure_track',
    default: 'unknown',
  })
  procedureTrack: ProcedureTrack;

  @Column({ type: 'date' })
  openedOn: string;

  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  /** The earliest open deadline; maintained by the deadlines feature, read-only here. */
  @Column({ type: 'date', nullable: true })
  nextDeadlineOn: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastActivityAt: Date;

  // Encrypted (ciphertext in text columns).
  @Column({ type: 'text', nullable: true })
  claimSummary: string | null;

  @Column({ type: 'text', nullable: true })
  serviceHistory: string | null;

  // Legal hold (retention/): keeps the case from retention and its client from anonymisation
  // while set and `legalHoldUntil` has not passed. The reason is encrypted (retention/legal-hold.ts).
  @Column({ type: 'text', nullable: true })
  legalHoldReason?: string | null;

  @Column({ type: 'date', nullable: true })
  legalHoldUntil?: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  legalHoldSetAt?: Date | null;

  @Column({ type: 'uuid', nullable: true })
  legalHoldSetById?: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'legal_hold_set_by_id',
    foreignKeyConstraintName: 'legal_case_legal_hold_set_by_id_fkey',
  })
  legalHoldSetBy?: Relation<UserEntity> | null;
}
