import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DEADLINE_KINDS,
  DEADLINE_RULES,
  PROCEDURE_TRACKS,
  deemedService,
  inForce,
  renderExplanation,
  ruleAppliesTo,
  ruleCovers,
  ruleInForce,
  suggestRules,
  type DeadlineExplanation,
  type ProcedureTrack,
  type ServiceExplanation,
  type ServiceMethod,
  type UiLocale,
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
  type CaseRuleTriggersResponse,
  type RecordedTrigger,
  stayLastDays,
  stayLimitsOf,
  stayRulesFor,
} from '@haven/shared';
import { sql, type Expression, type Insertable, type SqlBool } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { audited, type Audited } from '../audit/audited-read.js';
import { AuditService, type AuditInput } from '../audit/audit.service.js';
import { listStatementKey, type Actor } from '../common/actor.js';
import { badRequest, conflict, notFound } from '../common/errors.js';
import {
  ListStatements,
  listStatement,
  pageCountAndAudit,
  parseListQuery,
  positiveInt,
  type ListSpec,
} from '../common/list-query.js';
import { applyChanges, assertVersion } from '../common/versioning.js';
import { isDateOnly, rejectNulls } from '../common/validators.js';
import { addPeriod, computeDeadline, formatDay, isStayRule, stayParams } from './compute.js';
import type { CreateDeadlineDto, UpdateDeadlineDto } from './deadline.dto.js';
import { DeadlineEntity, deadlineContext } from './deadline.entity.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../encryption/field-encryption.js';
import { transaction } from '../database/transaction.js';
import { db, first, rows, type RowsOf } from '../database/sql.js';
import type { DB } from '../database/schema.js';
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
    ruleId: { column: 'd.rule_id', type: 'string' },
    overdue: {
      column: (eb) =>
        eb.and([
          eb('d.status', '=', sql.lit('open')),
          eb('d.due_on', '<', sql<Date>`current_date`),
        ]),
      type: 'boolean',
    },
  },
  // The case's reference: titles are encrypted, never searched.
  search: ['c.reference'],
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
      'd.rule_version as ruleVersion',
      eb.cast<string | null>('d.trigger_date', 'text').as('triggerDate'),
      'd.explanation_code as explanationCode',
      eb
        .ref('d.explanation_params')
        .$castTo<Record<string, unknown> | null>()
        .as('explanationParams'),
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

/** The filters the kept deadline tables answer: the columns they are keyed by. */
const KEPT_FILTERS = ['status', 'teamId', 'assignedToId'];

/**
 * A kept deadline table under the list's aliases: its case's team and caseworker as `c` (where the
 * actor's scope and the `teamId`/`assignedToId` filters read them), its status as `d.status` (where
 * the `status` filter reads it; PostgreSQL pulls the lateral select up into a plain column).
 */
const statusAsD = db.selectNoFrom(sql<string>`c.status`.as('status')).as('d');
const keptTotal = () => db.selectFrom('deadline_list_total as c').crossJoinLateral(statusAsD);
const keptRows = () => db.selectFrom('deadline_list_row as c').crossJoinLateral(statusAsD);

/** A stored explanation as the API answers it, or null. */
function explanationOf(row: Pick<Row, 'explanationCode' | 'explanationParams'>) {
  return row.explanationCode
    ? ({ code: row.explanationCode, params: row.explanationParams ?? {} } as DeadlineExplanation)
    : null;
}

/** A deadline as the API answers it, its title decrypted. */
export function toDeadlineResponse(
  row: Row,
  crypto: FieldEncryption,
  locale: UiLocale = 'en',
): DeadlineResponse {
  const explanation = explanationOf(row);
  const rule = row.ruleId ? findRule(row.ruleId, row.ruleVersion ?? undefined) : undefined;
  return {
    id: row.id,
    caseId: row.caseId,
    caseReference: row.caseReference,
    kind: row.kind,
    title: crypto.decrypt(row.title, deadlineContext(row.id)) ?? '',
    dueOn: row.dueOn,
    ruleId: row.ruleId,
    ruleVersion: row.ruleVersion,
    triggerDate: row.triggerDate,
    explanation,
    text: explanation ? renderExplanation(explanation, locale) : null,
    confidence: rule?.confidence ?? null,
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
    version: rule.version,
    jurisdiction: rule.jurisdiction,
    procedure: rule.procedure,
    kind: rule.kind,
    triggerEvent: rule.triggerEvent,
    trigger: rule.trigger,
    duration: describeDuration(rule.duration),
    period: rule.duration,
    dayType: rule.dayType,
    endRule: rule.endRule,
    perVisitMaxDays: rule.perVisitMaxDays ?? null,
    rolling: rule.rolling ?? null,
    fixedDate: rule.fixedDate ?? null,
    alertDaysBefore: rule.alertDaysBefore ?? null,
    appliesTo: rule.appliesTo ?? {},
    effectiveFrom: rule.effectiveFrom,
    effectiveTo: rule.effectiveTo,
    description: rule.description,
    legalBasis: rule.legalBasis,
    sourceUrl: rule.sourceUrl,
    confidence: rule.confidence,
    verifiedOn: rule.verifiedOn,
  };
}

