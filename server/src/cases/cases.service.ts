import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CASE_TYPES,
  GROUNDS,
  MILITARY_STATUSES,
  OUTCOMES,
  PRIORITIES,
  STAGES,
  checkStageChange,
  type CaseHistoryEvent,
  type CaseListItem,
  type CaseResponse,
  type ListResponse,
  type Stage,
} from '@haven/shared';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService, filedUnder, type AuditInput } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { badRequest, notFound } from '../common/errors.js';
import {
  listStatement,
  pageCountAndAudit,
  parseListQuery,
  positional,
  type ListSpec,
} from '../common/list-query.js';
import { entityColumns } from '../database/entity-columns.js';
import { insertEntity } from '../database/insert-entity.js';
import { runStatement, type Statement } from '../database/prepared.js';
import { applyChanges, assertVersion } from '../common/versioning.js';
import { rejectNulls } from '../common/validators.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../encryption/field-encryption.js';
import { TeamEntity } from '../teams/team.entity.js';
import type { CreateCaseDto, IntakeCaseDto, ReassignCasesDto, UpdateCaseDto } from './case.dto.js';
import { CaseEntity } from './case.entity.js';
import { caseStageChangeContext } from './case-stage-change.entity.js';
import {
  caseListItemFromRow,
  encryptCaseFields,
  toCaseListItem,
  toCaseResponse,
  type CaseListRow,
} from './case.mapper.js';
import { nextReference } from './references.js';
import { transaction } from '../database/transaction.js';

/** The case list's dialect, over column names (the list runs as one hand-written statement). */
export const CASE_LIST: ListSpec = {
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
    assigned: { column: '(c.assigned_to_id IS NOT NULL)', type: 'boolean' },
    teamId: { column: 'c.team_id', type: 'uuid' },
    clientId: { column: 'c.client_id', type: 'uuid' },
    grounds: { column: 'c.grounds', type: 'enum', values: GROUNDS, array: true },
    nationality: { column: 'cl.nationality', type: 'string' },
    nextDeadlineOn: { column: 'c.next_deadline_on', type: 'date', range: true },
    openedOn: { column: 'c.opened_on', type: 'date', range: true },
    closedOn: { column: 'c.closed_on', type: 'date', range: true },
    lastActivityAt: { column: 'c.last_activity_at', type: 'instant', range: true },
  },
  // What `q` matches; the list answers it through case_search (the same expressions, indexed together).
  search: [
    'c.reference',
    `(cl.given_name || ' ' || cl.family_name || ' ' || cl.reference)`,
    'cl.native_name',
  ],
  tieBreaker: 'c.id',
};

/** What a list row (caseListItemFromRow) reads: the encrypted narratives and the rest stay in the table. */
const LIST_SOURCE = {
  from: 'legal_case c LEFT JOIN client cl ON cl.id = c.client_id',
  columns: `c.id, c.reference, c.client_id AS "clientId", cl.given_name AS "givenName", cl.family_name AS "familyName",
    c.case_type AS "caseType", c.jurisdiction, c.stage, c.outcome, c.priority, c.assigned_to_id AS "assignedToId",
    c.team_id AS "teamId", c.grounds, c.military_status AS "militaryStatus", c.opened_on::text AS "openedOn",
    c.closed_on::text AS "closedOn", c.next_deadline_on::text AS "nextDeadlineOn", c.last_activity_at AS "lastActivityAt",
    c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.version`,
};

