import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  PERTURBATION_TABLE,
  STAT_DIMENSIONS,
  STAT_PERIODS_BY,
  STAT_UNITS,
  perturb,
  type AggregateResponse,
  type AggregateRow,
  type StatDimension,
  type StatPeriodBy,
  type StatUnit,
} from '@haven/shared';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { csvRow } from '../common/csv.js';
import { badRequest } from '../common/errors.js';
import { rows } from '../database/sql.js';
import { exportLiveMicrodata } from './microdata.js';
import { rollupAggregateSql, rollupCovers } from './rollup.queries.js';
import { StatsRollupService } from './rollup.service.js';
import { aggregateSql } from './statistics.queries.js';
import { roundTo, suppress } from './suppression.js';

export interface AggregateQuery {
  dimensions: StatDimension[];
  /** Whole months, inclusive: `YYYY-MM`. */
  from: string | null;
  to: string | null;
  unit: StatUnit;
  periodBy: StatPeriodBy;
  k: number;
  round: number | null;
  format: 'json' | 'csv';
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function intParam(
  name: string,
  value: unknown,
  fallback: number | null,
  min: number,
  max: number,
): number | null {
  if (value === undefined || value === '') return fallback;
  if (
    typeof value !== 'string' ||
    !/^\d+$/.test(value) ||
    Number(value) < min ||
    Number(value) > max
  ) {
    throw badRequest(
      `${name}: must be a whole number from ${min} to ${max}`,
      'query.whole_number',
      {
        field: name,
        args: { min, max },
      },
    );
  }
  return Number(value);
}

export function parseAggregateQuery(query: Record<string, unknown>): AggregateQuery {
  const allowed = new Set(['dimensions', 'from', 'to', 'unit', 'periodBy', 'k', 'round', 'format']);
  for (const key of Object.keys(query))
    if (!allowed.has(key))
      throw badRequest(
        `${key}: unknown parameter; allowed: ${[...allowed].join(', ')}`,
        'query.unknown_parameter',
        { field: key, args: { allowed: [...allowed].join(', ') } },
      );
  if (typeof query.dimensions !== 'string' || !query.dimensions.trim())
    throw badRequest(
      `dimensions: give one to three of ${STAT_DIMENSIONS.join(', ')}`,
      'stats.dimensions_required',
      { args: { min: 1, max: 3, allowed: STAT_DIMENSIONS.join(', ') } },
    );
  const dimensions = query.dimensions.split(',').map((d) => d.trim());
  if (dimensions.length > 3)
    throw badRequest('dimensions: at most three', 'stats.dimensions_too_many', {
      args: { max: 3 },
    });
  for (const d of dimensions)
    if (!(STAT_DIMENSIONS as readonly string[]).includes(d))
      throw badRequest(
        `dimensions: unknown dimension "${d}"; allowed: ${STAT_DIMENSIONS.join(', ')}`,
        'stats.dimension_unknown',
        { args: { dimension: d, allowed: STAT_DIMENSIONS.join(', ') } },
      );
  if (new Set(dimensions).size !== dimensions.length)
    throw badRequest('dimensions: each at most once', 'stats.dimension_repeated');
  // Whole months only: a day would let two tables a day apart be subtracted.
  for (const name of ['from', 'to'] as const) {
    const value = query[name];
    if (value !== undefined && (typeof value !== 'string' || !MONTH.test(value) || value < '1000'))
      throw badRequest(`${name}: must be a month YYYY-MM (whole months only)`, 'stats.month', {
        field: name,
      });
  }
  if (typeof query.from === 'string' && typeof query.to === 'string' && query.from > query.to)
    throw badRequest('to: must not be before from', 'stats.period_reversed', { field: 'to' });
  const unit = query.unit ?? 'cases';
  if (!(STAT_UNITS as readonly unknown[]).includes(unit))
    throw badRequest(`unit: must be one of ${STAT_UNITS.join(', ')}`, 'query.one_of', {
      field: 'unit',
      args: { allowed: STAT_UNITS.join(', ') },
    });
  const periodBy = query.periodBy ?? 'opened';
  if (!(STAT_PERIODS_BY as readonly unknown[]).includes(periodBy))
    throw badRequest(`periodBy: must be one of ${STAT_PERIODS_BY.join(', ')}`, 'query.one_of', {
      field: 'periodBy',
      args: { allowed: STAT_PERIODS_BY.join(', ') },
    });
  const format = query.format ?? 'json';
  if (format !== 'json' && format !== 'csv')
    throw badRequest('format: must be json or csv', 'query.one_of', {
      args: { allowed: 'json, csv' },
    });
  return {
    dimensions: dimensions as StatDimension[],
    from: (query.from as string | undefined) ?? null,
    to: (query.to as string | undefined) ?? null,
    unit: unit as StatUnit,
    periodBy: periodBy as StatPeriodBy,
    k: intParam('k', query.k, 5, 5, 1000)!,
    round: intParam('round', query.round, null, 1, 1000),
    format,
  };
}

@Injectable()
export class StatisticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(HAVEN_CONFIG) private readonly config: HavenConfig,
    private readonly rollup: StatsRollupService,
  ) {}

  /**
   * Counts by one to three dimensions with every total and margin, then disclosure control:
   * 1. cell-key perturbation — each count gets the noise its records' keys give (the same cell, the
   *    same number, in every query), totals and margins as cells of their own;
   * 2. suppression — a cell whose true or perturbed count is from 1 to k−1 is hidden, then enough
   *    further cells that no hidden one follows from a shown total by one subtraction;
   * 3. rounding of what is shown, when asked.
   * A recognition rate rests on the perturbed recognised and rejected counts, each shown only under
   * the same rules, and is shown only where both are.
   * Cases are counted from the rollup (the same numbers, kept ahead of the request) when it keeps
   * the dimensions' cells and is fresh enough (`StatsRollupService.ready`); persons, team with two
   * other dimensions, and a rollup too far behind are counted from the cases. `computedAt` says
   * up to when changes are counted.
   */
  async aggregate(
    actor: Actor,
    query: AggregateQuery,
  ): Promise<AggregateResponse & { rows: AggregateRow[] }> {
    const scope = { ...query, consentOnly: this.config.statsRequireConsent };
    const rollup =
      query.unit === 'cases' && rollupCovers(query.dimensions) ? await this.rollup.ready() : null;
    // Before the statement: its snapshot sees every change committed until now.
    const computedAt = rollup?.computedAt ?? new Date();
    // Its text varies with the dimensions chosen (hundreds of combinations): planned on each run.
    const raw = await rows(
      this.dataSource,
      rollup ? rollupAggregateSql(query.dimensions, scope) : aggregateSql(query.dimensions, scope),
      { plan: 'unnamed' },
    );
    const dims = query.dimensions.length;
    const hidden = (count: number, perturbed: number) =>
      count > 0 && (count < query.k || perturbed < query.k);
    const keyed = raw.map((row) => {
      const count = perturb(row.count, row.keysum);
      return {
        key: query.dimensions.map((_, i) =>
          Number(row.grouping) & (1 << (dims - 1 - i)) ? null : row[`d${i}`],
        ),
        count,
        hidden: hidden(row.count, count),
        recognised: { true: row.recognised, shown: perturb(row.recognised, row.recognisedKeysum) },
        rejected: { true: row.rejected, shown: perturb(row.rejected, row.rejectedKeysum) },
      };
    });
    const cells = suppress(keyed, query.k);
    const data: AggregateRow[] = cells.map((cell, i) => {
      const source = keyed[i];
      const part = (counts: { true: number; shown: number }) =>
        cell.suppressed || hidden(counts.true, counts.shown)
          ? null
          : roundTo(counts.shown, query.round);
      const recognised = part(source.recognised);
      const rejected = part(source.rejected);
      const row: AggregateRow = {
        count: cell.suppressed ? null : roundTo(cell.count, query.round),
        suppressed: cell.suppressed,
        recognised,
        rejected,
        // Only where both counts it rests on are shown, and from those very numbers.
        recognitionRate:
          recognised !== null && rejected !== null && recognised + rejected > 0
            ? Math.round((recognised / (recognised + rejected)) * 1000) / 10
            : null,
      };
      query.dimensions.forEach((d, j) => (row[d] = cell.key[j]));
      return row;
    });
    // Cells first, then margins, then the grand total; stable order by key.
    data.sort((a, b) => {
      const nullsA = query.dimensions.filter((d) => a[d] === null).length;
      const nullsB = query.dimensions.filter((d) => b[d] === null).length;
      return (
        nullsA - nullsB ||
        query.dimensions
          .map((d) => String(a[d] ?? ''))
          .join('|')
          .localeCompare(query.dimensions.map((d) => String(b[d] ?? '')).join('|'))
      );
    });
    await this.audit.recordNow(actor, {
      action: 'export',
      entityType: 'statistics',
      teamId: actor.teamId,
      summary: `aggregate statistics by ${query.dimensions.join(', ')} (${data.length} rows)`,
      details: {
        kind: 'aggregate',
        dimensions: query.dimensions,
        from: query.from,
        to: query.to,
        unit: query.unit,
        periodBy: query.periodBy,
        k: query.k,
        round: query.round,
        format: query.format,
        rows: data.length,
        suppressed: data.filter((r) => r.suppressed).length,
        countedFrom: rollup ? 'rollup' : 'cases',
        computedAt: computedAt.toISOString(),
      },
    });
    return {
      data,
      k: query.k,
      round: query.round,
      method: 'cell-key',
      unit: query.unit,
      periodBy: query.periodBy,
      from: query.from,
      to: query.to,
      noise: { max: PERTURBATION_TABLE.maxNoise, variance: PERTURBATION_TABLE.variance },
      computedAt: computedAt.toISOString(),
      rows: data,
    };
  }

  aggregateCsv(dimensions: StatDimension[], rows: AggregateRow[]): string {
    const header = [
      ...dimensions,
      'count',
      'suppressed',
      'recognised',
      'rejected',
      'recognitionRate',
    ];
    return (
      [csvRow(header), ...rows.map((row) => csvRow(header.map((h) => row[h])))].join('\r\n') +
      '\r\n'
    );
  }

  /**
   * Microdata: one row per case with no direct identifier, k-anonymous over age band, sex,
   * nationality, jurisdiction, case type and period, with at least two grounds and outcomes in
   * every class (`microdata.ts`). Streamed from a cursor, audited before the first byte.
   */
  microdata(actor: Actor, query: Record<string, unknown>, response: Response): Promise<void> {
    return exportLiveMicrodata(
      this.dataSource,
      this.audit,
      actor,
      query,
      response,
      this.config.statsRequireConsent,
    );
  }
}
