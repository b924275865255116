import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * The audit trail. Append-only: the runtime role may only INSERT and SELECT it, the database
 * refuses UPDATE, DELETE and TRUNCATE on it, and a BEFORE INSERT trigger assigns `seq` and chains
 * each event to the previous one by a keyed hash (migrations Foundation, KeyedAuditChain), so that
 * an edit made behind the application's back is detectable.
 */
@Entity('audit_event')
@Unique('audit_event_seq_key', ['seq'])
@Index('audit_event_at_idx', ['at'])
@Index('audit_event_entity_idx', ['entityType', 'entityId'])
@Index('audit_event_actor_id_idx', ['actorId'])
@Index('audit_event_team_id_at_idx', ['teamId', 'at'])
// The duplicate check's rate limit (migration DuplicateCheckGuard): a partial index, kept by the migration.
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'audit_event_pkey' })
  id: string;

  /** Chain order; set by the insert trigger under a lock. */
  @Column({ type: 'bigint' })
  seq: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  /** No foreign key: the trail outlives accounts. */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  entityType: string | null;

  @Column({ type: 'uuid', nullable: true })
  entityId: string | null;

  /** The team whose supervisor may see the event. */
  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 500 })
  summary: string;

  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;

  @Column({ type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;

  /** How `hash` was made: 1 unkeyed SHA-256 (events before the keyed chain), 2 HMAC-SHA256. Set by the trigger. */
  @Column({ type: 'smallint' })
  chainVersion: number;
}
