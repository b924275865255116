import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DEADLINE_KINDS,
  DEADLINE_RULES,
  DEADLINE_SOURCES,
  DEADLINE_STATUSES,
  DOCUMENT_ALERT_MONTHS,
  canChangeDeadlineStatus,
  describeDuration,
  findRule,
  type ComputedDeadlineResponse,
  type DeadlineResponse,
  type DeadlineRule,
  type DeadlineRuleResponse,
  type IdentityDocument,
  type ListResponse,
  type StayLimitResponse,
  type StayPeriod,
  type SuggestedDeadlinesResponse,
  stayLastDays,
  stayLimitsOf,
  stayRulesFor,
} from '@haven/shared';
import { sql, type Expression, type SqlBool } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { audited, type Audited } from '../audit/audited-read.js';
import { AuditService, type AuditInput } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { badRequest, conflict, notFound } from '../common/errors.js';
import {
  listStatement,
  pageCountAndAudit,
  parseListQuery,
  type ListSpec,
} from '../common/list-query.js';
import { applyChanges, assertVersion } from '../common/versioning.js';
import { rejectNulls } from '../common/validators.js';
import { addPeriod, computeDeadline, formatDay, stayText } from './compute.js';
import type { CreateDeadlineDto, UpdateDeadlineDto } from './deadline.dto.js';
import { DeadlineEntity } from './deadline.entity.js';
import { transaction } from '../database/transaction.js';
import { db, first, rows, type RowsOf } from '../database/sql.js';
import { markCaseActivity } from '../cases/activity.js';

/** The deadline list's dialect, over the columns of its base query (`deadlines` below). */
export const LIST: ListSpec<ReturnType<typeof deadlines>> = {
  sortable: {
    dueOn: 'd.due_on',
    createdAt: 'd.created_at',
    kind: 'd.kind',
    status: 'd.status',
    caseReference: 'c.reference',
  },
  defaultSort: { field: 'dueOn', order: 'ASC' },
  filters: {
    id: { column: 'd.id', type: 'uuid' },
    caseId: { column: 'd.case_id', type: 'uuid' },
    kind: { column: 'd.kind', type: 'enum', values: DEADLINE_KINDS },
    status: { column: 'd.status', type: 'enum', values: DEADLINE_STATUSES },
    source: { column: 'd.source', type: 'enum', values: DEADLINE_SOURCES },
    dueOn: { column: 'd.due_on', type: 'date', range: true },
    assignedToId: { column: 'c.assigned_to_id', type: 'uuid' },
    teamId: { column: 'c.team_id', type: 'uuid' },
    overdue: {
      column: (eb) =>
        eb.and([
          eb('d.status', '=', sql.lit('open')),
          eb('d.due_on', '<', sql<Date>`current_date`),
        ]),
      type: 'boolean',
    },
  },
  search: ['d.title', 'c.reference'],
  tieBreaker: 'd.id',
};

/**
 * Deadlines with their case's reference, each column named by the entity's property (dates as
 * YYYY-MM-DD text, as the entity has them); callers add the scope or the id.
 */
const deadlines = () =>
  db
    .selectFrom('deadline as d')
    .innerJoin('legal_case as c', 'c.id', 'd.case_id')
    .select((eb) => [
      'd.id',
      'd.case_id as caseId',
      'd.kind',
      'd.title',
      eb.cast<string>('d.due_on', 'text').as('dueOn'),
      'd.rule_id as ruleId',
      eb.cast<string | null>('d.trigger_date', 'text').as('triggerDate'),
      'd.explanation',
      'd.source',
      'd.status',
      'd.completed_at as completedAt',
      'd.completed_by_id as completedById',
      'd.created_at as createdAt',
      'd.updated_at as updatedAt',
      'd.version',
      'c.reference as caseReference',
    ]);

type Row = RowsOf<ReturnType<typeof deadlines>>;

