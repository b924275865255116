import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CASE_TYPES,
  GROUNDS,
  MILITARY_STATUSES,
  OUTCOMES,
  PRIORITIES,
  STAGES,
  addCalendarDays,
  checkStageChange,
  type CaseHistoryEvent,
  type CaseListItem,
  type Ground,
  type CaseResponse,
  type ListResponse,
  type Stage,
} from '@haven/shared';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService, filedUnder, type AuditInput } from '../audit/audit.service.js';
import { listStatementKey, type Actor } from '../common/actor.js';
import { badRequest, forbidden, notFound } from '../common/errors.js';
import {
  ListStatements,
  listStatement,
  pageCountAndAudit,
  parseListQuery,
  type ListSpec,
  type ParsedList,
} from '../common/list-query.js';
import { sql, type Expression, type SqlBool } from 'kysely';
import { db, exec, first, isoInstant, rows, type On } from '../database/sql.js';
import { insertEntity } from '../database/insert-entity.js';
import type { Statement } from '../database/prepared.js';
import { applyChanges, assertVersion } from '../common/versioning.js';
import { rejectNulls } from '../common/validators.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../encryption/field-encryption.js';
import type { CreateCaseDto, IntakeCaseDto, ReassignCasesDto, UpdateCaseDto } from './case.dto.js';
import { CaseEntity } from './case.entity.js';
import { caseStageChangeContext } from './case-stage-change.entity.js';
import {
  caseListItemFromRow,
  deriveServiceDate,
  serviceExplanation,
  encryptCaseFields,
  selectCases,
  selectCasesWithClient,
  toCaseListItem,
  toCaseResponse,
  withClient,
} from './case.mapper.js';
import { nextReference } from './references.js';
import { transaction } from '../database/transaction.js';
import { keyContains, searchKeyWords } from '../clients/client-search.js';

/**
 * What a case list row (caseListItemFromRow) reads — the encrypted narratives and the rest stay in
 * the table — for the cases the actor may see: the case list's base query.
 */
const caseListBase = (scope: Expression<SqlBool>) =>
  db
    .selectFrom('legal_case as c')
    .leftJoin('client as cl', 'cl.id', 'c.client_id')
    .select((eb) => [
      'c.id',
      'c.reference',
      'c.client_id as clientId',
      'cl.given_name as givenName',
      'cl.family_name as familyName',
      'c.case_type as caseType',
      'c.jurisdiction',
      'c.stage',
      'c.outcome',
      'c.priority',
      'c.assigned_to_id as assignedToId',
      'c.team_id as teamId',
      eb.ref('c.grounds').$castTo<Ground[]>().as('grounds'),
      'c.military_status as militaryStatus',
      eb.cast<string>('c.opened_on', 'text').as('openedOn'),
      eb.cast<string | null>('c.closed_on', 'text').as('closedOn'),
      eb.cast<string | null>('c.next_deadline_on', 'text').as('nextDeadlineOn'),
      isoInstant(eb.ref('c.last_activity_at')).as('lastActivityAt'),
      isoInstant(eb.ref('c.created_at')).as('createdAt'),
      isoInstant(eb.ref('c.updated_at')).as('updatedAt'),
      'c.version',
    ])
    .where(scope);

