import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  RETENTION_RUN_MODES,
  RETENTION_RUN_TRIGGERS,
  type CaseResponse,
  type ListResponse,
  type RetentionApplyResponse,
  type RetentionPlan,
  type RetentionPolicy,
  type RetentionRun,
} from '@haven/shared';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import { selectCasesWithClient, toCaseResponse, withClient } from '../cases/case.mapper.js';
import type { Actor } from '../common/actor.js';
import { badRequest, conflict, notFound } from '../common/errors.js';
import { todayUtc } from './legal-hold.js';
import {
  listStatement,
  pageCountAndAudit,
  parseListQuery,
  type ListSpec,
} from '../common/list-query.js';
import { db, exec, first, rows, type On } from '../database/sql.js';
import { transaction } from '../database/transaction.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../encryption/field-encryption.js';
import { AnonymiseService } from './anonymise.service.js';
import { legalHoldContext } from './legal-hold.js';
import type { LegalHoldInputDto, RetentionPolicyDto } from './retention.dto.js';
import { dueCaseIds, retentionPlanStatement, toPlan } from './retention.queries.js';

/** Serialises nightly runs across instances (pg_advisory_xact_lock key). */
const NIGHTLY_LOCK = 7_271_024;

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
/** A code ISO 3166-1 assigns (Intl knows it), not merely two capital letters. */
function knownCountry(code: string): boolean {
  try {
    return regionNames.of(code) !== undefined;
  } catch {
    return false;
  }
}

const runListBase = () =>
  db
    .selectFrom('retention_run as r')
    .select([
      'r.id',
      'r.at',
      'r.actor_id as actorId',
      'r.mode',
      'r.trigger',
      'r.case_count as caseCount',
      'r.client_count as clientCount',
      'r.staying_count as stayingCount',
      'r.held_count as heldCount',
      'r.case_ids as caseIds',
      'r.client_ids as clientIds',
    ]);

export const RUN_LIST: ListSpec<ReturnType<typeof runListBase>> = {
  sortable: { at: 'r.at' },
  defaultSort: { field: 'at', order: 'DESC' },
  filters: {
    mode: { column: 'r.mode', type: 'enum', values: RETENTION_RUN_MODES },
    trigger: { column: 'r.trigger', type: 'enum', values: RETENTION_RUN_TRIGGERS },
    actorId: { column: 'r.actor_id', type: 'uuid' },
  },
  tieBreaker: 'r.id',
};

