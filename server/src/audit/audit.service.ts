import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AuditAction,
  AuditCheckpoint,
  AuditEventResponse,
  AuditProblem,
  AuditProblemReason,
  AuditVerifyResponse,
  CaseHistoryEvent,
} from '@haven/shared';
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { badRequest, notFound } from '../common/errors.js';
import {
  listStatement,
  pageCountAndAudit,
  parseListQuery,
  type ListAudit,
  type ListSpec,
} from '../common/list-query.js';
import { isUuid } from '../common/validators.js';
import { AccessService } from '../access/access.service.js';
import { db, exec, first, rows } from '../database/sql.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { AuditEventEntity } from './audit-event.entity.js';
import { checkpointSignatureValid, signCheckpoint } from './audit-chain.js';
import { sealPending } from './audit-sealer.js';

/** Who did it, from where; `id` is null for an unknown account's failed login. */
export interface AuditActor {
  id: string | null;
  ip: string | null;
}

export interface AuditInput {
  action: AuditAction;
  entityType?: string | null;
  entityId?: string | null;
  /** The team whose supervisor may read the event. */
  teamId?: string | null;
  summary: string;
  /** Field names, parameters, counts: never a sensitive value. */
  details?: Record<string, unknown> | null;
}

/**
 * One event for each team that must be able to read it (a supervisor reads their team's events):
 * the same event in all but `teamId`, in the order given, each team once. An event that concerns
 * records of several teams (a merge, a client edited while another team holds a case of theirs, a
 * duplicate check that found another team's client) is filed under every one of them, so no
 * team's trail misses what was done to its records.
 */
export function filedUnder(
  input: AuditInput,
  teamIds: readonly (string | null | undefined)[],
): AuditInput[] {
  const teams = [...new Set(teamIds.map((team) => team ?? null))];
  return (teams.length ? teams : [input.teamId ?? null]).map((teamId) => ({ ...input, teamId }));
}

/** The audit list's base query: every column an event response shows, for the events `scope` lets through. */
const auditListBase = (scope: Expression<SqlBool>) =>
  db
    .selectFrom('audit_event as e')
    .select([
      'e.id',
      sql<string>`e.seq::text`.as('seq'),
      'e.at',
      'e.actor_id as actorId',
      'e.action',
      'e.entity_type as entityType',
      'e.entity_id as entityId',
      'e.team_id as teamId',
      'e.ip',
      'e.summary',
      sql<Record<string, unknown> | null>`e.details`.as('details'),
    ])
    .where(scope);

export const LIST: ListSpec<ReturnType<typeof auditListBase>> = {
  sortable: { at: 'e.at', seq: 'e.seq', action: 'e.action' },
  defaultSort: { field: 'seq', order: 'DESC' },
  filters: {
    action: { column: 'e.action', type: 'string' },
    entityType: { column: 'e.entity_type', type: 'string' },
    entityId: { column: 'e.entity_id', type: 'uuid' },
    actorId: { column: 'e.actor_id', type: 'uuid' },
    teamId: { column: 'e.team_id', type: 'uuid' },
    at: { column: 'e.at', type: 'instant', range: true },
    id: { column: 'e.id', type: 'uuid' },
  },
  search: ['e.summary'],
  tieBreaker: 'e.seq',
};

/** The columns every audit insert writes, in its order. */
const AUDIT_COLUMNS = [
  'actor_id',
  'action',
  'entity_type',
  'entity_id',
  'team_id',
  'ip',
  'summary',
  'details',
] as const;

const plural = (entityType: string) => (entityType === 'case' ? 'cases' : `${entityType}s`);

/** Which filters a list read used (names only, never their values). */
const listFilters = (query: Record<string, unknown>) =>
  Object.keys(query).filter((k) => !['page', 'perPage', 'sort', 'order'].includes(k));

