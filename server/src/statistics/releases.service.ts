import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StatsRelease } from '@haven/shared';
import type { FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { DataSource } from 'typeorm';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { badRequest, conflict, forbidden, notFound } from '../common/errors.js';
import { isUuid } from '../common/validators.js';
import { first, rows } from '../database/sql.js';
import { transaction } from '../database/transaction.js';
import { createReleaseSql, parseFormat, releaseRowsSql, streamMicrodata } from './microdata.js';

/** Roles that may make a release (any role with `statistics.read` may list and download them). */
const RELEASING_ROLES = new Set(['admin', 'analyst']);

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** A quarter's first day and the next quarter's first day, `YYYY-MM-DD`. */
export function quarterBounds(quarter: string): { from: string; before: string } {
  const match = QUARTER.exec(quarter);
  if (!match) throw badRequest('quarter: must be a quarter such as 2026-Q1', 'validation.format');
  const year = Number(match[1]);
  const startMonth = (Number(match[2]) - 1) * 3 + 1;
  const day = (y: number, m: number) =>
    `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
  return {
    from: day(year, startMonth),
    before: startMonth === 10 ? day(year + 1, 1) : day(year, startMonth + 3),
  };
}

/** The quarter `today` (UTC) falls in, and the last one that has ended. */
export function currentQuarter(today = new Date()): { current: string; latestEnded: string } {
  const year = today.getUTCFullYear();
  const q = Math.floor(today.getUTCMonth() / 3) + 1;
  return {
    current: `${year}-Q${q}`,
    latestEnded: q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`,
  };
}

const toRelease = (row: {
  id: string;
  quarter: string;
  k: number;
  rows: number;
  created_at: Date;
}): StatsRelease => ({
  id: row.id,
  quarter: row.quarter,
  k: row.k,
  rows: row.rows,
  createdAt: row.created_at.toISOString(),
});

@Injectable()
export class ReleasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(HAVEN_CONFIG) private readonly config: HavenConfig,
  ) {}

  /**
   * Makes the release of an ended quarter with this k: the protected rows of the cases opened in it,
   * stored once (one statement, one snapshot) together with its audit event (one transaction).
   */
  async create(actor: Actor, input: { quarter: string; k?: number }): Promise<StatsRelease> {
    if (!RELEASING_ROLES.has(actor.role))
      throw forbidden(
        'only administrators and analysts publish microdata releases',
        'stats.release_forbidden',
      );
    const k = input.k ?? 5;
    const { from, before } = quarterBounds(input.quarter);
    const { current, latestEnded } = currentQuarter();
    if (before > quarterBounds(current).from)
      throw badRequest(
        `quarter: ${input.quarter} has not ended; the last ended quarter is ${latestEnded}`,
        'stats.quarter_not_ended',
        { field: 'quarter', args: { quarter: input.quarter, latest: latestEnded } },
      );
    return transaction(this.dataSource, async (manager) => {
      const [made] = await rows(
        manager,
        createReleaseSql({
          quarter: input.quarter,
          k,
          from,
          before,
          createdById: actor.id,
          consentOnly: this.config.statsRequireConsent,
        }),
        { plan: 'unnamed' },
      );
      if (!made)
        throw conflict(
          `quarter: a release of ${input.quarter} with k=${k} exists`,
          'stats.release_exists',
          { field: 'quarter', args: { quarter: input.quarter, k } },
        );
      await this.audit.record(manager, actor, {
        action: 'export',
        entityType: 'statistics',
        entityId: made.id,
        teamId: actor.teamId,
        summary: `microdata release ${made.quarter} made: ${made.rows} rows, ${made.withheld} withheld (k=${k})`,
        details: {
          kind: 'release',
          step: 'create',
          quarter: made.quarter,
          k,
          rows: made.rows,
          withheld: made.withheld,
        },
      });
      return toRelease(made);
    });
  }

  /** Every release, newest first. */
  async list(query: Record<string, unknown>): Promise<{ data: StatsRelease[]; total: number }> {
    for (const key of Object.keys(query))
      throw badRequest(`${key}: unknown parameter; none allowed`, 'query.unknown_parameter', {
        field: key,
        args: { allowed: '' },
      });
    const found = await rows(
      this.dataSource,
      sql<{ id: string; quarter: string; k: number; rows: number; created_at: Date }>`
        SELECT id, quarter, k, rows, created_at FROM stats_release ORDER BY created_at DESC, id DESC`,
    );
    return { data: found.map(toRelease), total: found.length };
  }

  /**
   * A release's rows as CSV or JSON, streamed from its stored rows in their order: the same bytes
   * on every download. Audited before the first byte.
   */
  async download(
    actor: Actor,
    id: string,
    query: Record<string, unknown>,
    reply: FastifyReply,
  ): Promise<void> {
    for (const key of Object.keys(query))
      if (key !== 'format')
        throw badRequest(`${key}: unknown parameter; allowed: format`, 'query.unknown_parameter', {
          field: key,
          args: { allowed: 'format' },
        });
    const format = parseFormat(query.format);
    const release = isUuid(id)
      ? await first(
          this.dataSource,
          sql<{ id: string; quarter: string; k: number; rows: number; withheld: number }>`
            SELECT id, quarter, k, rows, withheld FROM stats_release WHERE id = ${id}::uuid`,
        )
      : undefined;
    if (!release) throw notFound('stats release');
    await streamMicrodata(this.dataSource, reply, {
      statement: releaseRowsSql(release.id),
      format,
      filename: `haven-microdata-${release.quarter}-k${release.k}.${format}`,
      jsonPrefix: `{"quarter":${JSON.stringify(release.quarter)},"k":${release.k},"withheld":${release.withheld},"data":[`,
      id: (row) => row.n,
      beforeFirstByte: () =>
        this.audit.recordNow(actor, {
          action: 'export',
          entityType: 'statistics',
          entityId: release.id,
          teamId: actor.teamId,
          summary: `microdata release ${release.quarter} downloaded (${release.rows} rows, k=${release.k}, ${format})`,
          details: {
            kind: 'release',
            step: 'download',
            quarter: release.quarter,
            k: release.k,
            rows: release.rows,
            withheld: release.withheld,
            format,
          },
        }),
    });
  }
}
