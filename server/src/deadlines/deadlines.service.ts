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
  type DeadlineResponse,
  type DeadlineRule,
  type IdentityDocument,
  type ListResponse,
  type StayLimitResponse,
  type StayPeriod,
  stayLastDays,
  stayLimitsOf,
  stayRulesFor,
} from '@haven/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService, type AuditInput } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { badRequest, conflict, notFound } from '../common/errors.js';
import {
  listStatement,
  pageCountAndAudit,
  parseListQuery,
  positional,
  type ListSpec,
  type SqlCondition,
} from '../common/list-query.js';
import type { Statement } from '../database/prepared.js';
import { entityColumns } from '../database/entity-columns.js';
import { applyChanges, assertVersion } from '../common/versioning.js';
import { rejectNulls } from '../common/validators.js';
import { addPeriod, computeDeadline, formatDay, stayText } from './compute.js';
import type { CreateDeadlineDto, UpdateDeadlineDto } from './deadline.dto.js';
import { DeadlineEntity } from './deadline.entity.js';
import { transaction } from '../database/transaction.js';

/** The deadline list's dialect, over column names (the list runs as one hand-written statement). */
const LIST: ListSpec = {
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
    overdue: { column: "(d.status = 'open' AND d.due_on < current_date)", type: 'boolean' },
  },
  search: ['d.title', 'c.reference'],
  tieBreaker: 'd.id',
};

type Row = DeadlineEntity & { case?: { reference: string } };

