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
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { badRequest, notFound } from '../common/errors.js';
import {
  applyListQuery,
  listStatement,
  pageAndCount,
  pageCountAndAudit,
  param,
  parseListQuery,
  type AuditInsert,
  type ListSpec,
  type SqlCondition,
} from '../common/list-query.js';
import { isUuid } from '../common/validators.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { queryPreparedWith, type Statement } from '../database/prepared.js';
import { literal, sendWithCommit } from '../database/transaction.js';
import { AuditEventEntity } from './audit-event.entity.js';
import { checkpointSignatureValid, signCheckpoint } from './audit-chain.js';

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

const LIST: ListSpec = {
  sortable: { at: 'e.at', seq: 'e.seq', action: 'e.action' },
  defaultSort: { field: 'seq', order: 'DESC' },
  filters: {
    action: { column: 'e.action', type: 'string' },
    entityType: { column: 'e.entityType', type: 'string' },
    entityId: { column: 'e.entityId', type: 'uuid' },
    actorId: { column: 'e.actorId', type: 'uuid' },
    teamId: { column: 'e.teamId', type: 'uuid' },
    at: { column: 'e.at', type: 'instant', range: true },
    id: { column: 'e.id', type: 'uuid' },
  },
  search: ['e.summary'],
  tieBreaker: 'e.seq',
};

const plural = (entityType: string) => (entityType === 'case' ? 'cases' : `${entityType}s`);

/** Which filters a list read used (names only, never their values). */
const listFilters = (query: Record<string, unknown>) =>
  Object.keys(query).filter((k) => !['page', 'perPage', 'sort', 'order'].includes(k));

