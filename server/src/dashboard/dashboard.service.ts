import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CASE_AGE_BUCKETS,
  type AdminDashboard,
  type AdminFigures,
  type AnalystDashboard,
  type CaseloadListItem,
  type CaseloadRow,
  type CaseworkerDashboard,
  type ListResponse,
  type SupervisorDashboard,
  type TeamFigures,
} from '@haven/shared';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import type { Actor } from '../common/actor.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { logger } from '../common/logger.js';
import { badRequest, notFound } from '../common/errors.js';
import { parseListQuery } from '../common/list-query.js';
import { isUuid } from '../common/validators.js';
import type { Statement } from '../database/prepared.js';
import { runStatement } from '../database/sql.js';
import { dataRequestFigures } from '../data-requests/data-requests.dashboard.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../encryption/field-encryption.js';
import { deadlineContext } from '../deadlines/deadline.entity.js';
import { taskContext } from '../tasks/task.entity.js';
import type { On } from '../database/sql.js';
import {
  adminFigures,
  CASELOAD_LIST,
  caseloadStatement,
  caseworkerFigures,
  NO_TEAM,
  teamFigures,
} from './dashboard.queries.js';

/** The admin's view of all teams, kept as a snapshot. */
type AllTeamsView = Omit<AdminDashboard, 'role' | 'computedAt' | keyof AdminFigures>;

/**
 * The supervisor's figures of their team (its caseload a row per caseworker), or the admin's of all
 * teams (the load a row per team, the most loaded first: `caseloadByTeam`).
 */
async function teamView(on: On, access: AccessService, crypto: FieldEncryption, actor: Actor) {
  const [team, dataRequests] = await Promise.all([
    teamFigures(on, access, actor),
    dataRequestFigures(on, access, actor),
  ]);
  // The few titles listed are decrypted per row (the counting is the database's).
  for (const item of team.atRisk)
    item.title = crypto.decrypt(item.title, deadlineContext(item.id)) ?? '';
  for (const item of team.review)
    item.title = crypto.decrypt(item.title, taskContext('title', item.id)) ?? '';
  const figures: Omit<TeamFigures, 'teamId'> = {
    casesByStage: team.stages,
    casesByAge: CASE_AGE_BUCKETS.map((bucket) => ({
      bucket,
      count: team.byAge.find((b) => b.bucket === bucket)?.count ?? 0,
    })),
    deadlinesAtRisk: {
      next7Days: team.counts.atRisk,
      overdue: team.counts.overdue,
      items: team.atRisk,
    },
    reviewQueue: { count: team.counts.review, items: team.review },
    overdueTasks: team.counts.overdueTasks,
    unassignedIntake: { count: team.counts.unassigned, items: team.unassigned },
    dataRequests,
  };
  return { caseload: team.caseload, teamLoad: team.teamLoad, figures };
}

interface Snapshot {
  computedAt: Date;
  view: AllTeamsView;
  /** The view serialised once, when counted, not on every request. */
  json: string;
}

/** A JSON answer already serialised (the controller sends it as it is). */
export class SerialisedJson {
  constructor(readonly text: string) {}
}

/**
 * The statement of `GET /api/caseload` for this caller (`DashboardService.caseload` runs it; the
 * benchmark too): its query validated, its team decided — a supervisor's own (`teamId` may name only
 * it), the one an admin names (required). A team the caller may not see is a 404 here; one that does
 * not exist, a 404 from the statement's `team_exists`.
 */
export function caseloadRequest(actor: Actor, query: Record<string, unknown>): Statement {
  const list = parseListQuery(query, CASELOAD_LIST, ['teamId']);
  const asked = query.teamId;
  if (asked !== undefined && (typeof asked !== 'string' || !isUuid(asked)))
    throw badRequest('teamId: must be one UUID', 'query.uuid');
  if (actor.role === 'admin') {
    if (asked === undefined)
      throw badRequest(
        'teamId: required (a caseload is one team’s; choose the team)',
        'caseload.team_required',
      );
    return caseloadStatement(asked, list);
  }
  if (!actor.teamId || (asked !== undefined && asked !== actor.teamId)) throw notFound('team');
  return caseloadStatement(actor.teamId, list);
}

/**
 * Dashboards by role. A caseworker's and a supervisor's figures are counted on every request (a
 * person or a team: indexed, small). The admin's view across all teams counts every case, so it is
 * kept as a snapshot at most `dashboardMaxAgeSeconds` old: refreshed in the background while admins
 * look at it, computed on the spot when older (or when asked with `fresh`), and dated in the answer.
 */