@Injectable()
export class RetentionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly anonymiser: AnonymiseService,
  ) {}

  // ---- Legal hold ------------------------------------------------------------------------------

  /** Sets (or replaces) a case's legal hold: supervisors within their team, admins any. */
  setHold(actor: Actor, caseId: string, dto: LegalHoldInputDto): Promise<CaseResponse> {
    const reason = dto.reason.trim();
    if (!reason) throw badRequest('reason: required', 'required');
    // A last day already past would show a hold that protects nothing.
    if (dto.until && dto.until < todayUtc())
      throw badRequest('until: must be today or later', 'validation.too_small', {
        args: { min: todayUtc() },
      });
    return transaction(this.dataSource, async (manager) => {
      const visible = await this.access.visibleCaseRow(actor, manager, caseId, { lock: true });
      await exec(
        manager,
        db
          .updateTable('legal_case')
          .set({
            legal_hold_reason: this.crypto.encrypt(reason, legalHoldContext(caseId)),
            legal_hold_until: dto.until ?? null,
            legal_hold_set_at: sql`now()`,
            legal_hold_set_by_id: actor.id,
            updated_at: sql`now()`,
            version: sql`version + 1`,
          })
          .where('id', '=', caseId),
      );
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'case',
        entityId: caseId,
        teamId: visible.teamId,
        summary: 'set a legal hold',
        details: { fields: ['legalHold'], legalHold: 'set', until: dto.until ?? null },
      });
      return this.caseOf(manager, caseId);
    });
  }

  /** Clears a case's legal hold (nothing to clear: the case as it is). */
  clearHold(actor: Actor, caseId: string): Promise<CaseResponse> {
    return transaction(this.dataSource, async (manager) => {
      const visible = await this.access.visibleCaseRow(actor, manager, caseId, { lock: true });
      const cleared = await rows(
        manager,
        db
          .updateTable('legal_case')
          .set({
            legal_hold_reason: null,
            legal_hold_until: null,
            legal_hold_set_at: null,
            legal_hold_set_by_id: null,
            updated_at: sql`now()`,
            version: sql`version + 1`,
          })
          .where('id', '=', caseId)
          .where('legal_hold_set_at', 'is not', null)
          .returning('id'),
      );
      if (cleared.length)
        await this.audit.record(manager, actor, {
          action: 'update',
          entityType: 'case',
          entityId: caseId,
          teamId: visible.teamId,
          summary: 'cleared the legal hold',
          details: { fields: ['legalHold'], legalHold: 'cleared' },
        });
      return this.caseOf(manager, caseId);
    });
  }

  private async caseOf(manager: EntityManager, caseId: string): Promise<CaseResponse> {
    const row = await first(manager, selectCasesWithClient().where('c.id', '=', caseId));
    if (!row) throw notFound('case');
    return toCaseResponse(withClient(row), this.crypto);
  }

  // ---- Policies --------------------------------------------------------------------------------

  async policies(actor: Actor): Promise<{ data: RetentionPolicy[] }> {
    const data = await this.readPolicies(this.dataSource);
    await this.audit.recordNow(actor, {
      action: 'read',
      entityType: 'retention_policy',
      summary: `listed ${data.length} retention policies`,
      details: { count: data.length },
    });
    return { data };
  }

  private async readPolicies(on: On): Promise<RetentionPolicy[]> {
    const found = await rows(
      on,
      db
        .selectFrom('retention_policy')
        .select([
          'jurisdiction',
          'case_type as caseType',
          'years',
          'from_year_end as fromYearEnd',
          'legal_basis as legalBasis',
        ])
        .orderBy(sql`jurisdiction IS NULL`)
        .orderBy('jurisdiction')
        .orderBy(sql`case_type IS NULL`)
        .orderBy('case_type'),
    );
    return found.map((row) => ({ ...row, jurisdiction: row.jurisdiction ?? null }));
  }

  /** Replaces the whole set of policies, in one transaction. */
  async putPolicies(
    actor: Actor,
    policies: RetentionPolicyDto[],
  ): Promise<{ data: RetentionPolicy[] }> {
    const seen = new Map<string, number>();
    policies.forEach((policy, index) => {
      if (policy.jurisdiction !== null && !knownCountry(policy.jurisdiction))
        throw badRequest(
          `policies.${index}.jurisdiction: ${policy.jurisdiction} is not an ISO 3166-1 country code`,
          'retention.unknown_jurisdiction',
        );
      const key = `${policy.jurisdiction ?? '*'}|${policy.caseType ?? '*'}`;
      if (seen.has(key))
        throw badRequest(
          `policies.${index}: the same jurisdiction and case type as policies.${seen.get(key)}`,
          'retention.policy_duplicate',
          { field: `policies.${index}` },
        );
      seen.set(key, index);
    });
    return transaction(this.dataSource, async (manager) => {
      await exec(manager, db.deleteFrom('retention_policy'));
      if (policies.length)
        await exec(
          manager,
          db.insertInto('retention_policy').values(
            policies.map((policy) => ({
              jurisdiction: policy.jurisdiction,
              case_type: policy.caseType,
              years: policy.years,
              from_year_end: policy.fromYearEnd ?? false,
              legal_basis: policy.legalBasis?.trim() || null,
            })),
          ),
        );
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'retention_policy',
        summary: `set ${policies.length} retention policies`,
        details: {
          count: policies.length,
          policies: policies.map((p) => ({
            jurisdiction: p.jurisdiction,
            caseType: p.caseType,
            years: p.years,
            fromYearEnd: p.fromYearEnd ?? false,
          })),
        },
      });
      return { data: await this.readPolicies(manager) };
    });
  }

  // ---- The plan --------------------------------------------------------------------------------

  async plan(on: On, caseIds: string[] | null = null): Promise<RetentionPlan> {
    const row = await first(on, retentionPlanStatement(caseIds), { plan: 'unnamed' });
    return toPlan(row!.plan);
  }

  /** The dry run: what retention would take today, recorded as a run and audited. */
  async due(actor: Actor): Promise<RetentionPlan> {
    return transaction(this.dataSource, async (manager) => {
      const plan = await this.plan(manager);
      const runId = await this.recordRun(manager, actor.id, 'dry_run', 'manual', plan);
      await this.audit.record(manager, actor, {
        action: 'read',
        entityType: 'retention_run',
        entityId: runId,
        summary: `retention dry run: ${plan.counts.cases} cases of ${plan.counts.clients} clients due`,
        details: { ...plan.counts, runId },
      });
      return plan;
    });
  }

  /**
   * Applies retention to the named due cases: their clients who go are anonymised (with every case
   * of theirs), exactly as the dry run for those ids shows; a client who stays is left as it is. An
   * id that does not exist is a 404; one that is no longer due a 409 naming it; nothing is applied.
   */
  async apply(actor: Actor, caseIds: string[]): Promise<RetentionApplyResponse> {
    const ids = [...new Set(caseIds.map((id) => id.toLowerCase()))];
    const { result, erased } = await transaction(this.dataSource, async (manager) => {
      const existing = await rows(
        manager,
        db
          .selectFrom('legal_case as c')
          .select(['c.id', 'c.client_id as clientId'])
          .where('c.id', 'in', ids)
          .where(this.access.cases(actor, 'c')),
      );
      if (existing.length !== ids.length) throw notFound('case');
      // The clients first, then their cases (as the anonymisation and a hold take them): a hold
      // set meanwhile either waits for this run or is seen by the plan below.
      const clientIds = [...new Set(existing.map((row) => row.clientId))].sort();
      await this.anonymiser.lockClients(manager, clientIds);
      const plan = await this.plan(manager, ids);
      const due = dueCaseIds(plan);
      const notDue = ids.filter((id) => !due.has(id));
      if (notDue.length)
        throw conflict(
          `caseIds: no longer due for retention: ${notDue.join(', ')}`,
          'retention.not_due',
          { field: 'caseIds', args: { ids: notDue.join(', ') } },
        );
      const erasedFiles: { id: string; storage: string }[] = [];
      for (const client of plan.going)
        erasedFiles.push(...(await this.anonymiser.erase(manager, actor, client.id, 'retention')));
      const runId = await this.recordRun(manager, actor.id, 'applied', 'manual', plan);
      await this.audit.record(manager, actor, {
        action: 'delete',
        entityType: 'retention_run',
        entityId: runId,
        summary: `retention applied: ${plan.counts.clients} clients anonymised (${plan.counts.cases} cases)`,
        details: {
          ...plan.counts,
          runId,
          caseIds: plan.going.flatMap((client) => client.cases.map((c) => c.id)),
          clientIds: plan.going.map((client) => client.id),
        },
      });
      return { result: { ...plan, runId }, erased: erasedFiles };
    });
    await this.anonymiser.deleteFiles(erased);
    return result;
  }

  private async recordRun(
    manager: EntityManager,
    actorId: string | null,
    mode: RetentionRun['mode'],
    trigger: RetentionRun['trigger'],
    plan: RetentionPlan,
  ): Promise<string> {
    const [row] = await rows(
      manager,
      db
        .insertInto('retention_run')
        .values({
          actor_id: actorId,
          mode,
          trigger,
          case_count: plan.counts.cases,
          client_count: plan.counts.clients,
          staying_count: plan.counts.staying,
          held_count: plan.counts.held,
          case_ids: plan.going.flatMap((client) => client.cases.map((c) => c.id)),
          client_ids: plan.going.map((client) => client.id),
        })
        .returning('id'),
    );
    return row.id;
  }

  async runs(actor: Actor, query: Record<string, unknown>): Promise<ListResponse<RetentionRun>> {
    const parsed = parseListQuery(query, RUN_LIST);
    const { rows: found, total } = await pageCountAndAudit(
      this.dataSource,
      listStatement(runListBase(), parsed, {
        audit: this.audit.listReadInsert(actor, 'retention_run', query),
      }),
    );
    return {
      data: found.map((row) => ({
        ...row,
        at: new Date(row.at).toISOString(),
        mode: row.mode as RetentionRun['mode'],
        trigger: row.trigger as RetentionRun['trigger'],
      })),
      total,
    };
  }

  /**
   * The nightly job: once a day (whichever instance comes first), lists what is due and records
   * it as a dry run. Applies nothing: an admin approves on the retention page. Returns the plan's
   * counts, or null when today's run exists already.
   */
  async nightly(): Promise<RetentionPlan['counts'] | null> {
    return transaction(this.dataSource, async (manager) => {
      await exec(manager, sql`SELECT pg_advisory_xact_lock(${NIGHTLY_LOCK})`);
      const done = await first(
        manager,
        db
          .selectFrom('retention_run')
          .select('id')
          .where('trigger', '=', 'nightly')
          .where(sql<boolean>`at >= date_trunc('day', now())`),
      );
      if (done) return null;
      const plan = await this.plan(manager);
      const runId = await this.recordRun(manager, null, 'dry_run', 'nightly', plan);
      await this.audit.record(manager, null, {
        action: 'read',
        entityType: 'retention_run',
        entityId: runId,
        summary: `nightly retention dry run: ${plan.counts.cases} cases of ${plan.counts.clients} clients due`,
        details: { ...plan.counts, runId },
      });
      return plan.counts;
    });
  }
}