const today = () => new Date().toISOString().slice(0, 10);

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: Record<string, unknown>): Promise<ListResponse<CaseListItem>> {
    const { rows, total } = await pageCountAndAudit<CaseListRow>(
      this.dataSource,
      this.listStatement(actor, query),
    );
    return { data: rows.map(caseListItemFromRow), total };
  }

  /** The statement `list` runs: the page, its total and the list-read audit event. */
  listStatement(actor: Actor, query: Record<string, unknown>): Statement {
    const parsed = parseListQuery(query, CASE_LIST);
    const scope = this.access.caseCondition(actor, 'c');
    // The same expressions as CASE_LIST.search, within the caller's scope.
    const search = parsed.search
      ? this.access.searchWithinScope(
          actor,
          { column: 'c.id', via: 'case_id' },
          ['case_reference', 'client_text', 'native_name'],
          parsed.search.pattern,
        )
      : undefined;
    return listStatement(
      {
        ...LIST_SOURCE,
        where: scope.sql === 'true' ? [] : [scope],
        search,
        generic: scope.sql !== 'true',
      },
      parsed,
      this.audit.listReadInsert(actor, 'case', query),
    );
  }

  /** A case, read and audited in one prepared statement (the case page opens with it). */
  async get(actor: Actor, id: string): Promise<CaseResponse> {
    const [row] = await runStatement<
      CaseEntity & { clientGivenName: string | null; clientFamilyName: string | null }
    >(this.dataSource, this.getStatement(actor, id));
    if (!row) throw notFound('case');
    const client =
      row.clientGivenName === null
        ? null
        : { givenName: row.clientGivenName, familyName: row.clientFamilyName ?? '' };
    return toCaseResponse(Object.assign(row, { client }), this.crypto);
  }

  /** The statement `get` runs: the case and the audit event of its read (none when not visible). */
  getStatement(actor: Actor, id: string): Statement {
    const scope = this.access.caseCondition(actor, 'c');
    const values: unknown[] = [id];
    const visible = scope.sql === 'true' ? '' : ` AND ${positional(scope, values)}`;
    const audit = this.audit.readInsert(actor, 'case', {
      from: 'found',
      id: 'found.id',
      teamId: 'found."teamId"',
      summary: `'read case ' || found.reference`,
    })(values);
    return {
      text: `WITH found AS (
         SELECT ${entityColumns(this.dataSource, CaseEntity, 'c')}, cl.given_name AS "clientGivenName", cl.family_name AS "clientFamilyName"
           FROM legal_case c LEFT JOIN client cl ON cl.id = c.client_id WHERE c.id = $1${visible}
       ), audit AS (${audit})
       SELECT * FROM found`,
      values,
      plan: 'prepared',
    };
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
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM app_user WHERE id = $1 AND team_id = $2 AND role = 'caseworker' AND active FOR SHARE`,
      [userId, teamId],
    );
    if (rows.length === 0)
      throw badRequest('assignedToId: must be an active caseworker of the case’s team');
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
    const [tasks] = await manager.query<
      [
        { id: string; status: string; fromAssignee: string | null; toAssignee: string | null }[],
        number,
      ]
    >(
      `WITH old AS (SELECT id, assignee_id FROM task WHERE case_id = $1 ORDER BY id FOR UPDATE)
       UPDATE task t SET team_id = $2, assignee_id = CASE WHEN t.status = 'done' THEN t.assignee_id END, version = t.version + 1, updated_at = now()
         FROM old WHERE t.id = old.id
       RETURNING t.id, t.status, old.assignee_id AS "fromAssignee", t.assignee_id AS "toAssignee"`,
      [record.id, toTeam],
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
          throw badRequest('assignedToId: a caseworker’s new case is assigned to them');
        if (dto.teamId && dto.teamId !== actor.teamId)
          throw badRequest('teamId: a caseworker’s new case belongs to their team');
        if (!actor.teamId) throw badRequest('teamId: your account belongs to no team');
        teamId = actor.teamId;
        assignedToId = actor.id;
        break;
      case 'supervisor':
        if (dto.teamId && dto.teamId !== actor.teamId)
          throw badRequest('teamId: a supervisor’s new case belongs to their team');
        if (!actor.teamId) throw badRequest('teamId: your account belongs to no team');
        teamId = actor.teamId;
        assignedToId = dto.assignedToId ?? null;
        break;
      case 'admin':
        if (!dto.teamId) throw badRequest('teamId: required when an administrator opens a case');
        if (!(await manager.getRepository(TeamEntity).existsBy({ id: dto.teamId })))
          throw badRequest('teamId: no such team');
        teamId = dto.teamId;
        assignedToId = dto.assignedToId ?? null;
        break;
      case 'analyst':
        throw new ForbiddenException('Analysts do not open cases');
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
      summonsDate: dto.summonsDate ?? null,
      desertionDate: dto.desertionDate ?? null,
      referralSource: dto.referralSource?.trim() || null,
      authorityReferences: dto.authorityReferences ?? [],
      decisionServedOn: dto.decisionServedOn ?? null,
      openedOn: dto.openedOn ?? today(),
      closedOn: null,
      nextDeadlineOn: null,
      claimSummary: null,
      serviceHistory: null,
    });
    encryptCaseFields(
      record,
      { claimSummary: dto.claimSummary, serviceHistory: dto.serviceHistory },
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
      const client = await this.access
        .scopeClients(
          actor,
          manager
            .createQueryBuilder()
            .select('cl.id', 'id')
            .from('client', 'cl')
            .where('cl.id = :id', { id: dto.clientId }),
          'cl',
        )
        .getRawOne<{ id: string }>();
      if (!client) throw notFound('client');
      const saved = await this.createInTransaction(manager, actor, dto.clientId, dto);
      return this.reload(manager, saved.id);
    });
  }

  private async reload(manager: EntityManager, id: string): Promise<CaseResponse> {
    const record = await manager
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .leftJoin('c.client', 'cl')
      .addSelect(['cl.id', 'cl.givenName', 'cl.familyName'])
      .where('c.id = :id', { id })
      .getOneOrFail();
    return toCaseResponse(record, this.crypto);
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
    ]);
    return transaction(this.dataSource, async (manager) => {
      const record = await this.access
        .scopeCases(actor, manager.getRepository(CaseEntity).createQueryBuilder('c'), 'c')
        .andWhere('c.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      if (!record) throw notFound('case');
      assertVersion(record.version, dto.version);
      const {
        version: _v,
        stageReason,
        assignedToId,
        teamId,
        stage,
        outcome,
        claimSummary,
        serviceHistory,
        ...fields
      } = dto;
      const fromStage = record.stage;
      const fromAssignee = record.assignedToId;
      const fromOutcome = record.outcome;

      if (teamId !== undefined && teamId !== record.teamId) {
        if (actor.role !== 'admin')
          throw new ForbiddenException('Only an administrator moves a case to another team');
        if (!(await manager.getRepository(TeamEntity).existsBy({ id: teamId })))
          throw badRequest('teamId: no such team');
        await this.moveWithCase(manager, actor, record, teamId);
        record.teamId = teamId;
        // The assignee belongs to the old team; the new team's supervisor assigns it.
        if (assignedToId === undefined) record.assignedToId = null;
      }
      if (assignedToId !== undefined && assignedToId !== record.assignedToId) {
        if (actor.role !== 'admin' && actor.role !== 'supervisor') {
          throw new ForbiddenException(
            'Only a supervisor of the team or an administrator reassigns a case',
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
        if (problem) throw badRequest(problem.message);
        record.stage = stage;
        if (stage === 'closed') record.closedOn = today();
        else if (fromStage === 'closed') record.closedOn = null;
      } else if (record.stage === 'closed' && outcome === null) {
        throw badRequest('outcome: a closed case keeps its outcome');
      }
      if (outcome !== undefined) record.outcome = outcome;
      if (fields.grounds) fields.grounds = [...new Set(fields.grounds)];
      if (fields.referralSource !== undefined)
        fields.referralSource = fields.referralSource?.trim() || null;

      const changed = applyChanges(record, fields as Partial<CaseEntity>);
      if (record.stage !== fromStage) changed.push('stage');
      if (record.outcome !== fromOutcome) changed.push('outcome');
      if (record.assignedToId !== fromAssignee) changed.push('assignedToId');
      if (teamId !== undefined && record.teamId !== teamId) changed.push('teamId');
      changed.push(...encryptCaseFields(record, { claimSummary, serviceHistory }, this.crypto));
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
        await this.audit.record(manager, actor, {
          action: 'reassign',
          entityType: 'case',
          entityId: id,
          teamId: record.teamId,
          summary: `reassigned case ${record.reference}`,
          details: { from: fromAssignee, to: record.assignedToId },
        });
      }
      return this.reload(manager, id);
    });
  }

  /** Bulk reassignment from the list: all or nothing. */
  async reassign(actor: Actor, dto: ReassignCasesDto): Promise<{ data: CaseListItem[] }> {
    const ids = [...new Set(dto.caseIds)];
    return transaction(this.dataSource, async (manager) => {
      const records = await this.access
        .scopeCases(actor, manager.getRepository(CaseEntity).createQueryBuilder('c'), 'c')
        .andWhere('c.id IN (:...ids)', { ids })
        .orderBy('c.id')
        .setLock('pessimistic_write')
        .getMany();
      if (records.length !== ids.length) throw notFound('case');
      for (const record of records) {
        if (record.assignedToId === dto.assignedToId) continue;
        await this.checkAssignee(manager, record.teamId, dto.assignedToId);
        const from = record.assignedToId;
        record.assignedToId = dto.assignedToId;
        record.lastActivityAt = new Date();
        await manager.getRepository(CaseEntity).save(record);
        await this.audit.record(manager, actor, {
          action: 'reassign',
          entityType: 'case',
          entityId: record.id,
          teamId: record.teamId,
          summary: `reassigned case ${record.reference}`,
          details: { from, to: dto.assignedToId, bulk: true },
        });
      }
      const rows = await manager
        .getRepository(CaseEntity)
        .createQueryBuilder('c')
        .leftJoin('c.client', 'cl')
        .addSelect(['cl.id', 'cl.givenName', 'cl.familyName'])
        .where('c.id IN (:...ids)', { ids })
        .orderBy('c.reference')
        .getMany();
      return { data: rows.map(toCaseListItem) };
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
    await manager.query(
      `INSERT INTO case_stage_change (id, case_id, from_stage, to_stage, reason, changed_by_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        id,
        caseId,
        from,
        to,
        this.crypto.encrypt(reason?.trim() || null, caseStageChangeContext(id)),
        actor.id,
      ],
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
    const visible = await this.access.visibleCase(actor, this.dataSource.manager, id);
    // The trail of a case tells what was done to it and its client: a read of the case, recorded by the same statement.
    return this.audit.caseHistory(actor, visible, query, (changeId, stored) =>
      this.crypto.decrypt(stored, caseStageChangeContext(changeId)),
    );
  }
}