export function toAuditEventResponse(event: AuditEventEntity): AuditEventResponse {
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

/** The case history's dialect, over column names (`caseHistoryStatement`; `actorId` is read there). */
const CASE_HISTORY: ListSpec = {
  sortable: { at: 'e.at', seq: 'e.seq', action: 'e.action' },
  defaultSort: { field: 'seq', order: 'DESC' },
  filters: {
    action: { column: 'e.action', type: 'string' },
    at: { column: 'e.at', type: 'instant', range: true },
  },
  tieBreaker: 'e.seq',
};

/**
 * An event with its actor's current team and role (who may be named to whom) and, for a stage
 * change, its row in case_stage_change (only a row of the event's own case).
 */
const CASE_HISTORY_SOURCE = {
  from: `audit_event e
    LEFT JOIN app_user au ON au.id = e.actor_id
    LEFT JOIN case_stage_change sc ON e.entity_type = 'case' AND sc.id = (e.details #>> '{stage,changeId}')::uuid AND sc.case_id = e.entity_id`,
  columns: `e.id, e.seq::text AS seq, e.at, e.actor_id AS "actorId", e.action, e.entity_type AS "entityType", e.entity_id AS "entityId",
    e.team_id AS "teamId", e.ip, e.summary, e.details, au.team_id AS "actorTeamId", au.role AS "actorRole",
    sc.id AS "stageChangeId", sc.reason AS "stageReason"`,
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

/**
 * What of `details` someone other than an admin is shown: the changed field names and a stage
 * change's from and to. Everything else may name records of other teams (a merge's cases, an
 * assignee who has left the team) and is left out.
 */
function safeHistoryDetails(
  details: Record<string, unknown> | null,
): Record<string, unknown> | null {
  if (!details) return null;
  const safe: Record<string, unknown> = {};
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
 * The audit trail. `record` writes through the caller's transaction manager, so an event commits
 * (or rolls back) with the change it describes. The chain hash is computed by the database.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    /** For checkpoints (the signing key derives from the secret); absent where only `record` is used. */
    @Optional() @Inject(HAVEN_CONFIG) private readonly config?: Pick<HavenConfig, 'secret'>,
  ) {}

  /**
   * Records one event, or several in one statement (in the order given). Each event takes the
   * chain's lock until its transaction commits: in a `transaction` (database/transaction.ts) the
   * events are therefore written last, with the COMMIT, in one round trip; elsewhere now.
   */
  async record(
    manager: EntityManager,
    actor: AuditActor | null,
    input: AuditInput | AuditInput[],
  ): Promise<void> {
    const inputs = Array.isArray(input) ? input : [input];
    if (inputs.length === 0) return;
    const rows = inputs.map((event) => [
      actor?.id ?? null,
      event.action,
      event.entityType ?? null,
      event.entityId ?? null,
      event.teamId ?? null,
      actor?.ip ?? null,
      event.summary.slice(0, 500),
      event.details ? JSON.stringify(event.details) : null,
    ]);
    const insert =
      'INSERT INTO audit_event (actor_id, action, entity_type, entity_id, team_id, ip, summary, details) VALUES ';
    if (
      sendWithCommit(
        manager,
        () => insert + rows.map((fields) => `(${fields.map(literal).join(', ')})`).join(', '),
      )
    )
      return;
    const values: unknown[] = [];
    const text =
      insert +
      rows
        .map((fields) => `(${fields.map((field) => param(values, field)).join(', ')})`)
        .join(', ');
    // Prepared, as every audited write outside a transaction runs it: one text per number of events,
    // so only the usual few (a bulk reassignment's hundreds would each take one of the bounded names).
    if (inputs.length <= 4) await queryPreparedWith(manager, text, values);
    else await manager.query(text, values);
  }

  /**
   * A list read: one event naming the records shown (ids only, in page order) and which filters were
   * used, so that "who saw this person's file" can be answered for lists too. Written as the INSERT
   * of a data-modifying CTE of the list's own statement (`pageCountAndAudit`): it reads the ids from
   * the statement's `page` and the total from its `total`, so the event commits with the read.
   */
  listReadInsert(actor: Actor, entityType: string, query: Record<string, unknown>): AuditInsert {
    return (values) => {
      const p = (value: unknown) => param(values, value);
      return `INSERT INTO audit_event (actor_id, action, entity_type, entity_id, team_id, ip, summary, details)
        SELECT ${p(actor.id)}::uuid, 'read', ${p(entityType)}, NULL, ${p(actor.teamId)}::uuid, ${p(actor.ip)},
               'listed ' || (SELECT count(*) FROM page) || ' of ' || total.list_total || ' ' || ${p(plural(entityType))},
               jsonb_build_object('list', true, 'ids', coalesce((SELECT jsonb_agg(id ORDER BY list_position) FROM page), '[]'::jsonb),
                                  'filters', ${p(JSON.stringify(listFilters(query)))}::jsonb)
          FROM total`;
    };
  }

  /**
   * A single read, as the INSERT of a data-modifying CTE of the read's own statement: one event per
   * row of `from` (none when the record is not found or not visible). The expressions are SQL over
   * `from`, written by the caller, never from input.
   */
  readInsert(
    actor: Actor,
    entityType: string,
    row: { from: string; id: string; teamId: string; summary: string },
  ): AuditInsert {
    return (values) =>
      `INSERT INTO audit_event (actor_id, action, entity_type, entity_id, team_id, ip, summary)
        SELECT ${param(values, actor.id)}::uuid, 'read', ${param(values, entityType)}, ${row.id}, ${row.teamId}, ${param(values, actor.ip)}, ${row.summary}
          FROM ${row.from}`;
  }

  /** Records outside any other transaction (logins, reads). */
  recordNow(actor: AuditActor | null, input: AuditInput): Promise<void> {
    return this.record(this.dataSource.manager, actor, input);
  }

  async list(
    actor: Actor,
    query: Record<string, unknown>,
  ): Promise<{ data: AuditEventResponse[]; total: number }> {
    const parsed = parseListQuery(query, LIST);
    const builder = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('e');
    // Supervisors see their team's events; the role guard already keeps everyone else but admins out.
    if (actor.role !== 'admin')
      builder.andWhere('e.teamId = :scopeTeam', { scopeTeam: actor.teamId });
    const [rows, total] = await pageAndCount(applyListQuery(builder, parsed));
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
            await this.dataSource.query<{ id: string }[]>(
              'SELECT id FROM app_user WHERE id = ANY($1::uuid[]) AND team_id = $2',
              [actorIds, actor.teamId],
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
  ): Statement {
    const parsed = parseListQuery(query, CASE_HISTORY, ['actorId']);
    const where: SqlCondition[] = [
      {
        sql: `(e.entity_type = 'case' AND e.entity_id = :historyCase) OR (e.entity_type = 'client' AND e.entity_id = :historyClient)`,
        params: { historyCase: subject.id, historyClient: subject.clientId },
      },
    ];
    if (actor.role !== 'admin')
      where.push(
        actor.teamId
          ? { sql: 'e.team_id = :historyTeam', params: { historyTeam: actor.teamId } }
          : { sql: 'false', params: {} },
      );
    if (query.actorId !== undefined) {
      const raw = query.actorId;
      if (typeof raw !== 'string' || !isUuid(raw)) throw badRequest('actorId: must be a UUID');
      // Only an actor the caller may be shown can be filtered on: otherwise the filter would tell
      // who, in another team, did what the answer shows without a name.
      where.push({
        sql:
          actor.role === 'admin'
            ? 'e.actor_id = :historyActor'
            : `e.actor_id = :historyActor AND (au.role = 'admin' OR au.team_id = :historyActorTeam)`,
        params: { historyActor: raw, historyActorTeam: actor.teamId },
      });
    }
    const audit: AuditInsert = (values) => {
      const p = (value: unknown) => param(values, value);
      return `INSERT INTO audit_event (actor_id, action, entity_type, entity_id, team_id, ip, summary, details)
        SELECT ${p(actor.id)}::uuid, 'read', 'case', ${p(subject.id)}::uuid, ${p(subject.teamId)}::uuid, ${p(actor.ip)},
               'read the history of a case', jsonb_build_object('events', (SELECT count(*) FROM page))
          FROM total`;
    };
    return listStatement({ ...CASE_HISTORY_SOURCE, where }, parsed, audit);
  }

  /** Runs `caseHistoryStatement`; `reasonOf` decrypts a stage change's reason. */
  async caseHistory(
    actor: Actor,
    subject: { id: string; clientId: string; teamId: string },
    query: Record<string, unknown>,
    reasonOf: (changeId: string, stored: string) => string | null,
  ): Promise<{ data: CaseHistoryEvent[]; total: number }> {
    const { rows, total } = await pageCountAndAudit<CaseHistoryRow>(
      this.dataSource,
      this.caseHistoryStatement(actor, subject, query),
    );
    return { data: rows.map((row) => toCaseHistoryEvent(actor, row, reasonOf)), total };
  }

  async get(actor: Actor, id: string): Promise<AuditEventResponse> {
    const builder = this.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .where('e.id = :id', { id });
    if (actor.role !== 'admin')
      builder.andWhere('e.teamId = :scopeTeam', { scopeTeam: actor.teamId });
    const event = await builder.getOne();
    if (!event) throw notFound('audit event');
    const [shown] = await this.addressesShownTo(actor, [toAuditEventResponse(event)]);
    return shown;
  }

  /**
   * Re-walks the whole chain in one pass inside PostgreSQL, with the chain key the connection
   * carries, and reports every problem (up to 100, in sequence order): each event's stored hash
   * must equal the one recomputed by its own version's rule, link to the previous event's hash, and
   * — in the keyed era, where a rollback leaves no gap — follow it without a gap; the last event
   * must be the one the chain's head recorded. Given a checkpoint (signature checked first: a
   * forged one is a 400), the event it attests must still be there with the hash it attests; the
   * chain's links then vouch for every event before it.
   */
  async verify(actor: Actor, checkpoint?: AuditCheckpoint): Promise<AuditVerifyResponse> {
    if (checkpoint && !checkpointSignatureValid(this.secret(), checkpoint)) {
      throw badRequest(
        'checkpoint.signature: not a signature of this Haven’s checkpoint key over seq|hash|at',
      );
    }
    const rows = await this.dataSource.query<
      {
        checked: number;
        reason: AuditProblemReason | null;
        seq: string | null;
        id: string | null;
        through_seq: string | null;
      }[]
    >(VERIFY, [checkpoint?.seq ?? null, checkpoint?.hash ?? null]);
    const problems: AuditProblem[] = rows
      .filter((row) => row.reason !== null)
      .map((row) => ({
        reason: row.reason!,
        seq: Number(row.seq),
        id: row.id,
        ...(row.through_seq === null ? {} : { throughSeq: Number(row.through_seq) }),
      }));
    const result: AuditVerifyResponse = {
      ok: problems.length === 0,
      checked: rows[0].checked,
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

/** The last event, signed now: `{seq, hash, at, signature}` (seq 0 and a zero hash for an empty trail). */
export async function takeCheckpoint(
  dataSource: DataSource,
  secret: string,
): Promise<AuditCheckpoint> {
  const [last] = await dataSource.query<{ seq: string; hash: string }[]>(
    `SELECT seq::text AS seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1`,
  );
  return signCheckpoint(secret, {
    seq: last ? Number(last.seq) : 0,
    hash: last?.hash ?? '0'.repeat(64),
    at: new Date().toISOString(),
  });
}

/**
 * The whole trail's problems, one row each (or one row of nulls), each with the number of events
 * checked. Version 1 events (before the keyed chain) are checked by the unkeyed digest, version 2
 * by the HMAC under the connection's key; a version 1 event at or after `keyed_from` was written
 * around the trigger. Gaps before `keyed_from` came from the old sequence (rolled-back inserts
 * took numbers) and are not problems; a removal there still breaks a link.
 * $1, $2: a checkpoint's seq and hash, or nulls.
 */
const VERIFY = `
  WITH walk AS (
    SELECT id, seq, chain_version, hash, prev_hash,
           CASE WHEN chain_version = 1 THEN audit_event_digest(e) ELSE audit_event_hmac(e, current_setting('haven.audit_key')) END AS expected,
           lag(hash) OVER (ORDER BY seq) AS previous, lag(seq) OVER (ORDER BY seq) AS previous_seq
      FROM audit_event e
  ), head AS (
    SELECT seq, hash, keyed_from FROM audit_chain_head
  ), last AS (
    SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1
  ), problems AS (
    SELECT 'hash_mismatch' AS reason, seq, id, NULL::bigint AS through_seq FROM walk WHERE hash IS DISTINCT FROM expected
    UNION ALL
    SELECT 'broken_link', seq, id, NULL FROM walk WHERE prev_hash IS DISTINCT FROM coalesce(previous, repeat('0', 64))
    UNION ALL
    SELECT 'unkeyed', w.seq, w.id, NULL FROM walk w, head h WHERE w.chain_version <> 2 AND w.seq >= h.keyed_from
    UNION ALL
    SELECT 'seq_gap', coalesce(w.previous_seq, 0) + 1, NULL, w.seq - 1 FROM walk w, head h WHERE w.seq >= h.keyed_from AND w.seq > coalesce(w.previous_seq, 0) + 1
    UNION ALL
    SELECT 'tail_cut', coalesce(l.seq, 0) + 1, NULL, h.seq FROM head h LEFT JOIN last l ON true WHERE h.seq > coalesce(l.seq, 0)
    UNION ALL
    SELECT 'head_mismatch', l.seq, NULL, NULL FROM head h JOIN last l ON true WHERE l.seq > h.seq OR (l.seq = h.seq AND l.hash <> h.hash)
    UNION ALL
    SELECT 'checkpoint_missing', $1::bigint, NULL, NULL WHERE $1::bigint > 0 AND NOT EXISTS (SELECT 1 FROM audit_event WHERE seq = $1::bigint)
    UNION ALL
    SELECT 'checkpoint_mismatch', e.seq, e.id, NULL FROM audit_event e WHERE $1::bigint > 0 AND e.seq = $1::bigint AND e.hash::text <> $2::text
  )
  SELECT (SELECT count(*) FROM walk)::int AS checked, p.reason, p.seq::text AS seq, p.id, p.through_seq::text AS through_seq
    FROM (SELECT 1) one
    LEFT JOIN (SELECT * FROM problems ORDER BY seq, reason LIMIT 100) p ON true
   ORDER BY p.seq, p.reason`;