/** The case list's dialect, over the columns of its base query. */
export const CASE_LIST: ListSpec<ReturnType<typeof caseListBase>> = {
  sortable: {
    reference: 'c.reference',
    openedOn: 'c.opened_on',
    nextDeadlineOn: 'c.next_deadline_on',
    stage: 'c.stage',
    priority: 'c.priority',
    jurisdiction: 'c.jurisdiction',
    updatedAt: 'c.updated_at',
    lastActivityAt: 'c.last_activity_at',
    clientName: 'cl.family_name',
  },
  defaultSort: { field: 'openedOn', order: 'DESC' },
  filters: {
    id: { column: 'c.id', type: 'uuid' },
    stage: { column: 'c.stage', type: 'enum', values: STAGES },
    priority: { column: 'c.priority', type: 'enum', values: PRIORITIES },
    caseType: { column: 'c.case_type', type: 'enum', values: CASE_TYPES },
    outcome: { column: 'c.outcome', type: 'enum', values: OUTCOMES },
    militaryStatus: { column: 'c.military_status', type: 'enum', values: MILITARY_STATUSES },
    jurisdiction: { column: 'c.jurisdiction', type: 'string' },
    assignedToId: { column: 'c.assigned_to_id', type: 'uuid' },
    assigned: { column: (eb) => eb('c.assigned_to_id', 'is not', null), type: 'boolean' },
    teamId: { column: 'c.team_id', type: 'uuid' },
    clientId: { column: 'c.client_id', type: 'uuid' },
    grounds: { column: 'c.grounds', type: 'enum', values: GROUNDS, array: true },
    nationality: { column: 'cl.nationality', type: 'string' },
    nextDeadlineOn: { column: 'c.next_deadline_on', type: 'date', range: true },
    openedOn: { column: 'c.opened_on', type: 'date', range: true },
    closedOn: { column: 'c.closed_on', type: 'date', range: true },
    lastActivityAt: { column: 'c.last_activity_at', type: 'instant', range: true },
  },
  // What `q` matches (and the client's name key, `searchKeyWords`); the list answers it through
  // case_search (the same expressions, indexed together).
  search: [
    'c.reference',
    (eb) =>
      sql<string>`${eb.ref('cl.given_name')} || ' ' || ${eb.ref('cl.family_name')} || ' ' || ${eb.ref('cl.reference')}`,
    'cl.native_name',
  ],
  tieBreaker: 'c.id',
};

const today = () => new Date().toISOString().slice(0, 10);

/**
 * A legal service date may lie a few days ahead (a decision handed to a reception centre today is
 * served in three), never further.
 */
function checkServedDate(value: string | null | undefined): void {
  if (value && value > addCalendarDays(today(), 7))
    throw badRequest('decisionServedOn: at most a week ahead (a deemed service date)', 'invalid', {
      field: 'decisionServedOn',
    });
}

/** Whether a team of that id exists (an administrator names the team of a case). */
async function teamExists(on: On, id: string): Promise<boolean> {
  return (await first(on, db.selectFrom('team').select('id').where('id', '=', id))) !== undefined;
}

