import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  MIN_DECISIONS_FOR_RATE,
  STAT_DIMENSIONS,
  type AggregateResponse,
  type AggregateRow,
  type StatDimension,
} from '@haven/shared';
import type { Response } from 'express';
import { sql } from 'kysely';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { csvRow } from '../common/csv.js';
import { badRequest } from '../common/errors.js';
import { isDateOnly } from '../common/validators.js';
import { poolOf } from '../database/pool.js';
import { db, first, rows } from '../database/sql.js';
import {
  aggregateSql,
  microdataBaseSql,
  PERIODS,
  periodSql,
  type Period,
} from './statistics.queries.js';
import { roundTo, suppress } from './suppression.js';

export interface AggregateQuery {
  dimensions: StatDimension[];
  from: string | null;
  to: string | null;
  k: number;
  round: number | null;
  format: 'json' | 'csv';
}

const MICRO_COLUMNS = [
  'id',
  'ageBand',
  'sex',
  'nationality',
  'jurisdiction',
  'opened',
  'caseType',
  'stage',
  'outcome',
  'ground',
] as const;
/** Coarsen the period until at most this share of records would be withheld. */
const MAX_WITHHELD_SHARE = 0.05;

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
  const allowed = new Set(['dimensions', 'from', 'to', 'k', 'round', 'format']);
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
  for (const name of ['from', 'to'] as const) {
    if (query[name] !== undefined && !isDateOnly(query[name]))
      throw badRequest(`${name}: must be a date YYYY-MM-DD`, 'query.date', { field: name });
  }
  const format = query.format ?? 'json';
  if (format !== 'json' && format !== 'csv')
    throw badRequest('format: must be json or csv', 'query.one_of', {
      args: { allowed: 'json, csv' },
    });
  return {
    dimensions: dimensions as StatDimension[],
    from: (query.from as string | undefined) ?? null,
    to: (query.to as string | undefined) ?? null,
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
  ) {}

  /** Counts by one to three dimensions with every total and margin (GROUP BY CUBE), then disclosure control. */
  async aggregate(
    actor: Actor,
    query: AggregateQuery,
  ): Promise<AggregateResponse & { rows: AggregateRow[] }> {
    // Its text varies with the dimensions chosen (hundreds of combinations): planned on each run.
    const raw = await rows(this.dataSource, aggregateSql(query.dimensions, query.from, query.to), {
      plan: 'unnamed',
    });
    const dims = query.dimensions.length;
    const keyed = raw.map((row) => ({
      key: query.dimensions.map((_, i) =>
        Number(row.grouping) & (1 << (dims - 1 - i)) ? null : row[`d${i}`],
      ),
      count: row.count,
      recognised: row.recognised,
      decisions: row.decisions,
    }));
    const cells = suppress(keyed, query.k);
    const data: AggregateRow[] = cells.map((cell, i) => {
      const source = keyed[i];
      const row: AggregateRow = {
        count: cell.suppressed ? null : roundTo(cell.count, query.round),
        suppressed: cell.suppressed,
      };
      query.dimensions.forEach((d, j) => (row[d] = cell.key[j]));
      // No percentage over fewer than 10 decisions, and none for a hidden cell.
      row.recognitionRate =
        !cell.suppressed && source.decisions >= MIN_DECISIONS_FOR_RATE
          ? Math.round((source.recognised / source.decisions) * 1000) / 10
          : null;
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
        k: query.k,
        round: query.round,
        format: query.format,
        rows: data.length,
        suppressed: data.filter((r) => r.suppressed).length,
      },
    });
    return { data, k: query.k, round: query.round, rows: data };
  }

  aggregateCsv(dimensions: StatDimension[], rows: AggregateRow[]): string {
    const header = [...dimensions, 'count', 'suppressed', 'recognitionRate'];
    return (
      [csvRow(header), ...rows.map((row) => csvRow(header.map((h) => row[h])))].join('\r\n') +
      '\r\n'
    );
  }

  /**
   * Microdata: one row per case with quasi-identifiers recoded (age band, sex, nationality with rare
   * ones as "other", jurisdiction, opening period) and k-anonymity: the period is coarsened from
   * month to quarter to year until few records fall in classes smaller than k, then those records
   * are withheld. Grounds are kept at the top level, and withheld within a class where they are
   * all the same (l-diversity, l = 2). Row ids are random for each export. Streamed from a cursor.
   */
  async microdata(actor: Actor, query: Record<string, unknown>, response: Response): Promise<void> {
    for (const key of Object.keys(query))
      if (!['k', 'format'].includes(key))
        throw badRequest(
          `${key}: unknown parameter; allowed: k, format`,
          'query.unknown_parameter',
          {
            field: key,
            args: { allowed: 'k, format' },
          },
        );
    const k = intParam('k', query.k, 5, 5, 1000)!;
    const format = query.format ?? 'json';
    if (format !== 'json' && format !== 'csv')
      throw badRequest('format: must be json or csv', 'query.one_of', {
        args: { allowed: 'json, csv' },
      });

    const qi = (period: Period) =>
      sql`age_band, sex, nationality, jurisdiction, ${sql.ref(period)}`;
    const smallRecords = (period: Period) =>
      sql`(SELECT coalesce(sum(size), 0)::int FROM (SELECT sum(n) AS size FROM classes GROUP BY ${qi(period)}) s WHERE size < ${k})`;
    const counts = (await first(
      this.dataSource,
      sql<{ total: number; month: number; quarter: number; year: number }>`${microdataBaseSql(k)}
       SELECT (SELECT coalesce(sum(n), 0)::int FROM classes) AS total,
              ${smallRecords('month')} AS month, ${smallRecords('quarter')} AS quarter, ${smallRecords('year')} AS year`,
    ))!;
    const period: Period =
      PERIODS.find((p) => counts[p] <= counts.total * MAX_WITHHELD_SHARE) ?? 'year';
    const withheld = counts[period];

    const exported = sql`${microdataBaseSql(k)}, sized AS (
         SELECT ${qi(period)}, sum(n) AS size, min(gmin) AS gmin, max(gmax) AS gmax FROM classes GROUP BY ${qi(period)}
       )
       SELECT r.age_band, r.sex, nat.recoded AS nationality, r.jurisdiction, ${sql.ref(`s.${period}`)} AS opened, r.case_type, r.stage, r.outcome,
              CASE WHEN s.gmin = s.gmax THEN 'withheld' ELSE r.ground END AS ground
         FROM raw r
         JOIN nat ON nat.nationality = r.nationality
         JOIN sized s ON s.age_band = r.age_band AND s.sex = r.sex AND s.nationality = nat.recoded AND s.jurisdiction = r.jurisdiction
                     AND ${sql.ref(`s.${period}`)} = ${periodSql(sql.ref('r.opened_month'), period)}
        WHERE s.size >= ${k}
        ORDER BY random()`.compile(db);
    // A connection of its own for the cursor (pg-query-stream reads batch by batch on it).
    const client = await poolOf(this.dataSource).connect();
    try {
      // eslint-disable-next-line no-restricted-syntax -- a cursor streams on its own client (compiled by db)
      const stream = client.query(
        new QueryStream(exported.sql, [...exported.parameters], { batchSize: 2000 }),
      );
      const iterator = (stream as AsyncIterable<Record<string, string>>)[Symbol.asyncIterator]();
      // The export is audited before any byte of it leaves, and only once its query has answered: a
      // caller never holds data whose event does not exist yet, and an export that failed before
      // sending anything leaves no event. The rows it carries are those of the classes of at least k.
      let first: IteratorResult<Record<string, string>>;
      try {
        first = await iterator.next();
        await this.audit.recordNow(actor, {
          action: 'export',
          entityType: 'statistics',
          teamId: actor.teamId,
          summary: `microdata export: ${counts.total - withheld} rows, ${withheld} withheld (k=${k}, by ${period})`,
          details: {
            kind: 'microdata',
            k,
            format,
            period,
            rows: counts.total - withheld,
            withheld,
          },
        });
      } catch (error) {
        await iterator.return?.();
        throw error;
      }
      const filename = `haven-microdata-k${k}.${format}`;
      response.setHeader(
        'Content-Type',
        format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      );
      response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
      response.setHeader('Cache-Control', 'no-store');
      const write = (chunk: string) =>
        response.write(chunk)
          ? Promise.resolve()
          : new Promise<void>((resolve) => response.once('drain', () => resolve()));
      await write(
        format === 'csv'
          ? csvRow(MICRO_COLUMNS) + '\r\n'
          : `{"k":${k},"period":"${period}","withheld":${withheld},"data":[`,
      );
      // Rows go out in chunks of about 64 kB: one write (and one wait for the socket) per chunk.
      let chunk = '';
      let rows = 0;
      for (let next = first; !next.done; next = await iterator.next()) {
        if (response.destroyed) {
          await iterator.return?.();
          break;
        }
        const row = next.value;
        const values = [
          randomUUID(),
          row.age_band,
          row.sex,
          row.nationality,
          row.jurisdiction,
          row.opened,
          row.case_type,
          row.stage,
          row.outcome,
          row.ground,
        ];
        if (format === 'csv') chunk += csvRow(values) + '\r\n';
        else
          chunk +=
            (rows ? ',' : '') +
            JSON.stringify(Object.fromEntries(MICRO_COLUMNS.map((c, i) => [c, values[i]])));
        rows++;
        if (chunk.length >= 65_536) {
          await write(chunk);
          chunk = '';
        }
      }
      if (chunk) await write(chunk);
      await write(format === 'csv' ? '' : ']}');
      response.end();
    } finally {
      client.release();
    }
  }
}