export function toAuditEventResponse(
  event: Pick<
    AuditEventEntity,
    | 'id'
    | 'seq'
    | 'at'
    | 'actorId'
    | 'action'
    | 'entityType'
    | 'entityId'
    | 'teamId'
    | 'ip'
    | 'summary'
    | 'details'
  >,
): AuditEventResponse {
  return {
    id: event.id,
    seq: Number(event.seq),
    at: event.at.toISOString(),
    actorId: event.actorId,
    action: event.action as AuditAction,
    entityType: event.entityType,
    entityId: event.entityId,
    teamId: event.teamId,
    ip: event.ip,
    summary: event.summary,
    details: event.details,
  };
}

/**
 * The case history's base query: an event with its actor's current team and role (who may be named
 * to whom) and, for a stage change, its row in case_stage_change (only a row of the event's own case).
 */
const caseHistoryBase = (where: Expression<SqlBool>[]) =>
  db
    .selectFrom('audit_event as e')
    .leftJoin('app_user as au', 'au.id', 'e.actor_id')
    .leftJoin('case_stage_change as sc', (join) =>
      join
        .on('e.entity_type', '=', sql.lit('case'))
        .on('sc.id', '=', sql<string>`(e.details #>> '{stage,changeId}')::uuid`)
        .onRef('sc.case_id', '=', 'e.entity_id'),
    )
    .select([
      'e.id',
      sql<string>`e.seq::text`.as('seq'),
      'e.at',
      'e.actor_id as actorId',
      sql<AuditAction>`e.action`.as('action'),
      'e.entity_type as entityType',
      'e.entity_id as entityId',
      'e.team_id as teamId',
      'e.ip',
      'e.summary',
      sql<Record<string, unknown> | null>`e.details`.as('details'),
      'au.team_id as actorTeamId',
      'au.role as actorRole',
      'sc.id as stageChangeId',
      'sc.reason as stageReason',
    ])
    .where((eb) => eb.and(where));

/** The case history's dialect, over its base query (`caseHistoryStatement`; `actorId` is read there). */
export const CASE_HISTORY: ListSpec<ReturnType<typeof caseHistoryBase>> = {
  sortable: { at: 'e.at', seq: 'e.seq', action: 'e.action' },
  defaultSort: { field: 'seq', order: 'DESC' },
  filters: {
    action: { column: 'e.action', type: 'string' },
    at: { column: 'e.at', type: 'instant', range: true },
  },
  tieBreaker: 'e.seq',
};

interface CaseHistoryRow {
  id: string;
  seq: string;
  at: Date;
  actorId: string | null;
  action: AuditAction;
  entityType: string | null;
  entityId: string | null;
  teamId: string | null;
  ip: string | null;
  summary: string;
  details: Record<string, unknown> | null;
  actorTeamId: string | null;
  actorRole: string | null;
  stageChangeId: string | null;
  stageReason: string | null;
}

/** Details that are counts: numbers only, shown in a case's history to whoever sees the event. */
export const HISTORY_COUNTS = ['tasks', 'tasksMoved', 'events', 'notes', 'revisions', 'comments'];

/** Details that are codes from a fixed list (a summary's format and language). */
const HISTORY_CODES: Record<string, readonly string[]> = {
  format: ['json', 'markdown', 'html', 'csv', 'pdf'],
  lang: ['en', 'ru'],
};

/**
 * What of `details` someone other than an admin is shown: the changed field names, a stage
 * change's from and to, counts and a few codes — what the client tells the event with, in the
 * reader's language. Everything else may name records of other teams (a merge's cases, an
 * assignee who has left the team) and is left out.
 */
export function safeHistoryDetails(
  details: Record<string, unknown> | null,
): Record<string, unknown> | null {
  if (!details) return null;
  const safe: Record<string, unknown> = {};
  for (const key of HISTORY_COUNTS) {
    const value = details[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) safe[key] = value;
  }
  for (const [key, allowed] of Object.entries(HISTORY_CODES)) {
    const value = details[key];
    if (typeof value === 'string' && allowed.includes(value)) safe[key] = value;
  }
  if (Array.isArray(details.fields) && details.fields.every((field) => typeof field === 'string'))
    safe.fields = details.fields;
  const stage = details.stage as { from?: unknown; to?: unknown } | undefined;
  if (
    stage &&
    typeof stage === 'object' &&
    typeof stage.from === 'string' &&
    typeof stage.to === 'string'
  )
    safe.stage = { from: stage.from, to: stage.to };
  return Object.keys(safe).length ? safe : null;
}