@Injectable()
export class DashboardService implements OnModuleDestroy {
  private snapshot: Snapshot | null = null;
  private refreshing: Promise<Snapshot> | null = null;
  private lastAskedAt = 0;
  /** The admin who last asked: the background refresh counts what they may see. */
  private lastAdmin: Actor | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    @Inject(HAVEN_CONFIG) private readonly config: HavenConfig,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
  ) {}

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async get(
    actor: Actor,
    options: { fresh?: boolean } = {},
  ): Promise<CaseworkerDashboard | SupervisorDashboard | AnalystDashboard | SerialisedJson> {
    switch (actor.role) {
      case 'caseworker': {
        const figures = await caseworkerFigures(this.dataSource, this.access, actor);
        for (const item of figures.deadlines)
          item.title = this.crypto.decrypt(item.title, deadlineContext(item.id)) ?? '';
        return {
          role: actor.role,
          openCasesByStage: figures.stages,
          deadlines: {
            overdue: figures.counts.overdue,
            next14Days: figures.counts.next14,
            items: figures.deadlines,
          },
          myTasksByStatus: figures.tasks,
          overdueTasks: figures.overdueTasks,
          inactiveCases: { count: figures.counts.inactive, days: 30, items: figures.inactive },
        };
      }
      case 'supervisor': {
        const { caseload, figures } = await teamView(
          this.dataSource,
          this.access,
          this.crypto,
          actor,
        );
        return {
          role: actor.role,
          computedAt: new Date().toISOString(),
          // A supervisor without a team sees the figures of no team, never of all.
          teamId: actor.teamId ?? NO_TEAM,
          caseload: caseload ?? [],
          ...figures,
        };
      }
      case 'admin': {
        // { role, computedAt, ...the snapshot's view, ...accounts and recent audit }, without
        // serialising the snapshot again on every request.
        const [snapshot, admin] = await Promise.all([
          this.allTeams(actor, options.fresh === true),
          adminFigures(this.dataSource),
        ]);
        const head = JSON.stringify({
          role: actor.role,
          computedAt: snapshot.computedAt.toISOString(),
        } satisfies Pick<AdminDashboard, 'role' | 'computedAt'>);
        return new SerialisedJson(
          `${head.slice(0, -1)},${snapshot.json.slice(1, -1)},${JSON.stringify(admin).slice(1)}`,
        );
      }
      case 'analyst':
        // Analysts never see a person or a case: their figures are the anonymised statistics.
        return {
          role: actor.role,
          statistics: { aggregate: '/api/stats/aggregate', microdata: '/api/stats/microdata' },
        };
      default: {
        const exhaustive: never = actor.role;
        return exhaustive;
      }
    }
  }

  /**
   * A page of one team's caseload (`GET /api/caseload`): a supervisor's own team (`teamId` may
   * name only it), any team an admin names. A team the caller may not see, or none, is a 404.
   */
  async caseload(
    actor: Actor,
    query: Record<string, unknown>,
  ): Promise<ListResponse<CaseloadListItem>> {
    const rows = await runStatement<
      CaseloadRow & {
        id: string;
        list_total: number;
        team_exists: boolean;
        list_position: string | null;
      }
    >(this.dataSource, caseloadRequest(actor, query));
    if (!rows[0]?.team_exists) throw notFound('team');
    const data =
      rows[0].list_position === null
        ? []
        : rows.map(({ list_total: _t, team_exists: _e, list_position: _p, ...row }) => row);
    return { data, total: rows[0].list_total };
  }

  /** The all-teams view (an admin's: every admin sees every team, so they share it). */
  private allTeams(admin: Actor, fresh: boolean): Promise<Snapshot> {
    this.lastAskedAt = Date.now();
    const maxAgeMs = this.config.dashboardMaxAgeSeconds * 1000;
    if (!fresh && this.snapshot && Date.now() - this.snapshot.computedAt.getTime() < maxAgeMs)
      return Promise.resolve(this.snapshot);
    this.startBackgroundRefresh();
    return this.refresh(admin);
  }

  /** One computation at a time: concurrent requests for a stale snapshot share it. */
  private refresh(admin: Actor): Promise<Snapshot> {
    this.lastAdmin = admin;
    this.refreshing ??= (async () => {
      try {
        const computedAt = new Date();
        const { teamLoad, figures } = await teamView(
          this.dataSource,
          this.access,
          this.crypto,
          admin,
        );
        const view: AllTeamsView = {
          teamId: null,
          caseloadByTeam: teamLoad ?? { teams: 0, items: [] },
          ...figures,
        };
        this.snapshot = { computedAt, view, json: JSON.stringify(view) };
        return this.snapshot;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** Keeps the snapshot young while an admin asked for it in the last ten minutes. */
  private startBackgroundRefresh(): void {
    if (this.timer || this.config.dashboardMaxAgeSeconds === 0) return;
    this.timer = setInterval(
      () => {
        if (Date.now() - this.lastAskedAt > 600_000 || !this.lastAdmin) return;
        this.refresh(this.lastAdmin).catch((error: unknown) =>
          logger().warn({ err: error }, 'dashboard refresh failed'),
        );
      },
      (this.config.dashboardMaxAgeSeconds * 1000) / 2,
    );
    this.timer.unref();
  }
}