export function toDeadlineResponse(row: Row): DeadlineResponse {
  return {
    id: row.id,
    caseId: row.caseId,
    caseReference: row.caseReference,
    kind: row.kind,
    title: row.title,
    dueOn: row.dueOn,
    ruleId: row.ruleId,
    triggerDate: row.triggerDate,
    explanation: row.explanation,
    confidence: row.ruleId ? (findRule(row.ruleId)?.confidence ?? null) : null,
    source: row.source,
    status: row.status,
    completedAt: row.completedAt?.toISOString() ?? null,
    completedById: row.completedById,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function toRuleResponse(rule: DeadlineRule): DeadlineRuleResponse {
  return {
    id: rule.id,
    jurisdiction: rule.jurisdiction,
    procedure: rule.procedure,
    kind: rule.kind,
    trigger: rule.trigger,
    duration: describeDuration(rule.duration),
    period: rule.duration,
    dayType: rule.dayType,
    endRule: rule.endRule,
    perVisitMaxDays: rule.perVisitMaxDays ?? null,
    rolling: rule.rolling ?? null,
    appliesTo: rule.appliesTo ?? {},
    description: rule.description,
    legalBasis: rule.legalBasis,
    sourceUrl: rule.sourceUrl,
    confidence: rule.confidence,
    verifiedOn: rule.verifiedOn,
  };
}

const DOCUMENT_LABEL: Record<string, string> = {
  international_passport: 'Passport',
  internal_passport: 'Internal passport',
  residence_permit: 'Residence permit',
  asylum_seeker_certificate: 'Asylum-seeker certificate',
  travel_document: 'Travel document',
};

@Injectable()
export class DeadlinesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async list(
    actor: Actor,
    query: Record<string, unknown>,
  ): Promise<ListResponse<DeadlineResponse>> {
    const { rows, total } = await pageCountAndAudit(
      this.dataSource,
      this.listStatement(actor, query),
    );
    return { data: rows.map(toDeadlineResponse), total };
  }

  /** The statement `list` runs: the page, its total and the list-read audit event. */
  listStatement(actor: Actor, query: Record<string, unknown>) {
    return listStatement(
      deadlines().where(this.access.cases(actor, 'c')),
      parseListQuery(query, LIST),
      {
        generic: actor.role !== 'admin',
        audit: this.audit.listReadInsert(actor, 'deadline', query),
      },
    );
  }

  /** A deadline, as an audited read of its case's work (the route declares it). */
  async get(actor: Actor, id: string): Promise<Audited<DeadlineResponse>> {
    const row = await first(
      this.dataSource,
      deadlines()
        .select('c.team_id as teamId')
        .where('d.id', '=', id)
        .where(this.access.cases(actor, 'c')),
    );
    if (!row) throw notFound('deadline');
    const { teamId, ...deadline } = row;
    return audited(
      { entityId: id, teamId, details: { caseId: row.caseId } },
      toDeadlineResponse(deadline),
    );
  }

  listRules(query: Record<string, unknown>): ListResponse<DeadlineRuleResponse> {
    const allowed = new Set([
      'jurisdiction',
      'kind',
      'page',
      'perPage',
      'q',
      'sort',
      'order',
      'id',
    ]);
    for (const key of Object.keys(query))
      if (!allowed.has(key))
        throw badRequest(
          `${key}: unknown filter; allowed: jurisdiction, kind, q, id`,
          'list.unknown_filter',
          { field: key, args: { allowed: 'jurisdiction, kind, q, id' } },
        );
    const list = (value: unknown) =>
      value === undefined ? null : (Array.isArray(value) ? value : [value]).map(String);
    const jurisdictions = list(query.jurisdiction);
    const kinds = list(query.kind);
    const ids = list(query.id);
    const q = typeof query.q === 'string' ? query.q.toLowerCase() : null;
    const matching = DEADLINE_RULES.filter(
      (r) =>
        (!jurisdictions || jurisdictions.includes(r.jurisdiction)) &&
        (!kinds || kinds.includes(r.kind)) &&
        (!ids || ids.includes(r.id)) &&
        (!q || `${r.id} ${r.description} ${r.legalBasis}`.toLowerCase().includes(q)),
    );
    const perPage = Math.min(100, Number(query.perPage ?? 100) || 100);
    const page = Math.max(1, Number(query.page ?? 1) || 1);
    // The catalogue is a few dozen records of static data: paging it in memory is exact and cheap.
    return {
      data: matching.slice((page - 1) * perPage, page * perPage).map(toRuleResponse),
      total: matching.length,
    };
  }

  getRule(id: string): DeadlineRuleResponse {
    const rule = findRule(id);
    if (!rule) throw notFound('deadline rule');
    return toRuleResponse(rule);
  }

  compute(ruleId: string, triggerDate: string): ComputedDeadlineResponse {
    const rule = findRule(ruleId);
    if (!rule) throw notFound('deadline rule');
    const result = computeDeadline(rule, triggerDate);
    return {
      ruleId,
      triggerDate,
      dueOn: result.dueOn,
      explanation: result.explanation,
      confidence: rule.confidence,
    };
  }

  async create(actor: Actor, dto: CreateDeadlineDto): Promise<DeadlineResponse> {
    return transaction(this.dataSource, async (manager) => {
      const visible = await this.access.visibleCaseRow(actor, manager, dto.caseId);
      const record = manager
        .getRepository(DeadlineEntity)
        .create({ caseId: dto.caseId, createdById: actor.id, status: 'open' });
      if (dto.ruleId) {
        if (dto.dueOn)
          throw badRequest(
            'dueOn: give either dueOn, or ruleId with triggerDate',
            'deadline.due_or_rule',
          );
        if (!dto.triggerDate)
          throw badRequest('triggerDate: required with ruleId', 'deadline.trigger_required');
        const rule = findRule(dto.ruleId);
        if (!rule)
          throw badRequest(`ruleId: no rule "${dto.ruleId}"`, 'deadline.rule_unknown', {
            args: { ruleId: dto.ruleId },
          });
        const computed = computeDeadline(rule, dto.triggerDate);
        Object.assign(record, {
          kind: rule.kind,
          title: dto.title?.trim() || rule.description,
          dueOn: computed.dueOn,
          ruleId: rule.id,
          triggerDate: dto.triggerDate,
          explanation: computed.explanation.slice(0, 500),
          source: 'rule',
        });
      } else {
        if (!dto.dueOn)
          throw badRequest('dueOn: required without ruleId', 'deadline.required_without_rule');
        if (!dto.kind)
          throw badRequest('kind: required without ruleId', 'deadline.required_without_rule');
        if (!dto.title?.trim())
          throw badRequest('title: required without ruleId', 'deadline.required_without_rule');
        if (dto.triggerDate)
          throw badRequest('triggerDate: only with ruleId', 'deadline.trigger_only_with_rule');
        Object.assign(record, {
          kind: dto.kind,
          title: dto.title.trim(),
          dueOn: dto.dueOn,
          source: 'manual',
        });
      }
      const saved = await manager.getRepository(DeadlineEntity).save(record);
      await markCaseActivity(manager, dto.caseId);
      await this.audit.record(manager, actor, {
        action: 'create',
        entityType: 'deadline',
        entityId: saved.id,
        teamId: visible.teamId,
        summary: `added a ${saved.kind} deadline due ${saved.dueOn}`,
        details: { caseId: dto.caseId, ruleId: saved.ruleId },
      });
      return this.reload(manager, saved.id);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateDeadlineDto): Promise<DeadlineResponse> {
    rejectNulls(dto, ['title', 'dueOn', 'kind', 'status']);
    return transaction(this.dataSource, async (manager) => {
      // Locks the deadline's row only; the case's team, read with it, files the audit event.
      const row = await first(
        manager,
        deadlines()
          .select('c.team_id as teamId')
          .where('d.id', '=', id)
          .where(this.access.cases(actor, 'c'))
          .forUpdate('d'),
      );
      if (!row) throw notFound('deadline');
      const { caseReference: _reference, teamId, ...fields } = row;
      const record = manager.getRepository(DeadlineEntity).create(fields);
      assertVersion(record.version, dto.version);
      const from = record.status;
      if (dto.status && !canChangeDeadlineStatus(from, dto.status)) {
        throw conflict(
          `status: a ${from} deadline cannot become ${dto.status}; reopen it first`,
          'deadline.status_change_impossible',
          { args: { from, to: dto.status } },
        );
      }
      const changed = applyChanges(record, {
        title: dto.title?.trim(),
        dueOn: dto.dueOn,
        kind: dto.kind,
        status: dto.status,
      });
      if (changed.includes('dueOn') && record.ruleId) {
        record.explanation =
          `Set by hand to ${formatDay(record.dueOn, true)} (the rule gave another date)`.slice(
            0,
            500,
          );
      }
      if (changed.includes('status')) {
        record.completedAt = record.status === 'open' ? null : new Date();
        record.completedById = record.status === 'open' ? null : actor.id;
      }
      if (changed.length === 0) return this.reload(manager, id);
      await manager.getRepository(DeadlineEntity).save(record);
      await markCaseActivity(manager, record.caseId);
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'deadline',
        entityId: id,
        teamId,
        summary: changed.includes('status')
          ? `deadline ${from} → ${record.status}`
          : `updated ${changed.join(', ')}`,
        details: { fields: changed, caseId: record.caseId },
      });
      return this.reload(manager, id);
    });
  }

  /**
   * Appeal deadlines a decision's service date starts, for the case's jurisdiction: the rules of
   * kind appeal / appeal_grounds / submission triggered by the decision, computed, minus those
   * the case already has.
   */
  async suggestions(actor: Actor, caseId: string): Promise<SuggestedDeadlinesResponse> {
    const visible = await this.access.visibleCaseRow(actor, this.dataSource, caseId);
    const record = (await first(
      this.dataSource,
      db
        .selectFrom('legal_case')
        .select((eb) => [
          'jurisdiction',
          eb
            .fn<string | null>('to_char', ['decision_served_on', sql.lit('YYYY-MM-DD')])
            .as('decision_served_on'),
        ])
        .where('id', '=', visible.id),
    ))!;
    const served = record.decision_served_on;
    if (!served) return { data: [] };
    const existing = new Set(
      (
        await rows(
          this.dataSource,
          db
            .selectFrom('deadline')
            .select('rule_id')
            .where('case_id', '=', caseId)
            .where('rule_id', 'is not', null)
            .where('trigger_date', '=', (eb) => eb.cast<Date>(eb.val(served), 'date')),
        )
      ).map((r) => r.rule_id),
    );
    const rules = DEADLINE_RULES.filter(
      (r) =>
        r.jurisdiction === record.jurisdiction &&
        ['appeal', 'appeal_grounds', 'submission'].includes(r.kind) &&
        /decision|notice|notification|announcement|delivery|reasons/i.test(r.trigger) &&
        !existing.has(r.id),
    );
    return { data: rules.map((r) => this.compute(r.id, served)) };
  }

  /** One click: creates every suggested deadline, in one transaction. */
  async createSuggested(
    actor: Actor,
    caseId: string,
    ruleIds?: string[],
  ): Promise<{ data: DeadlineResponse[] }> {
    const { data } = await this.suggestions(actor, caseId);
    const chosen = ruleIds ? data.filter((s) => ruleIds.includes(s.ruleId)) : data;
    const created: DeadlineResponse[] = [];
    for (const suggestion of chosen) {
      created.push(
        await this.create(actor, {
          caseId,
          ruleId: suggestion.ruleId,
          triggerDate: suggestion.triggerDate,
        }),
      );
    }
    return { data: created };
  }

  /**
   * The last legal day of the client's current stay in the country they are in (else the case's
   * jurisdiction), under the stay rule for their nationality: the earlier of the per-visit cap and the
   * rolling limit. No rule for the nationality gives no date: never another nationality's rule.
   */
  async stayLimit(actor: Actor, caseId: string): Promise<Audited<StayLimitResponse>> {
    // The client's stays (where they are, since when) are read to compute it: an audited read of
    // the case (the route declares it).
    const visible = await this.access.visibleCaseRow(actor, this.dataSource, caseId);
    return audited({ entityId: visible.id, teamId: visible.teamId }, await this.stayOf(visible.id));
  }

  /** The stay limit of a case the caller may see (stayLimit checked it). */
  private async stayOf(caseId: string): Promise<StayLimitResponse> {
    const row = (await first(
      this.dataSource,
      db
        .selectFrom('legal_case as c')
        .innerJoin('client as cl', 'cl.id', 'c.client_id')
        .select((eb) => [
          'c.jurisdiction',
          'cl.current_country',
          'cl.nationality',
          eb.ref('cl.stays').$castTo<StayPeriod[] | null>().as('stays'),
        ])
        .where('c.id', '=', caseId),
    ))!;
    const country = row.current_country ?? row.jurisdiction;
    const none = { lastLegalDay: null, perVisitLastDay: null, rollingLastDay: null };
    const rules = stayRulesFor(country, row.nationality);
    if (rules.length === 0) {
      return {
        ruleId: null,
        ...none,
        explanation: { code: 'stay.no_rule', params: { country, nationality: row.nationality } },
        text: `No stay rule in Haven applies to a citizen of ${row.nationality} in ${country}: check the stay limit by hand`,
      };
    }
    // Should two rules ever name the same nationality, the earlier date wins.
    const [best] = rules
      .map((rule) => ({ rule, stay: stayLastDays(stayLimitsOf(rule), row.stays ?? []) }))
      .sort((a, b) => (a.stay?.lastLegalDay ?? '').localeCompare(b.stay?.lastLegalDay ?? ''));
    const { rule, stay } = best;
    if (!stay) {
      return {
        ruleId: rule.id,
        ...none,
        explanation: { code: 'stay.no_current_stay', params: { ruleId: rule.id, country } },
        text: `No current stay in ${country} recorded: add the client's entry to compute the last legal day`,
      };
    }
    const limits = stayLimitsOf(rule);
    return {
      ruleId: rule.id,
      lastLegalDay: stay.lastLegalDay,
      perVisitLastDay: stay.perVisitLastDay,
      rollingLastDay: stay.rollingLastDay,
      explanation: {
        code: 'stay.limit',
        params: {
          ruleId: rule.id,
          entryDate: stay.entryDate,
          perVisitMaxDays: limits.perVisitMaxDays,
          perVisitLastDay: stay.perVisitLastDay,
          maxDays: limits.rolling?.maxDays ?? null,
          windowDays: limits.rolling?.windowDays ?? null,
          rollingLastDay: stay.rollingLastDay,
          lastLegalDay: stay.lastLegalDay,
          binding: stay.binding,
          daysUsedBefore: stay.daysUsedBefore,
          confidence: rule.confidence,
          legalBasis: rule.legalBasis,
        },
      },
      text: stayText(rule, stay),
    };
  }

  private async reload(manager: EntityManager, id: string): Promise<DeadlineResponse> {
    const row = await first(manager, deadlines().where('d.id', '=', id));
    if (!row) throw new Error(`reload: deadline ${id} not found in its own transaction`);
    return toDeadlineResponse(row);
  }
}

/**
 * Document expiries become deadlines on the client's latest open case that the caller may see
 * (`visibleCases`: a condition over `legal_case` alias `c`, e.g. AccessService.cases): alerts 12,
 * 6 and 3 months ahead (domain.md). A case the caller may not see (another team's, a colleague's) gets nothing: saving a
 * client's documents must not write into another team's file. Idempotent: each alert has a source
 * key, so re-saving the client adds nothing twice. Returns the audit events of the deadlines it
 * made, each filed under the case's team, for the caller to record in its transaction.
 */
export async function syncDocumentDeadlines(
  manager: EntityManager,
  visibleCases: Expression<SqlBool>,
  clientId: string,
  documents: IdentityDocument[],
  today = new Date().toISOString().slice(0, 10),
): Promise<AuditInput[]> {
  if (!documents.some((document) => document.expiresOn)) return [];
  const open = await first(
    manager,
    db
      .selectFrom('legal_case as c')
      .select(['c.id', 'c.team_id'])
      .where('c.client_id', '=', clientId)
      .where('c.stage', '<>', sql.lit('closed'))
      .where(visibleCases)
      .orderBy('c.opened_on', 'desc')
      .orderBy('c.created_at', 'desc')
      .limit(sql.lit(1)),
  );
  if (!open) return [];
  const events: AuditInput[] = [];
  for (const document of documents) {
    if (!document.expiresOn) continue;
    for (const months of DOCUMENT_ALERT_MONTHS) {
      const alert = addPeriod(document.expiresOn, { months: -months });
      if (alert < today) continue;
      const label = DOCUMENT_LABEL[document.kind] ?? 'Document';
      const inserted = await rows(
        manager,
        db
          .insertInto('deadline')
          .values({
            case_id: open.id,
            kind: sql.lit('document_expiry'),
            title: `${label} expires ${formatDay(document.expiresOn)} (${months} months’ notice)`,
            due_on: alert,
            source: sql.lit('document'),
            source_key: `doc:${clientId}:${document.kind}:${document.expiresOn}:${months}`,
            explanation: `${months} months before the expiry on ${formatDay(document.expiresOn, true)}`,
          })
          .onConflict((conflict) => conflict.constraint('deadline_source_key_key').doNothing())
          .returning('id'),
      );
      for (const row of inserted) {
        events.push({
          action: 'create',
          entityType: 'deadline',
          entityId: row.id,
          teamId: open.team_id,
          summary: `added a document_expiry deadline due ${alert}`,
          details: { caseId: open.id, source: 'document', monthsAhead: months },
        });
      }
    }
  }
  return events;
}