/**
 * One event of a case's history as `actor` may see it. Admins: all of it. Everyone else: the actor
 * only when in the caller's team or an admin (otherwise null, with `actorElsewhere`); the address
 * only to a supervisor and only of their own team's staff; `details` through `safeHistoryDetails`.
 */
export function toCaseHistoryEvent(
  actor: Actor,
  row: CaseHistoryRow,
  reasonOf: (changeId: string, stored: string) => string | null,
): CaseHistoryEvent {
  const admin = actor.role === 'admin';
  const teammate = row.actorTeamId !== null && row.actorTeamId === actor.teamId;
  const named = admin || row.actorId === null || teammate || row.actorRole === 'admin';
  // Events written before case_stage_change existed carry their reason in the details.
  const legacyReason = (row.details?.stage as { reason?: unknown } | undefined)?.reason;
  return {
    id: row.id,
    seq: Number(row.seq),
    at: row.at.toISOString(),
    actorId: named ? row.actorId : null,
    actorElsewhere: !named,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    teamId: row.teamId,
    ip: admin || (actor.role === 'supervisor' && teammate) ? row.ip : null,
    summary: row.summary,
    details: admin ? row.details : safeHistoryDetails(row.details),
    stageReason:
      row.stageChangeId && row.stageReason
        ? reasonOf(row.stageChangeId, row.stageReason)
        : typeof legacyReason === 'string'
          ? legacyReason
          : null,
  };
}

/**
 * The events of one `record`, in the order given (the trigger numbers them as they are inserted):
 * $1 actor, $2 address, then one array per column.
 */
/** Events of one actor, as arrays of their columns: one statement text for any number of events. */
const recordEvents = (actor: AuditActor | null, inputs: AuditInput[]) =>
  sql`INSERT INTO audit_event (actor_id, action, entity_type, entity_id, team_id, ip, summary, details)
  SELECT ${actor?.id ?? null}::uuid, e.action, e.entity_type, e.entity_id, e.team_id, ${actor?.ip ?? null}::varchar, e.summary, e.details::jsonb
    FROM unnest(${inputs.map((event) => event.action)}::varchar[], ${inputs.map((event) => event.entityType ?? null)}::varchar[],
                ${inputs.map((event) => event.entityId ?? null)}::uuid[], ${inputs.map((event) => event.teamId ?? null)}::uuid[],
                ${inputs.map((event) => event.summary.slice(0, 500))}::varchar[],
                ${inputs.map((event) => (event.details ? JSON.stringify(event.details) : null))}::text[])
         WITH ORDINALITY AS e(action, entity_type, entity_id, team_id, summary, details, n)
   ORDER BY e.n`;

/**
 * The audit trail. `record` writes through the caller's transaction manager, so an event commits
 * (or rolls back) with the change it describes. The chain is computed by the database: a keyed MAC
 * of each event as it is inserted, its link by the sealer (audit-sealer.ts).
 */