export function toDeadlineResponse(row: Row): DeadlineResponse {
  return {
    id: row.id,
    caseId: row.caseId,
    caseReference: row.case?.reference ?? '',
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

export function toRuleResponse(rule: DeadlineRule) {
  return {
    id: rule.id,
    jurisdiction: rule.jurisdiction,
    procedure: rule.procedure,
    kind: rule.kind,
    trigger: rule.trigger,
    duration: describeDuration(rule.duration),
    period: rule.duration as Record<string, number>,
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

  private scoped(actor: Actor, manager: EntityManager = this.dataSource.manager) {
    const builder = manager
      .getRepository(DeadlineEntity)
      .createQueryBuilder('d')
      .innerJoin('d.case', 'c')
      .addSelect(['c.id', 'c.reference']);
    return this.access.scopeCases(actor, builder, 'c');
  }

  async list(
    actor: Actor,
    query: Record<string, unknown>,
  ): Promise<ListResponse<DeadlineResponse>> {
    const { rows, total } = await pageCountAndAudit<DeadlineEntity & { caseReference: string }>(
      this.dataSource,
      this.listStatement(actor, query),
    );
    return {
      data: rows.map((row) =>
        toDeadlineResponse(Object.assign(row, { case: { reference: row.caseReference } })),
      ),
      total,
    };
  }

  /** The statement `list` runs: the page, its total and the list-read audit event. */
  listStatement(actor: Actor, query: Record<string, unknown>): Statement {
    const scope = this.access.caseCondition(actor, 'c');
    return listStatement(
      {
        from: 'deadline d JOIN legal_case c ON c.id = d.case_id',
        columns: `${entityColumns(this.dataSource, DeadlineEntity, 'd')}, c.reference AS "caseReference"`,
        where: scope.sql === 'true' ? [] : [scope],
        generic: scope.sql !== 'true',
      },
      parseListQuery(query, LIST),
      this.audit.listReadInsert(actor, 'deadline', query),
    );
  }

  async get(actor: Actor, id: string): Promise<DeadlineResponse> {
    const row = await this.scoped(actor).andWhere('d.id = :id', { id }).getOne();
    if (!row) throw notFound('deadline');
    return toDeadlineResponse(row);
  }

  listRules(query: Record<string, unknown>): ListResponse<ReturnType<typeof toRuleResponse>> {
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
        throw badRequest(`${key}: unknown filter; allowed: jurisdiction, kind, q, id`);
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

  getRule(id: string) {
    const rule = findRule(id);
    if (!rule) throw notFound('deadline rule');
    return toRuleResponse(rule);
  }

  compute(ruleId: string, triggerDate: string) {
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
      const visible = await this.access.visibleCase(actor, manager, dto.caseId);
      const record = manager
        .getRepository(DeadlineEntity)
        .create({ caseId: dto.caseId, createdById: actor.id, status: 'open' });
      if (dto.ruleId) {
        if (dto.dueOn) throw badRequest('dueOn: give either dueOn, or ruleId with triggerDate');
        if (!dto.triggerDate) throw badRequest('triggerDate: required with ruleId');
        const rule = findRule(dto.ruleId);
        if (!rule) throw badRequest(`ruleId: no rule "${dto.ruleId}"`);
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
        if (!dto.dueOn) throw badRequest('dueOn: required without ruleId');
        if (!dto.kind) throw badRequest('kind: required without ruleId');
        if (!dto.title?.trim()) throw badRequest('title: required without ruleId');
        if (dto.triggerDate) throw badRequest('triggerDate: only with ruleId');
        Object.assign(record, {
          kind: dto.kind,
          title: dto.title.trim(),
          dueOn: dto.dueOn,
          source: 'manual',
        });
      }
      const saved = await manager.getRepository(DeadlineEntity).save(record);
      await this.touchCase(manager, dto.caseId);
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
      const record = await this.access
        .scopeCases(
          actor,
          manager.getRepository(DeadlineEntity).createQueryBuilder('d').innerJoin('d.case', 'c'),
          'c',
        )
        .andWhere('d.id = :id', { id })
        .setLock('pessimistic_write', undefined, ['d'])
        .getOne();
      if (!record) throw notFound('deadline');
      assertVersion(record.version, dto.version);
      const from = record.status;
      if (dto.status && !canChangeDeadlineStatus(from, dto.status)) {
        throw conflict(`status: a ${from} deadline cannot become ${dto.status}; reopen it first`);
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
      const teamId = await this.touchCase(manager, record.caseId);
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
  async suggestions(actor: Actor, caseId: string) {
    const visible = await this.access.visibleCase(actor, this.dataSource.manager, caseId);
    const [record] = await this.dataSource.query<
      { jurisdiction: string; decision_served_on: string | null }[]
    >(
      `SELECT jurisdiction, to_char(decision_served_on, 'YYYY-MM-DD') AS decision_served_on FROM legal_case WHERE id = $1`,
      [visible.id],
    );
    if (!record.decision_served_on) return { data: [] };
    const existing = new Set(
      (
        await this.dataSource.query<{ rule_id: string }[]>(
          `SELECT rule_id FROM deadline WHERE case_id = $1 AND rule_id IS NOT NULL AND trigger_date = $2`,
          [caseId, record.decision_served_on],
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
    return { data: rules.map((r) => this.compute(r.id, record.decision_served_on!)) };
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
  async stayLimit(actor: Actor, caseId: string): Promise<StayLimitResponse> {
    const visible = await this.access.visibleCase(actor, this.dataSource.manager, caseId);
    // The client's stays (where they are, since when) are read to compute it: a read of the case.
    await this.audit.recordNow(actor, {
      action: 'read',
      entityType: 'case',
      entityId: visible.id,
      teamId: visible.teamId,
      summary: 'read the stay limit of a case',
    });
    const [row] = await this.dataSource.query<
      {
        jurisdiction: string;
        current_country: string | null;
        nationality: string;
        stays: StayPeriod[] | null;
      }[]
    >(
      `SELECT c.jurisdiction, cl.current_country, cl.nationality, cl.stays FROM legal_case c JOIN client cl ON cl.id = c.client_id WHERE c.id = $1`,
      [visible.id],
    );
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

  /** Marks the case as worked on; returns its team. */
  private async touchCase(manager: EntityManager, caseId: string): Promise<string> {
    const [row] = await manager.query<[{ team_id: string }[], number]>(
      `UPDATE legal_case SET last_activity_at = now() WHERE id = $1 RETURNING team_id`,
      [caseId],
    );
    return row[0].team_id;
  }

  private async reload(manager: EntityManager, id: string): Promise<DeadlineResponse> {
    const row = await manager
      .getRepository(DeadlineEntity)
      .createQueryBuilder('d')
      .innerJoin('d.case', 'c')
      .addSelect(['c.id', 'c.reference'])
      .where('d.id = :id', { id })
      .getOneOrFail();
    return toDeadlineResponse(row);
  }
}

/**
 * Document expiries become deadlines on the client's latest open case that the caller may see
 * (`visibleCases`: AccessService.caseCondition over alias `c`): alerts 12, 6 and 3 months ahead
 * (domain.md). A case the caller may not see (another team's, a colleague's) gets nothing: saving a
 * client's documents must not write into another team's file. Idempotent: each alert has a source
 * key, so re-saving the client adds nothing twice. Returns the audit events of the deadlines it
 * made, each filed under the case's team, for the caller to record in its transaction.
 */
export async function syncDocumentDeadlines(
  manager: EntityManager,
  visibleCases: SqlCondition,
  clientId: string,
  documents: IdentityDocument[],
  today = new Date().toISOString().slice(0, 10),
): Promise<AuditInput[]> {
  if (!documents.some((document) => document.expiresOn)) return [];
  const values: unknown[] = [clientId];
  const scope = visibleCases.sql === 'true' ? '' : ` AND (${positional(visibleCases, values)})`;
  const [open] = await manager.query<{ id: string; team_id: string }[]>(
    `SELECT c.id, c.team_id FROM legal_case c WHERE c.client_id = $1 AND c.stage <> 'closed'${scope} ORDER BY c.opened_on DESC, c.created_at DESC LIMIT 1`,
    values,
  );
  if (!open) return [];
  const events: AuditInput[] = [];
  for (const document of documents) {
    if (!document.expiresOn) continue;
    for (const months of DOCUMENT_ALERT_MONTHS) {
      const alert = addPeriod(document.expiresOn, { months: -months });
      if (alert < today) continue;
      const label = DOCUMENT_LABEL[document.kind] ?? 'Document';
      const rows = await manager.query<{ id: string }[]>(
        `INSERT INTO deadline (case_id, kind, title, due_on, source, source_key, explanation)
         VALUES ($1, 'document_expiry', $2, $3, 'document', $4, $5)
         ON CONFLICT ON CONSTRAINT deadline_source_key_key DO NOTHING RETURNING id`,
        [
          open.id,
          `${label} expires ${formatDay(document.expiresOn)} (${months} months’ notice)`,
          alert,
          `doc:${clientId}:${document.kind}:${document.expiresOn}:${months}`,
          `${months} months before the expiry on ${formatDay(document.expiresOn, true)}`,
        ],
      );
      for (const row of rows) {
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
