import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditAction, AuditEventResponse, AuditVerifyResponse } from '@haven/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { notFound } from '../common/errors.js';
import { applyListQuery, pageAndCount, param, parseListQuery, type AuditInsert, type ListSpec } from '../common/list-query.js';
import { queryPreparedWith } from '../database/prepared.js';
import { literal, sendWithCommit } from '../database/transaction.js';
import { AuditEventEntity } from './audit-event.entity.js';

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
export function filedUnder(input: AuditInput, teamIds: readonly (string | null | undefined)[]): AuditInput[] {
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
const listFilters = (query: Record<string, unknown>) => Object.keys(query).filter((k) => !['page', 'perPage', 'sort', 'order'].includes(k));

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

/**
 * The audit trail. `record` writes through the caller's transaction manager, so an event commits
 * (or rolls back) with the change it describes. The chain hash is computed by the database.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records one event, or several in one statement (in the order given). Each event takes the
   * chain's lock until its transaction commits: in a `transaction` (database/transaction.ts) the
   * events are therefore written last, with the COMMIT, in one round trip; elsewhere now.
   */
  async record(manager: EntityManager, actor: AuditActor | null, input: AuditInput | AuditInput[]): Promise<void> {
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
    const insert = 'INSERT INTO audit_event (actor_id, action, entity_type, entity_id, team_id, ip, summary, details) VALUES ';
    if (sendWithCommit(manager, () => insert + rows.map((fields) => `(${fields.map(literal).join(', ')})`).join(', '))) return;
    const values: unknown[] = [];
    const text = insert + rows.map((fields) => `(${fields.map((field) => param(values, field)).join(', ')})`).join(', ');
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
  readInsert(actor: Actor, entityType: string, row: { from: string; id: string; teamId: string; summary: string }): AuditInsert {
    return (values) =>
      `INSERT INTO audit_event (actor_id, action, entity_type, entity_id, team_id, ip, summary)
        SELECT ${param(values, actor.id)}::uuid, 'read', ${param(values, entityType)}, ${row.id}, ${row.teamId}, ${param(values, actor.ip)}, ${row.summary}
          FROM ${row.from}`;
  }

  /** Records outside any other transaction (logins, reads). */
  recordNow(actor: AuditActor | null, input: AuditInput): Promise<void> {
    return this.record(this.dataSource.manager, actor, input);
  }

  async list(actor: Actor, query: Record<string, unknown>): Promise<{ data: AuditEventResponse[]; total: number }> {
    const parsed = parseListQuery(query, LIST);
    const builder = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('e');
    // Supervisors see their team's events; the role guard already keeps everyone else but admins out.
    if (actor.role !== 'admin') builder.andWhere('e.teamId = :scopeTeam', { scopeTeam: actor.teamId });
    const [rows, total] = await pageAndCount(applyListQuery(builder, parsed));
    return { data: rows.map(toAuditEventResponse), total };
  }

  /** Events about the given records (a case and its client), for a history tab; access checked by the caller. */
  async listForEntities(entityIds: string[], query: Record<string, unknown>): Promise<{ data: AuditEventResponse[]; total: number }> {
    const parsed = parseListQuery(query, LIST);
    const builder = this.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .where('e.entityId IN (:...entityIds)', { entityIds });
    const [rows, total] = await pageAndCount(applyListQuery(builder, parsed));
    return { data: rows.map(toAuditEventResponse), total };
  }

  async get(actor: Actor, id: string): Promise<AuditEventResponse> {
    const builder = this.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .where('e.id = :id', { id });
    if (actor.role !== 'admin') builder.andWhere('e.teamId = :scopeTeam', { scopeTeam: actor.teamId });
    const event = await builder.getOne();
    if (!event) throw notFound('audit event');
    return toAuditEventResponse(event);
  }

  /**
   * Re-walks the whole chain in one pass inside PostgreSQL: each event's stored hash must equal the
   * hash recomputed from its columns, and its `prev_hash` must equal the previous event's hash.
   */
  async verify(actor: Actor): Promise<AuditVerifyResponse> {
    const [row] = await this.dataSource.query<{ checked: number; id: string | null; seq: string | null; reason: 'hash_mismatch' | 'broken_link' }[]>(`
      WITH walk AS (
        SELECT id, seq, hash, prev_hash, audit_event_digest(e) AS expected,
               coalesce(lag(hash) OVER (ORDER BY seq), repeat('0', 64)) AS previous
          FROM audit_event e
      )
      SELECT (SELECT count(*) FROM walk)::int AS checked,
             b.id, b.seq::text AS seq,
             CASE WHEN b.hash <> b.expected THEN 'hash_mismatch' ELSE 'broken_link' END AS reason
        FROM (SELECT 1) one
        LEFT JOIN LATERAL (
          SELECT * FROM walk WHERE hash <> expected OR prev_hash <> previous ORDER BY seq LIMIT 1
        ) b ON true`);
    const result: AuditVerifyResponse = {
      ok: row.id === null,
      checked: row.checked,
      firstBroken: row.id === null ? null : { id: row.id, seq: Number(row.seq), reason: row.reason },
    };
    await this.recordNow(actor, {
      action: 'verify',
      entityType: 'audit_event',
      summary: result.ok ? `audit chain verified: ${result.checked} events intact` : `audit chain broken at event ${result.firstBroken?.seq}`,
      details: { checked: result.checked, ok: result.ok, firstBrokenSeq: result.firstBroken?.seq ?? null },
    });
    return result;
  }
}