@Injectable()
export class AuditService {
  /** Stateless: constructed here, so that the CLI and tests can make an AuditService alone. */
  private readonly access = new AccessService();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    /** For checkpoints (the signing key derives from the secret); absent where only `record` is used. */
    @Optional() @Inject(HAVEN_CONFIG) private readonly config?: Pick<HavenConfig, 'secret'>,
  ) {}

  /**
   * Records one event, or several, in the order given: one parameterised INSERT (of one text
   * whatever the number of events, so prepared once per connection) through the caller's manager,
   * so the events commit or roll back with the change they describe. The insert takes no lock that
   * another request waits for; the sealer links the events into the chain after they commit.
   */
  async record(
    manager: EntityManager,
    actor: AuditActor | null,
    input: AuditInput | AuditInput[],
  ): Promise<void> {
    const inputs = Array.isArray(input) ? input : [input];
    if (inputs.length === 0) return;
    await exec(manager, recordEvents(actor, inputs), { core: true });
  }

  /**
   * A list read: one event naming the records shown (ids only, in page order) and which filters were
   * used, so that "who saw this person's file" can be answered for lists too. Written as the INSERT
   * of a data-modifying CTE of the list's own statement (`pageCountAndAudit`): it reads the ids from
   * the statement's `page` and the total from its `total`, so the event commits with the read.
   */
  listReadInsert(actor: Actor, entityType: string, query: Record<string, unknown>): ListAudit {
    return (creator) =>
      creator
        .insertInto('audit_event')
        .columns(AUDIT_COLUMNS)
        .expression(
          creator.selectFrom('total').select([
            sql`${actor.id}::uuid`.as('actor_id'),
            sql`'read'`.as('action'),
            sql`${entityType}`.as('entity_type'),
            sql`NULL::uuid`.as('entity_id'),
            sql`${actor.teamId}::uuid`.as('team_id'),
            sql`${actor.ip}`.as('ip'),
            sql`'listed ' || (SELECT count(*) FROM page) || ' of ' || ${sql.ref('total.list_total')} || ' ' || ${plural(entityType)}`.as(
              'summary',
            ),
            sql`jsonb_build_object('list', true, 'ids', coalesce((SELECT jsonb_agg(id ORDER BY list_position) FROM page), '[]'::jsonb),
                                     'filters', ${JSON.stringify(listFilters(query))}::jsonb)`.as(
              'details',
            ),
          ]),
        );
  }

  /**
   * A single read, as the INSERT of a data-modifying CTE of the read's own query (database/sql.ts:
   * `db.with('found', …).with('audit', () => audit.readAudit(…))`): one event per row of `from`
   * (CTE names, cross-joined; none when the record is not found or not visible). The expressions
   * are over `from`, written by the caller, never from input.
   */
  readAudit(
    actor: Actor,
    entityType: string,
    row: {
      from: readonly string[];
      id: Expression<unknown>;
      teamId: Expression<unknown>;
      summary: Expression<unknown>;
    },
  ): RawBuilder<Record<string, never>> {
    const from = sql.join(
      row.from.map((name) => sql.table(name)),
      sql` CROSS JOIN `,
    );
    // Parenthesised: kysely writes a raw CTE body as it is.
    return sql<
      Record<string, never>
    >`(INSERT INTO audit_event (actor_id, action, entity_type, entity_id, team_id, ip, summary)
      SELECT ${actor.id}::uuid, 'read', ${entityType}, ${row.id}, ${row.teamId}, ${actor.ip}, ${row.summary}
        FROM ${from})`;
  }

  /** Records outside any other transaction (logins, reads). */
  recordNow(actor: AuditActor | null, input: AuditInput): Promise<void> {
    return this.record(this.dataSource.manager, actor, input);
  }

  async list(
    actor: Actor,
    query: Record<string, unknown>,
  ): Promise<{ data: AuditEventResponse[]; total: number }> {
    const scope = this.access.auditEvents(actor, 'e');
    const { rows, total } = await pageCountAndAudit(
      this.dataSource,
      listStatement(auditListBase(scope), parseListQuery(query, LIST)),
    );
    return { data: await this.addressesShownTo(actor, rows.map(toAuditEventResponse)), total };
  }

  /**
   * A supervisor's team's events include what other teams' staff did to its records (`filedUnder`):
   * the address is shown only of the supervisor's own team's staff, as in a case's history — another
   * office's addresses would tell where its people work or live.
   */
  private async addressesShownTo(
    actor: Actor,
    events: AuditEventResponse[],
  ): Promise<AuditEventResponse[]> {
    if (actor.role === 'admin') return events;
    const actorIds = [
      ...new Set(
        events.flatMap((event) => (event.ip !== null && event.actorId ? [event.actorId] : [])),
      ),
    ];
    const teammates = new Set(
      actorIds.length && actor.teamId
        ? (
            await rows(
              this.dataSource,
              db
                .selectFrom('app_user')
                .select('id')
                .where('id', '=', sql<string>`any(${actorIds}::uuid[])`)
                .where('team_id', '=', actor.teamId),
            )
          ).map((row) => row.id)
        : [],
    );
    return events.map((event) =>
      event.ip !== null && !(event.actorId && teammates.has(event.actorId))
        ? { ...event, ip: null }
        : event,
    );
  }

  /**
   * The history tab of a case (`subject`, already checked visible to the caller): the events about
   * the case and its client, a page of them, their total and the audit event of this read, in one
   * statement over audit_event_entity_idx. Admins see every event; everyone else the events filed
   * under their own team (each team gets its own copy of an event about several teams' records,
   * `filedUnder`), and of those only what `toCaseHistoryEvent` lets through.
   */
  caseHistoryStatement(
    actor: Actor,
    subject: { id: string; clientId: string; teamId: string },
    query: Record<string, unknown>,
  ) {
    const parsed = parseListQuery(query, CASE_HISTORY, ['actorId']);
    const where: Expression<SqlBool>[] = [
      sql<SqlBool>`((e.entity_type = 'case' AND e.entity_id = ${subject.id}) OR (e.entity_type = 'client' AND e.entity_id = ${subject.clientId}))`,
    ];
    if (actor.role !== 'admin')
      where.push(actor.teamId ? sql<SqlBool>`e.team_id = ${actor.teamId}` : sql<SqlBool>`false`);
    if (query.actorId !== undefined) {
      const raw = query.actorId;
      if (typeof raw !== 'string' || !isUuid(raw))
        throw badRequest('actorId: must be a UUID', 'query.uuid');
      // Only an actor the caller may be shown can be filtered on: otherwise the filter would tell
      // who, in another team, did what the answer shows without a name.
      where.push(
        actor.role === 'admin'
          ? sql<SqlBool>`e.actor_id = ${raw}`
          : sql<SqlBool>`(e.actor_id = ${raw} AND (au.role = 'admin' OR au.team_id = ${actor.teamId}))`,
      );
    }
    const audit: ListAudit = (creator) =>
      creator
        .insertInto('audit_event')
        .columns(AUDIT_COLUMNS)
        .expression(
          creator
            .selectFrom('total')
            .select([
              sql`${actor.id}::uuid`.as('actor_id'),
              sql`'read'`.as('action'),
              sql`'case'`.as('entity_type'),
              sql`${subject.id}::uuid`.as('entity_id'),
              sql`${subject.teamId}::uuid`.as('team_id'),
              sql`${actor.ip}`.as('ip'),
              sql`'read the history of a case'`.as('summary'),
              sql`jsonb_build_object('events', (SELECT count(*) FROM page))`.as('details'),
            ]),
        );
    return listStatement(caseHistoryBase(where), parsed, { audit });
  }

  /** Runs `caseHistoryStatement`; `reasonOf` decrypts a stage change's reason. */
  async caseHistory(
    actor: Actor,
    subject: { id: string; clientId: string; teamId: string },
    query: Record<string, unknown>,
    reasonOf: (changeId: string, stored: string) => string | null,
  ): Promise<{ data: CaseHistoryEvent[]; total: number }> {
    const { rows, total } = await pageCountAndAudit(
      this.dataSource,
      this.caseHistoryStatement(actor, subject, query),
    );
    return { data: rows.map((row) => toCaseHistoryEvent(actor, row, reasonOf)), total };
  }

  async get(actor: Actor, id: string): Promise<AuditEventResponse> {
    const event = await first(
      this.dataSource,
      auditListBase(this.access.auditEvents(actor, 'e')).where('e.id', '=', id),
    );
    if (!event) throw notFound('audit event');
    const [shown] = await this.addressesShownTo(actor, [toAuditEventResponse(event)]);
    return shown;
  }

  /**
   * Seals what was committed, then re-walks the whole chain in one pass inside PostgreSQL, with the
   * chain key the connection carries, and reports every problem (up to 100): each event's content
   * must match its keyed MAC (or, before version 3, its hash), each sealed event link to the one
   * before it in chain order with its keyed link hash, and — from the keyed era on — follow it
   * without a gap in chain positions; the last link must be the one the chain's head recorded, and
   * no event may stay unsealed. Given a checkpoint (signature checked first: a forged one is a 400),
   * the event at the chain position it attests must still be there with the hash it attests; the
   * chain's links then vouch for every event before it.
   */
  async verify(actor: Actor, checkpoint?: AuditCheckpoint): Promise<AuditVerifyResponse> {
    if (checkpoint && !checkpointSignatureValid(this.secret(), checkpoint)) {
      throw badRequest(
        'checkpoint.signature: not a signature of this Haven’s checkpoint key over seq|hash|at',
        'audit.checkpoint_invalid',
      );
    }
    await sealPending(this.dataSource);
    const found = await rows(
      this.dataSource,
      verifyChain(checkpoint?.seq ?? null, checkpoint?.hash ?? null),
    );
    const problems: AuditProblem[] = found
      .filter((row) => row.reason !== null)
      .map((row) => ({
        reason: row.reason!,
        seq: Number(row.seq),
        id: row.id,
        ...(row.through_seq === null ? {} : { throughSeq: Number(row.through_seq) }),
      }));
    const result: AuditVerifyResponse = {
      ok: problems.length === 0,
      checked: found[0].checked,
      problems,
      firstBroken: problems[0] ?? null,
    };
    await this.recordNow(actor, {
      action: 'verify',
      entityType: 'audit_event',
      summary: result.ok
        ? `audit chain verified: ${result.checked} events intact${checkpoint ? ` up to checkpoint ${checkpoint.seq}` : ''}`
        : `audit chain: ${problems.length} problem(s), the first at event ${result.firstBroken?.seq}`,
      details: {
        checked: result.checked,
        ok: result.ok,
        firstBrokenSeq: result.firstBroken?.seq ?? null,
        problems: problems.map((p) => `${p.reason}:${p.seq}`).slice(0, 20),
        checkpointSeq: checkpoint?.seq ?? null,
      },
    });
    return result;
  }

  /** A signed checkpoint of the last event, for write-once storage outside the database. */
  checkpoint(): Promise<AuditCheckpoint> {
    return takeCheckpoint(this.dataSource, this.secret());
  }

  private secret(): string {
    if (!this.config) throw new Error('AuditService: checkpoints need the configuration');
    return this.config.secret;
  }
}