@Injectable()
export class CasesService {
  /** The case list's statements, compiled once per actor and shape. */
  private readonly statements = new ListStatements();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: Record<string, unknown>): Promise<ListResponse<CaseListItem>> {
    const { rows, total } = await pageCountAndAudit(
      this.dataSource,
      this.listStatement(actor, query),
    );
    return { data: rows.map(caseListItemFromRow), total };
  }

  /** The statement `list` runs: the page, its total and the list-read audit event. */
  listStatement(actor: Actor, query: Record<string, unknown>) {
    const parsed = parseListQuery(query, CASE_LIST);
    return this.statements.statement(listStatementKey(actor), parsed, () =>
      this.buildListStatement(actor, query, parsed),
    );
  }

  private buildListStatement(
    actor: Actor,
    query: Record<string, unknown>,
    parsed: ParsedList<ReturnType<typeof caseListBase>>,
  ) {
    const scope = this.access.cases(actor, 'c');
    return listStatement(caseListBase(scope), parsed, {
      count: { base: db.selectFrom('legal_case as c').where(scope), aliases: ['c'] },
      // Kept by writes per (team, assignee, stage): the scope's columns and these filters' own.
      kept: {
        base: db.selectFrom('case_list_total as c').where(scope),
        sum: 'c.cases',
        filters: ['stage', 'teamId', 'assignedToId'],
      },
      // The same expressions as CASE_LIST.search and the client's name key (Dmitry finds the cases
      // of Дмитрий), within the caller's scope.
      search: parsed.search
        ? this.access.searchCases(
            actor,
            { column: sql.ref('c.id'), via: 'case_id' },
            ['case_reference', 'client_text', 'native_name'],
            parsed.search.pattern,
            keyContains(searchKeyWords((query.q as string).trim())),
          )
        : undefined,
      generic: actor.role !== 'admin',
      audit: this.audit.listReadInsert(actor, 'case', query),
    });
  }

  /** A case, read and audited in one prepared statement (the case page opens with it). */
  async get(actor: Actor, id: string): Promise<CaseResponse> {
    const row = await first(this.dataSource, this.getQuery(actor, id));
    if (!row) throw notFound('case');
    return toCaseResponse(withClient(row), this.crypto);
  }

  /** The query `get` runs: the case and the audit event of its read (none when not visible). */
  private getQuery(actor: Actor, id: string) {
    return db
      .with('found', () =>
        selectCasesWithClient().where('c.id', '=', id).where(this.access.cases(actor, 'c')),
      )
      .with('audit', () =>
        this.audit.readAudit(actor, 'case', {
          from: ['found'],
          id: sql.ref('found.id'),
          teamId: sql.ref('found.teamId'),
          summary: sql`'read case ' || ${sql.ref('found.reference')}`,
        }),
      )
      .selectFrom('found')
      .selectAll();
  }

  /** `get`'s statement as it runs (for the benchmark, which runs it without HTTP). */
  getStatement(actor: Actor, id: string): Statement {
    const { sql: text, parameters } = this.getQuery(actor, id).compile();
    return { text, values: [...parameters], plan: 'prepared' };
  }

  /**
   * An active caseworker of the team, or a 400 naming `assignedToId`. The user's row is share-locked
   * until commit (as TasksService.checkMember), so a concurrent move to another team or role either
   * waits for this assignment and then releases the case too, or goes first and this check fails.
   */
  private async checkAssignee(
    manager: EntityManager,
    teamId: string,
    userId: string,
  ): Promise<void> {
    const member = await first(
      manager,
      db
        .selectFrom('app_user')
        .select('id')
        .where('id', '=', userId)
        .where('team_id', '=', teamId)
        .where('role', '=', 'caseworker')
        .where('active', '=', true)
        .forShare(),
    );
    if (!member)
      throw badRequest(
        'assignedToId: must be an active caseworker of the case’s team',
        'case.assignee_not_member',
      );
  }

  /**
   * A case moved to another team takes its tasks along, in the caller's transaction: the old team
   * no longer sees or acts on them, unfinished ones wait unassigned in the new team's queue (their
   * assignees belong to the old team), finished ones keep who did them, as the case's history. The
   * move is recorded for the old team (the case's own update event is the new team's), and each
   * task's for both.
   */
  private async moveWithCase(
    manager: EntityManager,
    actor: Actor,
    record: CaseEntity,
    toTeam: string,
  ): Promise<void> {
    const fromTeam = record.teamId;
    const tasks = await rows(
      manager,
      db
        .with('old', (qc) =>
          qc
            .selectFrom('task')
            .select(['id', 'assignee_id'])
            .where('case_id', '=', record.id)
            .orderBy('id')
            .forUpdate(),
        )
        .updateTable('task as t')
        .from('old')
        .set((eb) => ({
          team_id: toTeam,
          assignee_id: eb.case().when('t.status', '=', 'done').then(eb.ref('t.assignee_id')).end(),
          version: eb('t.version', '+', 1),
          updated_at: eb.fn<Date>('now'),
        }))
        .whereRef('t.id', '=', 'old.id')
        .returning([
          't.id',
          't.status',
          'old.assignee_id as fromAssignee',
          't.assignee_id as toAssignee',
        ]),
    );
    await this.audit.record(manager, actor, [
      {
        action: 'update',
        entityType: 'case',
        entityId: record.id,
        teamId: fromTeam,
        summary: `moved case ${record.reference} to another team`,
        details: {
          fields: ['teamId'],
          teamId: { from: fromTeam, to: toTeam },
          assignedToId: { from: record.assignedToId },
          tasks: tasks.length,
        },
      },
      ...tasks.flatMap((task) =>
        filedUnder(
          {
            action: 'update',
            entityType: 'task',
            entityId: task.id,
            summary: 'task moved with its case to another team',
            details: {
              action: 'case_moved',
              from: { teamId: fromTeam, assigneeId: task.fromAssignee },
              to: { teamId: toTeam, assigneeId: task.toAssignee },
              status: task.status,
            },
          },
          [fromTeam, toTeam],
        ),
      ),
    ]);
  }

  /**
   * Creates a case for a client inside the caller's transaction (intake, or a new case of a known
   * client). A caseworker's case is theirs, in their team; a supervisor's stays in their team
   * (assigned or in the intake queue); an admin names the team. `reference`: one already taken
   * (intake takes its numbers before its transaction); otherwise the next is taken here. `events`:
   * the caller records the audit event with its own, in one statement; otherwise it is recorded here.
   */
  async createInTransaction(
    manager: EntityManager,
    actor: Actor,
    clientId: string,
    dto: IntakeCaseDto,
    options: { reference?: string; events?: AuditInput[] } = {},
  ): Promise<CaseEntity> {
    let teamId: string;
    let assignedToId: string | null = null;
    switch (actor.role) {
      case 'caseworker':
        if (dto.assignedToId && dto.assignedToId !== actor.id)
          throw badRequest(
            'assignedToId: a caseworker’s new case is assigned to them',
            'case.caseworker_assigns_self',
          );
        if (dto.teamId && dto.teamId !== actor.teamId)
          throw badRequest(
            'teamId: a caseworker’s new case belongs to their team',
            'case.own_team_only',
            { args: { role: actor.role } },
          );
        if (!actor.teamId)
          throw badRequest('teamId: your account belongs to no team', 'user.no_team');
        teamId = actor.teamId;
        assignedToId = actor.id;
        break;
      case 'supervisor':
        if (dto.teamId && dto.teamId !== actor.teamId)
          throw badRequest(
            'teamId: a supervisor’s new case belongs to their team',
            'case.own_team_only',
            { args: { role: actor.role } },
          );
        if (!actor.teamId)
          throw badRequest('teamId: your account belongs to no team', 'user.no_team');
        teamId = actor.teamId;
        assignedToId = dto.assignedToId ?? null;
        break;
      case 'admin':
        if (!dto.teamId)
          throw badRequest(
            'teamId: required when an administrator opens a case',
            'case.team_required',
          );
        if (!(await teamExists(manager, dto.teamId)))
          throw badRequest('teamId: no such team', 'team.unknown');
        teamId = dto.teamId;
        assignedToId = dto.assignedToId ?? null;
        break;
      case 'analyst':
        throw forbidden('Analysts do not open cases', 'case.analyst_cannot_open');
      default: {
        const exhaustive: never = actor.role;
        throw new Error(`unknown role ${String(exhaustive)}`);
      }
    }
    if (assignedToId && assignedToId !== actor.id)
      await this.checkAssignee(manager, teamId, assignedToId);

    const repository = manager.getRepository(CaseEntity);
    const record = repository.create({
      id: randomUUID(),
      reference: options.reference ?? (await nextReference(manager, 'HV')),
      clientId,
      caseType: dto.caseType,
      jurisdiction: dto.jurisdiction,
      stage: 'intake',
      outcome: null,
      priority: dto.priority ?? 'normal',
      assignedToId,
      teamId,
      grounds: [...new Set(dto.grounds ?? [])],
      militaryStatus: dto.militaryStatus ?? 'unknown',
      summonsKind: dto.summonsKind ?? 'none',
      summonsDate: null,
      desertionDate: null,
      referralSource: dto.referralSource?.trim() || null,
      authorityReferences: null,
      decisionServedOn: dto.decisionServedOn ?? null,
      decisionReceivedOn: dto.decisionReceivedOn ?? null,
      serviceMethod: dto.serviceMethod ?? null,
      procedureTrack: dto.procedureTrack ?? 'unknown',
      openedOn: dto.openedOn ?? today(),
      closedOn: null,
      nextDeadlineOn: null,
      claimSummary: null,
      serviceHistory: null,
    });
    checkServedDate(dto.decisionServedOn);
    deriveServiceDate(record, dto);
    encryptCaseFields(
      record,
      {
        claimSummary: dto.claimSummary,
        serviceHistory: dto.serviceHistory,
        summonsDate: dto.summonsDate,
        desertionDate: dto.desertionDate,
        authorityReferences: dto.authorityReferences,
      },
      this.crypto,
    );
    // An insert, not save (the id is ours: save would first read the row to choose between insert
    // and update), prepared; the generated columns (created, updated, version) come back into `record`.
    await insertEntity(manager, CaseEntity, record);
    const saved = record;
    const event: AuditInput = {
      action: 'create',
      entityType: 'case',
      entityId: saved.id,
      teamId,
      summary: `opened case ${saved.reference}`,
      details: { clientId, assignedToId },
    };
    if (options.events) options.events.push(event);
    else await this.audit.record(manager, actor, event);
    return saved;
  }

  async create(actor: Actor, dto: CreateCaseDto): Promise<CaseResponse> {
    return transaction(this.dataSource, async (manager) => {
      // The client must be visible to the caller: otherwise it does not exist for them.
      const client = await first(
        manager,
        db
          .selectFrom('client as cl')
          .select('cl.id')
          .where('cl.id', '=', dto.clientId)
          .where(this.access.clients(actor, 'cl')),
      );
      if (!client) throw notFound('client');
      const saved = await this.createInTransaction(manager, actor, dto.clientId, dto);
      return this.reload(manager, saved.id);
    });
  }

  private async reload(manager: EntityManager, id: string): Promise<CaseResponse> {
    const row = await first(manager, selectCasesWithClient().where('c.id', '=', id));
    if (!row) throw new Error(`reload: case ${id} is gone`);
    return toCaseResponse(withClient(row), this.crypto);
  }

  async update(actor: Actor, id: string, dto: UpdateCaseDto): Promise<CaseResponse> {
    rejectNulls(dto, [
      'caseType',
      'jurisdiction',
      'stage',
      'priority',
      'grounds',
      'militaryStatus',
      'summonsKind',
      'authorityReferences',
      'openedOn',
      'teamId',
      'procedureTrack',
    ]);
    return transaction(this.dataSource, async (manager) => {
      const row = await first(
        manager,
        selectCases().where('c.id', '=', id).where(this.access.cases(actor, 'c')).forUpdate(),
      );
      if (!row) throw notFound('case');
      // The entity the save below diffs and writes (its version checked and bumped by TypeORM).
      const record = manager.getRepository(CaseEntity).create(row);
      assertVersion(record.version, dto.version);
      const {
        version: _v,
        stageReason,
        assignedToId,
        teamId,
        stage,
        outcome,
        moveTasks = true,
        claimSummary,
        serviceHistory,
        summonsDate,
        desertionDate,
        authorityReferences,
        ...fields
      } = dto;
      const fromStage = record.stage;
      const fromTeam = record.teamId;
      const fromAssignee = record.assignedToId;
      const fromOutcome = record.outcome;

      if (teamId !== undefined && teamId !== record.teamId) {
        if (actor.role !== 'admin')
          throw forbidden(
            'Only an administrator moves a case to another team',
            'case.move_admin_only',
          );
        if (!(await teamExists(manager, teamId)))
          throw badRequest('teamId: no such team', 'team.unknown');
        await this.moveWithCase(manager, actor, record, teamId);
        record.teamId = teamId;
        // The assignee belongs to the old team; the new team's supervisor assigns it.
        if (assignedToId === undefined) record.assignedToId = null;
      }
      if (assignedToId !== undefined && assignedToId !== record.assignedToId) {
        if (actor.role !== 'admin' && actor.role !== 'supervisor') {
          throw forbidden(
            'Only a supervisor of the team or an administrator reassigns a case',
            'case.reassign_forbidden',
          );
        }
        if (assignedToId) await this.checkAssignee(manager, record.teamId, assignedToId);
        record.assignedToId = assignedToId;
      }

      const nextOutcome = outcome === undefined ? record.outcome : outcome;
      if (stage !== undefined && stage !== record.stage) {
        const problem = checkStageChange(record.stage, stage, {
          reason: stageReason,
          outcome: nextOutcome,
        });
        if (problem)
          throw problem.field === 'outcome'
            ? badRequest(problem.message, 'case.close_needs_outcome', { field: problem.field })
            : badRequest(problem.message, 'case.stage_back_needs_reason', {
                field: problem.field,
                args: { from: record.stage, to: stage },
              });
        record.stage = stage;
        if (stage === 'closed') record.closedOn = today();
        else if (fromStage === 'closed') record.closedOn = null;
      } else if (record.stage === 'closed' && outcome === null) {
        throw badRequest('outcome: a closed case keeps its outcome', 'case.closed_keeps_outcome');
      }
      if (outcome !== undefined) record.outcome = outcome;
      if (fields.grounds) fields.grounds = [...new Set(fields.grounds)];
      if (fields.referralSource !== undefined)
        fields.referralSource = fields.referralSource?.trim() || null;

      const wasDerived = (serviceExplanation(record)?.code ?? 'service.given') !== 'service.given';
      checkServedDate(fields.decisionServedOn);
      const changed = applyChanges(record, fields as Partial<CaseEntity>);
      if (
        (changed.includes('decisionReceivedOn') ||
          changed.includes('serviceMethod') ||
          changed.includes('jurisdiction')) &&
        deriveServiceDate(record, fields, wasDerived)
      )
        changed.push('decisionServedOn');
      if (record.stage !== fromStage) changed.push('stage');
      if (record.outcome !== fromOutcome) changed.push('outcome');
      if (record.assignedToId !== fromAssignee) changed.push('assignedToId');
      if (record.teamId !== fromTeam) changed.push('teamId');
      changed.push(
        ...encryptCaseFields(
          record,
          { claimSummary, serviceHistory, summonsDate, desertionDate, authorityReferences },
          this.crypto,
        ),
      );
      const unique = [...new Set(changed)];
      if (unique.length === 0) return this.reload(manager, id);
      record.lastActivityAt = new Date();
      await manager.getRepository(CaseEntity).save(record);
      // The reason is free text: encrypted on its own row; the audit event only names the row.
      const stageChange =
        record.stage !== fromStage
          ? await this.recordStageChange(
              manager,
              actor,
              record.id,
              fromStage,
              record.stage,
              stageReason,
            )
          : null;
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'case',
        entityId: id,
        teamId: record.teamId,
        summary: `updated ${unique.join(', ')}`,
        details: {
          fields: unique,
          ...(stageChange
            ? { stage: { from: fromStage, to: record.stage, changeId: stageChange } }
            : {}),
        },
      });
      if (record.assignedToId !== fromAssignee) {
        // A move to another team has unassigned the tasks already (moveWithCase).
        const tasksMoved =
          moveTasks && record.teamId === fromTeam
            ? await moveOpenTasks(manager, id, fromAssignee, record.assignedToId)
            : 0;
        await this.audit.record(manager, actor, {
          action: 'reassign',
          entityType: 'case',
          entityId: id,
          teamId: record.teamId,
          summary: `reassigned case ${record.reference}`,
          details: { from: fromAssignee, to: record.assignedToId, tasksMoved },
        });
      }
      return this.reload(manager, id);
    });
  }

  /** Bulk reassignment from the list: all or nothing. */
  async reassign(actor: Actor, dto: ReassignCasesDto): Promise<{ data: CaseListItem[] }> {
    const ids = [...new Set(dto.caseIds)];
    return transaction(this.dataSource, async (manager) => {
      // One array parameter, locked in id order, so two reassignments never wait on each other's
      // cases crosswise; the kept deadline and document totals they then take case by case can
      // still meet (docs/decisions/0025: rare, answered 503 to retry).
      const found = await rows(
        manager,
        selectCases()
          .where('c.id', '=', (eb) => eb.fn.any(eb.val(ids)))
          .where(this.access.cases(actor, 'c'))
          .orderBy('c.id')
          .forUpdate(),
      );
      if (found.length !== ids.length) throw notFound('case');
      const records = found.map((row) => manager.getRepository(CaseEntity).create(row));
      for (const record of records) {
        if (record.assignedToId === dto.assignedToId) continue;
        await this.checkAssignee(manager, record.teamId, dto.assignedToId);
        const from = record.assignedToId;
        record.assignedToId = dto.assignedToId;
        record.lastActivityAt = new Date();
        await manager.getRepository(CaseEntity).save(record);
        const tasksMoved =
          (dto.moveTasks ?? true)
            ? await moveOpenTasks(manager, record.id, from, dto.assignedToId)
            : 0;
        await this.audit.record(manager, actor, {
          action: 'reassign',
          entityType: 'case',
          entityId: record.id,
          teamId: record.teamId,
          summary: `reassigned case ${record.reference}`,
          details: { from, to: dto.assignedToId, bulk: true, tasksMoved },
        });
      }
      const reassigned = await rows(
        manager,
        selectCasesWithClient()
          .where('c.id', '=', (eb) => eb.fn.any(eb.val(ids)))
          .orderBy('c.reference'),
      );
      return { data: reassigned.map((row) => toCaseListItem(withClient(row))) };
    });
  }

  /** One change of stage, with its reason encrypted, in the caller's transaction; returns its id. */
  private async recordStageChange(
    manager: EntityManager,
    actor: Actor,
    caseId: string,
    from: Stage,
    to: Stage,
    reason: string | null | undefined,
  ): Promise<string> {
    const id = randomUUID();
    await exec(
      manager,
      db.insertInto('case_stage_change').values({
        id,
        case_id: caseId,
        from_stage: from,
        to_stage: to,
        reason: this.crypto.encrypt(reason?.trim() || null, caseStageChangeContext(id)),
        changed_by_id: actor.id,
      }),
    );
    return id;
  }

  /**
   * The audit trail of one case and its client, for the case page's history tab, as the caller may
   * see it (AuditService.caseHistory): with the reasons of stage changes, decrypted.
   */
  async history(
    actor: Actor,
    id: string,
    query: Record<string, unknown>,
  ): Promise<ListResponse<CaseHistoryEvent>> {
    const visible = await this.access.visibleCaseRow(actor, this.dataSource, id);
    // The trail of a case tells what was done to it and its client: a read of the case, recorded by the same statement.
    return this.audit.caseHistory(actor, visible, query, (changeId, stored) =>
      this.crypto.decrypt(stored, caseStageChangeContext(changeId)),
    );
  }
}

/**
 * The previous caseworker's open work on a case follows it to the new one (issue 25): their open
 * and in-progress tasks of the case. Tasks in review stay with who submitted them (the review is of
 * their work); the team queue's (no assignee) stay in the queue. Returns how many moved.
 */
async function moveOpenTasks(
  manager: EntityManager,
  caseId: string,
  from: string | null,
  to: string | null,
): Promise<number> {
  if (!from || from === to) return 0;
  const moved = await rows(
    manager,
    db
      .updateTable('task')
      .set((eb) => ({
        assignee_id: to,
        updated_at: sql<Date>`now()`,
        version: eb('version', '+', 1),
      }))
      .where('case_id', '=', caseId)
      .where('assignee_id', '=', from)
      .where('status', 'in', ['open', 'in_progress'])
      .returning('id'),
  );
  return moved.length;
}
