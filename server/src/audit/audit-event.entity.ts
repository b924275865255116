import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * The audit trail. Append-only: the runtime role may only INSERT and SELECT it, the database
 * refuses UPDATE, DELETE and TRUNCATE on it but the sealing of an event, and a BEFORE INSERT
 * trigger assigns `seq` and a keyed MAC of the content; the sealer (`audit_seal`) then links each
 * event to the previous one in a gapless chain (migrations Foundation, KeyedAuditChain,
 * AuditSealer), so that an edit or a removal made behind the application's back is detectable.
 */
@Entity('audit_event')
@Unique('audit_event_seq_key', ['seq'])
@Unique('audit_event_chain_pos_key', ['chainPos'])
// What the sealer walks (migration AuditSealer): a partial index, kept by the migration.
@Index('audit_event_unsealed_idx', { synchronize: false })
@Index('audit_event_at_idx', ['at'])
@Index('audit_event_entity_idx', ['entityType', 'entityId'])
@Index('audit_event_actor_id_idx', ['actorId'])
@Index('audit_event_team_id_at_idx', ['teamId', 'at'])
// The duplicate check's rate limit (migration DuplicateCheckGuard): a partial index, kept by the migration.
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'audit_event_pkey' })
  id: string;

  /** The order of appending, from a sequence (set by the insert trigger; a rollback leaves a gap). */
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

  /** The previous event's hash; null until sealed (version 3). */
  @Column({ type: 'char', length: 64, nullable: true })
  prevHash: string | null;

  /** The link; null until sealed (version 3). */
  @Column({ type: 'char', length: 64, nullable: true })
  hash: string | null;

  /**
   * How `hash` was made: 1 unkeyed SHA-256 (events before the keyed chain), 2 HMAC-SHA256 of the
   * event, 3 HMAC-SHA256 of (version, chainPos, contentMac, prevHash) made by the sealer. Set by
   * the trigger.
   */
  @Column({ type: 'smallint' })
  chainVersion: number;

  /** Version 3: HMAC-SHA256 of the event's content, set by the insert trigger. */
  @Column({ type: 'char', length: 64, nullable: true })
  contentMac: string | null;

  /** Version 3: the event's place in the chain, gapless, set by the sealer; null until sealed. */
  @Column({ type: 'bigint', nullable: true })
  chainPos: string | null;
}