/**
 * The chain's head, sealed first and signed now: `{seq, hash, at, signature}`, `seq` the chain
 * position of the last sealed event (its `seq` before version 3); 0 and a zero hash for an empty trail.
 */
export async function takeCheckpoint(
  dataSource: DataSource,
  secret: string,
): Promise<AuditCheckpoint> {
  await sealPending(dataSource);
  const head = await first(
    dataSource,
    db.selectFrom('audit_chain_head').select([sql<string>`seq::text`.as('seq'), 'hash']),
  );
  return signCheckpoint(secret, {
    seq: head ? Number(head.seq) : 0,
    hash: head?.hash ?? '0'.repeat(64),
    at: new Date().toISOString(),
  });
}

/**
 * The whole trail's problems, one row each (or one row of nulls), each with the number of events
 * checked. An event's place in the chain (`pos`) is its `seq` up to version 2 and its `chain_pos`
 * from version 3; the walk follows it. Version 1 events (before the keyed chain) are checked by the
 * unkeyed digest, version 2 by the HMAC of the event, version 3 by the HMAC of the content and, once
 * sealed, the HMAC of the link, all under the connection's key. An event of an earlier version than
 * its era (`keyed_from`, `sealed_from`, by `seq`) was written around the trigger. Gaps before
 * `keyed_from` came from the old sequence and are not problems; a removal there still breaks a
 * link. Problems about an event carry its `seq` and id; missing ranges and checkpoints carry chain
 * positions. An event unsealed a minute after it was written (the sealer runs every 200 ms, and
 * verify seals first) is reported: its removal would leave no trace.
 * `position`, `hash`: a checkpoint's chain position and hash, or nulls.
 */