const today = () => new Date().toISOString().slice(0, 10);

function dateParam(field: string, value: unknown): string {
  if (!isDateOnly(value))
    throw badRequest(`${field}: must be a date (YYYY-MM-DD)`, 'validation.date', { field });
  return value;
}

/**
 * A fixed-date rule's trigger: the first day of the version (stable, so the unique key holds one
 * deadline per case and version; a new version is a new deadline and a recheck of the old one).
 */
export function fixedTrigger(rule: DeadlineRule): string {
  return rule.effectiveFrom ?? rule.fixedDate!;
}

/** The row of a deadline a rule computes for a case, its explanation as data, its title encrypted. */
export function ruleDeadline(
  crypto: FieldEncryption,
  rule: DeadlineRule,
  caseId: string,
  triggerDate: string,
  actorId: string | null,
  title?: string,
  stays?: readonly StayPeriod[],
): Insertable<DB['deadline']> {
  const computed = computeDeadline(rule, triggerDate, { stays });
  const id = randomUUID();
  return {
    id,
    case_id: caseId,
    kind: rule.kind,
    title: crypto.encrypt((title?.trim() || rule.description).slice(0, 200), deadlineContext(id))!,
    due_on: computed.dueOn,
    rule_id: rule.id,
    rule_version: rule.version,
    trigger_date: triggerDate,
    explanation_code: computed.explanation.code,
    explanation_params: JSON.stringify(computed.explanation.params),
    source: 'rule',
    status: 'open',
    created_by_id: actorId,
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
  /** The deadline list's statements, compiled once per actor and shape (docs/decisions/0024). */
  private readonly statements = new ListStatements();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async list(
    actor: Actor,
    query: Record<string, unknown>,
    locale: UiLocale = 'en',
  ): Promise<ListResponse<DeadlineResponse>> {
    const { rows, total } = await pageCountAndAudit(
      this.dataSource,
      this.listStatement(actor, query),
    );
    return { data: rows.map((row) => toDeadlineResponse(row, this.crypto, locale)), total };
  }

  /** The statement `list` runs: the page, its total and the list-read audit event. */
  listStatement(actor: Actor, query: Record<string, unknown>) {
    const parsed = parseListQuery(query, LIST);
    return this.statements.statement(listStatementKey(actor), parsed, () =>
      listStatement(deadlines().where(this.access.cases(actor, 'c')), parsed, {
        generic: actor.role !== 'admin',
        audit: this.audit.listReadInsert(actor, 'deadline', query),
        kept: {
          base: keptTotal().where(this.access.cases(actor, 'c')),
          sum: 'c.deadlines',
          filters: KEPT_FILTERS,
        },
        keptPage: actor.role === 'admin' ? undefined : this.keptPage(actor),
      }),
    );
  }

  /**
   * A scoped list's page kept in order by writes (migration 1768521600000, docs/decisions/0025):
   * the actor's rows of `deadline_list_row` (their team's; a caseworker's, those of their cases in
   * it), read by status and due date from the index after the team. The page's deadlines are
   * checked again against their cases as the list's own scope checks them, so a kept row gone wrong
   * shortens a page instead of showing a deadline of a case the actor may not see. An admin's list
   * reads `deadline`'s own (status, due date, id) index.
   */
  private keptPage(actor: Actor) {
    return {
      base: keptRows().where(this.access.cases(actor, 'c')),
      id: 'c.deadline_id',
      sortable: { dueOn: 'c.due_on' },
      filters: KEPT_FILTERS,
      check: this.access.cases(actor, 'c'),
    };
  }

  /** A deadline, as an audited read of its case's work (the route declares it). */
  async get(actor: Actor, id: string, locale: UiLocale = 'en'): Promise<Audited<DeadlineResponse>> {
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
      toDeadlineResponse(deadline, this.crypto, locale),
    );
  }

  /**
   * The catalogue, one version per rule: the version in force on `asOf` (default today). Filters by
   * jurisdiction (an `EU` rule is listed for every member state), kind, id, and whom a rule applies
   * to (nationality, procedure track: a rule naming none applies to all).
   */
  listRules(query: Record<string, unknown>): ListResponse<DeadlineRuleResponse> {
    const filters = ['jurisdiction', 'kind', 'q', 'id', 'nationality', 'procedureTrack', 'asOf'];
    const allowed = new Set([...filters, 'page', 'perPage', 'sort', 'order']);
    for (const key of Object.keys(query))
      if (!allowed.has(key))
        throw badRequest(
          `${key}: unknown filter; allowed: ${filters.join(', ')}`,
          'list.unknown_filter',
          { field: key, args: { allowed: filters.join(', ') } },
        );
    const list = (value: unknown) =>
      value === undefined ? null : (Array.isArray(value) ? value : [value]).map(String);
    const jurisdictions = list(query.jurisdiction);
    const kinds = list(query.kind);
    const ids = list(query.id);
    const nationality = typeof query.nationality === 'string' ? query.nationality : undefined;
    const track = typeof query.procedureTrack === 'string' ? query.procedureTrack : undefined;
    if (track !== undefined && !(PROCEDURE_TRACKS as readonly string[]).includes(track))
      throw badRequest(
        `procedureTrack: must be one of ${PROCEDURE_TRACKS.join(', ')}`,
        'validation.one_of',
        { field: 'procedureTrack' },
      );
    const asOf = query.asOf === undefined ? today() : dateParam('asOf', query.asOf);
    const q = typeof query.q === 'string' ? query.q.toLowerCase() : null;
    const matching = DEADLINE_RULES.filter(
      (r) =>
        inForce(r, asOf) &&
        (!jurisdictions || jurisdictions.some((j) => ruleCovers(r, j))) &&
        (!kinds || kinds.includes(r.kind)) &&
        (!ids || ids.includes(r.id)) &&
        ruleAppliesTo(r, {
          ...(nationality !== undefined ? { nationality } : {}),
          ...(track !== undefined ? { procedureTrack: track as ProcedureTrack } : {}),
        }) &&
        (!q || `${r.id} ${r.description} ${r.legalBasis}`.toLowerCase().includes(q)),
    );
    const perPage = positiveInt('perPage', query.perPage, 100, 100);
    const page = positiveInt('page', query.page, 1, 1_000_000);
    // The catalogue is a few dozen records of static data: paging it in memory is exact and cheap.
    // It keeps the catalogue's order (by country, then as the law reads); `sort` is accepted and
    // answered in that order, as list clients send one.
    return {
      data: matching.slice((page - 1) * perPage, page * perPage).map(toRuleResponse),
      total: matching.length,
    };
  }

  /** A rule: the version in force today (or its latest), or the one `?version=` names. */
  getRule(id: string, version?: number): DeadlineRuleResponse {
    const rule =
      version !== undefined ? findRule(id, version) : (ruleInForce(id, today()) ?? findRule(id));
    if (!rule) throw notFound('deadline rule');
    return toRuleResponse(rule);
  }

  /**
   * Preview: the due date a rule gives. The trigger date is given, or — for a rule that runs from
   * service of a decision — derived from how and when the decision arrived (`serviceMethod`,
   * `receivedOn`) by the jurisdiction's deemed-service rule. The version in force on the trigger date
   * computes it; a nationality the rule does not name is refused rather than answered.
   */
  compute(
    ruleId: string,
    input: {
      triggerDate?: string;
      serviceMethod?: ServiceMethod;
      receivedOn?: string;
      nationality?: string;
    },
    locale: UiLocale = 'en',
  ): ComputedDeadlineResponse {
    const latest = findRule(ruleId);
    if (!latest) throw notFound('deadline rule');
    let triggerDate = input.triggerDate;
    let service: ServiceExplanation | null = null;
    if (input.serviceMethod || input.receivedOn) {
      if (latest.triggerEvent !== 'decision_served')
        throw badRequest(
          'serviceMethod: only for rules that run from service of a decision',
          'deadline.service_not_for_rule',
          { field: 'serviceMethod' },
        );
      if (!input.serviceMethod || !input.receivedOn)
        throw badRequest(
          `${input.serviceMethod ? 'receivedOn' : 'serviceMethod'}: required with the other`,
          'required',
          { field: input.serviceMethod ? 'receivedOn' : 'serviceMethod' },
        );
      if (triggerDate)
        throw badRequest(
          'triggerDate: give either triggerDate, or serviceMethod with receivedOn',
          'deadline.due_or_rule',
          { field: 'triggerDate' },
        );
      const derived = deemedService(
        latest.jurisdiction === 'EU' ? 'EU' : latest.jurisdiction,
        input.serviceMethod,
        input.receivedOn,
      );
      triggerDate = derived.servedOn;
      service = derived.explanation;
    }
    if (latest.triggerEvent === 'fixed_date')
      // A fixed date's version is the one in force today, whatever date is asked about.
      triggerDate = fixedTrigger(this.versionFor(ruleId, today()));
    if (!triggerDate)
      throw badRequest('triggerDate: required', 'deadline.trigger_required', {
        field: 'triggerDate',
      });
    const rule = this.versionFor(ruleId, triggerDate);
    if (input.nationality !== undefined && !ruleAppliesTo(rule, { nationality: input.nationality }))
      throw badRequest(
        `nationality: the rule ${ruleId} does not apply to ${input.nationality}`,
        'deadline.rule_not_applicable',
        { field: 'nationality', args: { ruleId } },
      );
    const result = computeDeadline(rule, triggerDate);
    return {
      ruleId,
      version: rule.version,
      triggerDate,
      dueOn: result.dueOn,
      explanation: result.explanation,
      text: renderExplanation(result.explanation, locale),
      service,
      confidence: rule.confidence,
    };
  }

  /** The rule's version in force on the trigger date (fixed-date rules: today), else a 400. */
  private versionFor(ruleId: string, triggerDate: string): DeadlineRule {
    const latest = findRule(ruleId);
    if (!latest)
      throw badRequest(`ruleId: no rule "${ruleId}"`, 'deadline.rule_unknown', {
        field: 'ruleId',
        args: { ruleId },
      });
    const day = latest.triggerEvent === 'fixed_date' ? today() : triggerDate;
    const rule = ruleInForce(ruleId, day);
    if (!rule)
      throw badRequest(
        `triggerDate: no version of ${ruleId} was in force on ${day}`,
        'deadline.rule_not_in_force',
        { field: 'triggerDate', args: { ruleId, day } },
      );
    return rule;
  }

  async create(
    actor: Actor,
    dto: CreateDeadlineDto,
    locale: UiLocale = 'en',
  ): Promise<DeadlineResponse> {
    return transaction(this.dataSource, async (manager) => {
      const visible = await this.access.visibleCaseRow(actor, manager, dto.caseId);
      let values: Insertable<DB['deadline']>;
      if (dto.ruleId) {
        if (dto.dueOn)
          throw badRequest(
            'dueOn: give either dueOn, or ruleId with triggerDate',
            'deadline.due_or_rule',
          );
        const latest = findRule(dto.ruleId);
        if (!latest)
          throw badRequest(`ruleId: no rule "${dto.ruleId}"`, 'deadline.rule_unknown', {
            args: { ruleId: dto.ruleId },
          });
        let triggerDate = dto.triggerDate ?? null;
        if (latest.triggerEvent === 'fixed_date') {
          // A fixed date has no trigger of the caller's: the version in force today, keyed on its
          // own first day (what the rule job uses too, so the two never make two deadlines).
          const current = this.versionFor(dto.ruleId, today());
          if (triggerDate && triggerDate !== fixedTrigger(current))
            throw badRequest(
              'triggerDate: a fixed-date rule takes none',
              'deadline.trigger_only_with_rule',
              { field: 'triggerDate' },
            );
          triggerDate = fixedTrigger(current);
        }
        if (!triggerDate)
          throw badRequest('triggerDate: required with ruleId', 'deadline.trigger_required');
        const rule = this.versionFor(dto.ruleId, triggerDate);
        await this.checkApplies(manager, rule, dto.caseId);
        await this.checkNotOpen(manager, dto.caseId, rule.id, triggerDate);
        values = ruleDeadline(this.crypto, rule, dto.caseId, triggerDate, actor.id, dto.title);
      } else {
        if (!dto.dueOn)
          throw badRequest('dueOn: required without ruleId', 'deadline.required_without_rule');
        if (!dto.kind)
          throw badRequest('kind: required without ruleId', 'deadline.required_without_rule');
        if (!dto.title?.trim())
          throw badRequest('title: required without ruleId', 'deadline.required_without_rule');
        if (dto.triggerDate)
          throw badRequest('triggerDate: only with ruleId', 'deadline.trigger_only_with_rule');
        const id = randomUUID();
        values = {
          id,
          case_id: dto.caseId,
          kind: dto.kind,
          title: this.crypto.encrypt(dto.title.trim(), deadlineContext(id))!,
          due_on: dto.dueOn,
          source: 'manual',
          status: 'open',
          created_by_id: actor.id,
        };
      }
      const [saved] = await this.insertDeadlines(manager, [values]);
      if (!saved)
        throw conflict(
          `ruleId: the case already has the open deadline ${dto.ruleId} from ${dto.triggerDate}`,
          'deadline.duplicate',
          { field: 'ruleId' },
        );
      await markCaseActivity(manager, dto.caseId);
      await this.audit.record(manager, actor, {
        action: 'create',
        entityType: 'deadline',
        entityId: saved.id,
        teamId: visible.teamId,
        summary: `added a ${saved.kind} deadline due ${saved.dueOn}`,
        details: { caseId: dto.caseId, ruleId: saved.ruleId },
      });
      return this.reload(manager, saved.id, locale);
    });
  }

  /**
   * A rule may date a case's deadline only where it governs (the case's jurisdiction; a stay rule:
   * also the country the client is in) and for the nationalities it names: another country's or
   * another nationality's period is never a case's date. The procedure track is not checked here: a
   * caseworker may always add the shorter period of another track as a precaution.
   */
  private async checkApplies(
    manager: EntityManager,
    rule: DeadlineRule,
    caseId: string,
  ): Promise<void> {
    const facts = (await first(
      manager,
      db
        .selectFrom('legal_case as c')
        .innerJoin('client as cl', 'cl.id', 'c.client_id')
        .select(['c.jurisdiction', 'cl.nationality', 'cl.current_country as currentCountry'])
        .where('c.id', '=', caseId),
    ))!;
    const where =
      ruleCovers(rule, facts.jurisdiction) ||
      (isStayRule(rule) && facts.currentCountry !== null && ruleCovers(rule, facts.currentCountry));
    if (!where || !ruleAppliesTo(rule, { nationality: facts.nationality }))
      throw badRequest(
        `ruleId: the rule ${rule.id} does not apply to this case (${facts.jurisdiction}, ${facts.nationality})`,
        'deadline.rule_not_applicable',
        { field: 'ruleId', args: { ruleId: rule.id } },
      );
  }

  /**
   * A rule dates a case's deadline once at a time: while a deadline from it is open, adding it again
   * is a 409 naming `ruleId` (`deadline.duplicate` for the same trigger date, as a double click is;
   * `deadline.rule_already_open` for another): correct the open one, or close it first. The case
   * row is locked so two requests at once cannot both pass.
   */
  private async checkNotOpen(
    manager: EntityManager,
    caseId: string,
    ruleId: string,
    triggerDate: string,
  ) {
    await first(
      manager,
      db.selectFrom('legal_case').select('id').where('id', '=', caseId).forNoKeyUpdate(),
    );
    const open = await first(
      manager,
      db
        .selectFrom('deadline')
        .select((eb) => eb.cast<string>('trigger_date', 'text').as('triggerDate'))
        .where('case_id', '=', caseId)
        .where('rule_id', '=', ruleId)
        .where('status', '=', 'open')
        .limit(1),
    );
    // The very same deadline again (a double click): the duplicate it always was.
    if (open?.triggerDate === triggerDate)
      throw conflict(
        `ruleId: the case already has the open deadline ${ruleId} from ${triggerDate}`,
        'deadline.duplicate',
        { field: 'ruleId' },
      );
    if (open)
      throw conflict(
        `ruleId: the case already has an open deadline from the rule ${ruleId}`,
        'deadline.rule_already_open',
        { field: 'ruleId', args: { ruleId } },
      );
  }

  /**
   * What "Add from a rule" fills in and checks, for a case the caller may see: the dates the case
   * records for trigger events (the decision's service date; the client's current entry or arrival,
   * with the country entered) and the rules with an open deadline on the case. One statement.
   */
  async ruleTriggers(actor: Actor, caseId: string): Promise<Audited<CaseRuleTriggersResponse>> {
    const visible = await this.access.visibleCaseRow(actor, this.dataSource, caseId);
    const row = (await first(
      this.dataSource,
      db
        .selectFrom('legal_case as c')
        .innerJoin('client as cl', 'cl.id', 'c.client_id')
        .select((eb) => [
          eb.cast<string | null>('c.decision_served_on', 'text').as('servedOn'),
          eb.cast<string | null>('cl.arrival_date', 'text').as('arrivalDate'),
          'cl.current_country as country',
          eb.ref('cl.stays').$castTo<StayPeriod[] | null>().as('stays'),
          eb
            .selectFrom('deadline as d')
            .select((sub) => sub.fn.agg<string[]>('array_agg', ['d.rule_id']).distinct().as('ids'))
            .whereRef('d.case_id', '=', 'c.id')
            .where('d.status', '=', 'open')
            .where('d.rule_id', 'is not', null)
            .$asScalar()
            .as('openRuleIds'),
        ])
        .where('c.id', '=', visible.id),
    ))!;
    const triggers: RecordedTrigger[] = [];
    if (row.servedOn)
      triggers.push({
        event: 'decision_served',
        date: row.servedOn,
        source: 'decisionServedOn',
        country: null,
      });
    // The current stay's entry (the latest, still open); a client with no stays recorded at all,
    // the arrival their record keeps (stays that all ended mean they left: no entry date).
    const stays = row.stays ?? [];
    const current = stays
      .filter((stay) => stay.exitDate === null)
      .reduce<StayPeriod | null>(
        (latest, stay) => (!latest || stay.entryDate > latest.entryDate ? stay : latest),
        null,
      );
    const entry = current
      ? { date: current.entryDate, source: 'stayEntry' as const }
      : stays.length === 0 && row.arrivalDate
        ? { date: row.arrivalDate, source: 'arrivalDate' as const }
        : null;
    if (entry)
      for (const event of ['entry', 'last_arrival', 'arrival_or_threat_known'] as const)
        triggers.push({ event, ...entry, country: row.country });
    return audited(
      { entityId: visible.id, teamId: visible.teamId, details: { triggers: triggers.length } },
      { triggers, openRuleIds: [...(row.openRuleIds ?? [])].sort() },
    );
  }

  /**
   * Inserts deadlines; one already open for the same (case, rule, trigger date) is skipped, not an
   * error: the unique key makes a double click or a race harmless. Returns the rows inserted.
   */
  private async insertDeadlines(manager: EntityManager, values: Insertable<DB['deadline']>[]) {
    if (values.length === 0) return [];
    return rows(
      manager,
      db
        .insertInto('deadline')
        .values(values)
        .onConflict((oc) =>
          oc
            .columns(['case_id', 'rule_id', 'trigger_date'])
            .where('rule_id', 'is not', null)
            .where('status', '=', sql.lit('open'))
            .doNothing(),
        )
        .returning((eb) => [
          'id',
          'kind',
          'rule_id as ruleId',
          eb.cast<string>('due_on', 'text').as('dueOn'),
        ]),
    );
  }

  async update(
    actor: Actor,
    id: string,
    dto: UpdateDeadlineDto,
    locale: UiLocale = 'en',
  ): Promise<DeadlineResponse> {
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
      const suspension = this.suspensionOf(record, dto);
      // The title is compared in clear and encrypted again only when it changed.
      const text = { title: this.crypto.decrypt(record.title, deadlineContext(id)) ?? '' };
      const changed = [
        ...applyChanges(text, { title: dto.title?.trim() }),
        ...applyChanges(record, {
          dueOn: suspension?.dueOn ?? dto.dueOn,
          kind: dto.kind,
          status: dto.status,
        }),
      ];
      if (changed.includes('title')) {
        if (!text.title) throw badRequest('title: required', 'required', { field: 'title' });
        record.title = this.crypto.encrypt(text.title, deadlineContext(id))!;
      }
      if (suspension) {
        record.explanationCode = suspension.explanation.code;
        record.explanationParams = suspension.explanation.params;
        if (!changed.includes('suspension')) changed.push('suspension');
      } else if (changed.includes('dueOn')) {
        record.explanationCode = 'deadline.set_by_hand';
        record.explanationParams = { dueOn: record.dueOn, ruleId: record.ruleId };
      }
      if (changed.includes('status')) {
        record.completedAt = record.status === 'open' ? null : new Date();
        record.completedById = record.status === 'open' ? null : actor.id;
      }
      if (changed.length === 0) return this.reload(manager, id, locale);
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
      return this.reload(manager, id, locale);
    });
  }

  /**
   * A suspension given in a PATCH (France: legal aid suspends the CNDA period): the rule's date
   * recomputed with it (or without it, when both are null). Only for a deadline computed by a rule
   * that another rule suspends, with a request made within the period and a resumption after it.
   */
  private suspensionOf(
    record: DeadlineEntity,
    dto: UpdateDeadlineDto,
  ): { dueOn: string; explanation: DeadlineExplanation } | null {
    if (dto.suspendedFrom === undefined && dto.resumedOn === undefined) return null;
    const field = dto.suspendedFrom === undefined ? 'suspendedFrom' : 'resumedOn';
    if (((dto.suspendedFrom ?? null) === null) !== ((dto.resumedOn ?? null) === null))
      throw badRequest(`${field}: give suspendedFrom and resumedOn together`, 'required', {
        field,
      });
    const rule =
      record.ruleId && record.triggerDate
        ? findRule(record.ruleId, record.ruleVersion ?? undefined)
        : undefined;
    if (!rule || !DEADLINE_RULES.some((other) => other.suspends === rule.id))
      throw badRequest(
        'suspendedFrom: only a deadline computed by a rule whose period can be suspended',
        'deadline.not_suspendable',
        { field: 'suspendedFrom' },
      );
    if (dto.suspendedFrom && dto.resumedOn) {
      const plain = computeDeadline(rule, record.triggerDate!);
      if (dto.suspendedFrom < record.triggerDate! || dto.suspendedFrom > plain.periodEnd)
        throw badRequest(
          'suspendedFrom: must fall within the period, from its trigger to its end',
          'deadline.suspension_outside_period',
          { field: 'suspendedFrom' },
        );
      if (dto.resumedOn < dto.suspendedFrom)
        throw badRequest('resumedOn: must not be before suspendedFrom', 'invalid', {
          field: 'resumedOn',
        });
    }
    const computed = computeDeadline(rule, record.triggerDate!, {
      suspension:
        dto.suspendedFrom && dto.resumedOn
          ? { from: dto.suspendedFrom, resumedOn: dto.resumedOn }
          : null,
    });
    return { dueOn: computed.dueOn, explanation: computed.explanation };
  }

  /**
   * The deadlines a case's served decision starts (`suggestRules`: one appeal rule for the outcome
   * and procedure track, or a question when the track is unknown and matters), in the version in
   * force on the service date, minus those the case already has (in any status: one done or waived
   * was dealt with).
   */
  async suggestions(
    actor: Actor,
    caseId: string,
    locale: UiLocale = 'en',
  ): Promise<Audited<SuggestedDeadlinesResponse>> {
    // The case's decision, outcome and client's nationality are read: an audited read of the case
    // (the route declares it).
    const visible = await this.access.visibleCaseRow(actor, this.dataSource, caseId);
    return audited(
      { entityId: visible.id, teamId: visible.teamId },
      await this.suggestionsFor(this.dataSource, visible.id, locale),
    );
  }

  /** The suggestions of a case the caller may see (checked by the caller). */
  private async suggestionsFor(
    on: DataSource | EntityManager,
    caseId: string,
    locale: UiLocale,
  ): Promise<SuggestedDeadlinesResponse> {
    const record = (await first(
      on,
      db
        .selectFrom('legal_case as c')
        .innerJoin('client as cl', 'cl.id', 'c.client_id')
        .select((eb) => [
          'c.jurisdiction',
          'c.outcome',
          'c.procedure_track as procedureTrack',
          'cl.nationality',
          eb.cast<string | null>('c.decision_served_on', 'text').as('servedOn'),
        ])
        .where('c.id', '=', caseId),
    ))!;
    const servedOn = record.servedOn;
    if (!servedOn) return { data: [], question: null };
    const { rules, question } = suggestRules({
      jurisdiction: record.jurisdiction,
      outcome: record.outcome,
      procedureTrack: record.procedureTrack,
      servedOn,
      nationality: record.nationality,
    });
    const existing = new Set(
      (
        await rows(
          on,
          db
            .selectFrom('deadline')
            .select('rule_id')
            .where('case_id', '=', caseId)
            .where('rule_id', 'is not', null)
            .where('trigger_date', '=', (eb) => eb.cast<Date>(eb.val(servedOn), 'date')),
        )
      ).map((r) => r.rule_id),
    );
    return {
      data: rules
        .filter((rule) => !existing.has(rule.id))
        .map((rule) => this.compute(rule.id, { triggerDate: servedOn }, locale)),
      question: question && { code: 'deadline.track_unknown', options: question.options },
    };
  }

  /**
   * One click: creates the suggested deadlines (all, or those named), in one transaction. A second
   * click, or a race, finds them open and adds nothing.
   */
  async createSuggested(
    actor: Actor,
    caseId: string,
    ruleIds?: string[],
    locale: UiLocale = 'en',
  ): Promise<{ data: DeadlineResponse[] }> {
    return transaction(this.dataSource, async (manager) => {
      const { teamId } = await this.access.visibleCaseRow(actor, manager, caseId);
      const { data } = await this.suggestionsFor(manager, caseId, locale);
      const chosen = ruleIds ? data.filter((s) => ruleIds.includes(s.ruleId)) : data;
      const inserted = await this.insertDeadlines(
        manager,
        chosen.map((suggestion) =>
          ruleDeadline(
            this.crypto,
            findRule(suggestion.ruleId, suggestion.version)!,
            caseId,
            suggestion.triggerDate,
            actor.id,
          ),
        ),
      );
      if (inserted.length === 0) return { data: [] };
      await markCaseActivity(manager, caseId);
      for (const saved of inserted)
        await this.audit.record(manager, actor, {
          action: 'create',
          entityType: 'deadline',
          entityId: saved.id,
          teamId,
          summary: `added a ${saved.kind} deadline due ${saved.dueOn}`,
          details: { caseId, ruleId: saved.ruleId },
        });
      const created = await rows(
        manager,
        deadlines()
          .where('d.id', '=', (eb) => eb.fn.any(eb.val(inserted.map((row) => row.id))))
          .orderBy('d.due_on'),
      );
      return { data: created.map((row) => toDeadlineResponse(row, this.crypto, locale)) };
    });
  }

  /**
   * The last legal day of the client's current stay in the country they are in (else the case's
   * jurisdiction), under the stay rule for their nationality: the earlier of the per-visit cap and the
   * rolling limit. No rule for the nationality gives no date: never another nationality's rule.
   */
  async stayLimit(
    actor: Actor,
    caseId: string,
    locale: UiLocale = 'en',
  ): Promise<Audited<StayLimitResponse>> {
    // The client's stays (where they are, since when) are read to compute it: an audited read of
    // the case (the route declares it).
    const visible = await this.access.visibleCaseRow(actor, this.dataSource, caseId);
    return audited(
      { entityId: visible.id, teamId: visible.teamId },
      await this.stayOf(visible.id, locale),
    );
  }

  /** The stay limit of a case the caller may see (stayLimit checked it). */
  private async stayOf(caseId: string, locale: UiLocale): Promise<StayLimitResponse> {
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
        text:
          locale === 'ru'
            ? `Ни одно правило Haven о сроке пребывания не относится к гражданину ${row.nationality} в ${country}: проверьте срок вручную`
            : `No stay rule in Haven applies to a citizen of ${row.nationality} in ${country}: check the stay limit by hand`,
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
        text:
          locale === 'ru'
            ? `Текущее пребывание в ${country} не записано: добавьте дату въезда клиента, чтобы рассчитать последний законный день`
            : `No current stay in ${country} recorded: add the client's entry to compute the last legal day`,
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
      text: renderExplanation(
        {
          code: 'deadline.stay',
          params: {
            ruleId: rule.id,
            version: rule.version,
            legalBasis: rule.legalBasis,
            ...stayParams(rule, stay),
          },
        },
        locale,
      ),
    };
  }

  private async reload(
    manager: EntityManager,
    id: string,
    locale: UiLocale = 'en',
  ): Promise<DeadlineResponse> {
    const row = await first(manager, deadlines().where('d.id', '=', id));
    if (!row) throw new Error(`reload: deadline ${id} not found in its own transaction`);
    return toDeadlineResponse(row, this.crypto, locale);
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
  crypto: FieldEncryption,
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
      // The title names a person's document and its expiry: encrypted, bound to the id chosen here.
      const id = randomUUID();
      const inserted = await rows(
        manager,
        db
          .insertInto('deadline')
          .values({
            id,
            case_id: open.id,
            kind: sql.lit('document_expiry'),
            title: crypto.encrypt(
              `${label} expires ${formatDay(document.expiresOn)} (${months} months’ notice)`,
              deadlineContext(id),
            )!,
            due_on: alert,
            source: sql.lit('document'),
            source_key: `doc:${clientId}:${document.kind}:${document.expiresOn}:${months}`,
            explanation_code: 'deadline.document_alert',
            explanation_params: JSON.stringify({ months, expiresOn: document.expiresOn }),
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