const verifyChain = (position: number | null, hash: string | null) => sql<{
  checked: number;
  reason: AuditProblemReason | null;
  seq: string | null;
  id: string | null;
  through_seq: string | null;
}>`
  WITH events AS (
    SELECT id, seq, chain_version, hash, prev_hash, chain_pos, at,
           CASE WHEN chain_version = 3 THEN chain_pos ELSE seq END AS pos,
           CASE chain_version
             WHEN 1 THEN hash = audit_event_digest(e)
             WHEN 2 THEN hash = audit_event_hmac(e, current_setting('haven.audit_key'))
             WHEN 3 THEN content_mac = audit_event_content_mac(e, current_setting('haven.audit_key'))
                     AND (chain_pos IS NULL OR hash = audit_event_link_hash(chain_pos, content_mac, prev_hash, current_setting('haven.audit_key')))
           END AS intact
      FROM audit_event e
  ), walk AS (
    SELECT id, seq, pos, hash, prev_hash,
           lag(hash) OVER (ORDER BY pos) AS previous, lag(pos) OVER (ORDER BY pos) AS previous_pos
      FROM events WHERE pos IS NOT NULL
  ), head AS (
    SELECT seq AS pos, hash, keyed_from, sealed_from FROM audit_chain_head
  ), last AS (
    SELECT id, seq, pos, hash FROM walk ORDER BY pos DESC LIMIT 1
  ), problems AS (
    SELECT 'hash_mismatch' AS reason, seq, id, NULL::bigint AS through_seq FROM events WHERE intact IS NOT TRUE
    UNION ALL
    SELECT 'broken_link', seq, id, NULL FROM walk WHERE prev_hash IS DISTINCT FROM coalesce(previous, repeat('0', 64))
    UNION ALL
    SELECT 'unkeyed', e.seq, e.id, NULL FROM events e, head h
     WHERE (e.chain_version = 1 AND e.seq >= h.keyed_from) OR (e.chain_version = 2 AND e.seq >= h.sealed_from)
        OR (e.chain_version = 3 AND e.seq < h.sealed_from) OR e.chain_version NOT IN (1, 2, 3)
    UNION ALL
    SELECT 'seq_gap', coalesce(w.previous_pos, 0) + 1, NULL, w.pos - 1 FROM walk w, head h WHERE w.pos >= h.keyed_from AND w.pos > coalesce(w.previous_pos, 0) + 1
    UNION ALL
    SELECT 'tail_cut', coalesce(l.pos, 0) + 1, NULL, h.pos FROM head h LEFT JOIN last l ON true WHERE h.pos > coalesce(l.pos, 0)
    UNION ALL
    SELECT 'head_mismatch', l.seq, l.id, NULL FROM head h JOIN last l ON true WHERE l.pos > h.pos OR (l.pos = h.pos AND l.hash <> h.hash)
    UNION ALL
    SELECT 'unsealed', seq, id, NULL FROM events WHERE chain_version = 3 AND chain_pos IS NULL AND at < now() - interval '1 minute'
    UNION ALL
    SELECT 'checkpoint_missing', ${position}::bigint, NULL, NULL WHERE ${position}::bigint > 0 AND NOT EXISTS (SELECT 1 FROM walk WHERE pos = ${position}::bigint)
    UNION ALL
    SELECT 'checkpoint_mismatch', w.pos, w.id, NULL FROM walk w WHERE ${position}::bigint > 0 AND w.pos = ${position}::bigint AND w.hash::text IS DISTINCT FROM ${hash}::text
  )
  SELECT (SELECT count(*) FROM events)::int AS checked, p.reason, p.seq::text AS seq, p.id, p.through_seq::text AS through_seq
    FROM (SELECT 1) one
    LEFT JOIN (SELECT * FROM problems ORDER BY seq, reason LIMIT 100) p ON true
   ORDER BY p.seq, p.reason`;
