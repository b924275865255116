import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  PERTURBATION_TABLE,
  STAT_DIMENSIONS,
  STAT_PERIODS_BY,
  STAT_UNITS,
  STAT_TOTAL_CODE,
  perturb,
  statLabeller,
  statValueLabel,
  type AggregatePreview,
  type AggregateResponse,
  type AggregateRow,
  type Locale,
  type MicrodataPreview,
  type StatSuggestion,
  type StatDimension,
  type StatPeriodBy,
  type StatUnit,
} from '@haven/shared';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { csvRow } from '../common/csv.js';
import { badRequest } from '../common/errors.js';
import { exec, rows } from '../database/sql.js';
import { transaction } from '../database/transaction.js';
import { sql } from 'kysely';
import { first } from '../database/sql.js';
import { exportLiveMicrodata, microdataSummary, parseK } from './microdata.js';
import { rollupAggregateSql, rollupCovers, rollupPersonsSql } from './rollup.queries.js';
import { ROLLUP_BACKLOG_LIMIT, StatsRollupService } from './rollup.service.js';
import { aggregateSql, type AggregateSqlRow } from './statistics.queries.js';
import { Semaphore } from './semaphore.js';
import { roundTo, suppress } from './suppression.js';

/**
 * Persons statements from the rollup run with `work_mem` 64 MB (docs/decisions/0021): each may
 * hold that much per sort or hash. At most this many at once per server process, so a burst of
 * them holds at most 2 × 64 MB per operation rather than one share per pool connection; the
 * machine has 2 cores, so a third would not finish sooner by running alongside.
 */
export const PERSONS_AT_ONCE = 2;
const PERSONS_WORK_MEM = new Semaphore(PERSONS_AT_ONCE);

/** The smallest k a table may ask for, and the floor every true count is held to. */
export const MIN_K = 5;

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
  /** Only say what the table would show (`AggregatePreview`), no count. */
  dryRun: boolean;
  /** The language of a CSV's label columns; null: the user's own. */
  lang: Locale | null;
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
  const allowed = new Set([
    'dimensions',
    'from',
    'to',
    'unit',
    'periodBy',
    'k',
    'round',
    'format',
    'dryRun',
    'lang',
  ]);
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
    k: intParam('k', query.k, MIN_K, MIN_K, 1000)!,
    round: intParam('round', query.round, null, 1, 1000),
    format,
    dryRun: parseDryRun(query.dryRun),
    lang: parseLang(query.lang),
  };
}

/** `dryRun`: 1/true or 0/false (absent: false); else a 400 naming it. */
export function parseDryRun(value: unknown): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw badRequest('dryRun: must be 1 or 0', 'query.one_of', {
    field: 'dryRun',
    args: { allowed: '1, 0' },
  });
}

/** `lang`: en or ru (absent: null, the user's own); else a 400 naming it. */
export function parseLang(value: unknown): Locale | null {
  if (value === undefined || value === '') return null;
  if (value === 'en' || value === 'ru') return value;
  throw badRequest('lang: must be one of en, ru', 'query.one_of', {
    field: 'lang',
    args: { allowed: 'en, ru' },
  });
}

/** Whether the table would withhold everything: it has cells, and every one is hidden. */
export function withholdsEverything(data: AggregateRow[], dimensions: readonly string[]): boolean {
  const cells = data.filter((row) => dimensions.every((d) => row[d] !== null));
  return cells.length > 0 && cells.every((row) => row.suppressed);
}

/** The table's cells (a value in every dimension) and how many of them are shown. */
export function cellCounts(data: AggregateRow[], dimensions: readonly string[]) {
  const cells = data.filter((row) => dimensions.every((d) => row[d] !== null));
  const shown = cells.filter((row) => !row.suppressed).length;
  return { cells: cells.length, shown, hidden: cells.length - shown };
}

/**
 * Disclosure control over the counted rows of a table (one per cell, margin and total):
 * 1. cell-key perturbation — each count gets the noise its records' keys give (the same cell, the
 *    same number, in every query), totals and margins as cells of their own;
 * 2. suppression — a cell whose true count is from 1 to MIN_K−1, or whose perturbed count is below
 *    k, is hidden; then enough further cells that no hidden one follows from a shown total by one
 *    subtraction. The true count is held to the fixed floor only, never to the k asked for: were it
 *    held to k, raising k one step at a time would hide a cell exactly at its true count + 1,
 *    undoing the noise;
 * 3. rounding of what is shown, when asked.
 * A recognition rate rests on the perturbed recognised and rejected counts, each shown only under
 * the same rules, and is shown only where both are. Cells first, then margins, then the total.
 */
export function protectTable(
  raw: AggregateSqlRow[],
  dimensions: readonly StatDimension[],
  k: number,
  round: number | null,
): AggregateRow[] {
  const dims = dimensions.length;
  const hidden = (count: number, perturbed: number) =>
    count > 0 && (count < MIN_K || perturbed < k);
  const keyed = raw.map((row) => {
    const count = perturb(row.count, row.keysum);
    return {
      key: dimensions.map((_, i) =>
        Number(row.grouping) & (1 << (dims - 1 - i)) ? null : row[`d${i}`],
      ),
      count,
      hidden: hidden(row.count, count),
      recognised: { true: row.recognised, shown: perturb(row.recognised, row.recognisedKeysum) },
      rejected: { true: row.rejected, shown: perturb(row.rejected, row.rejectedKeysum) },
    };
  });
  const cells = suppress(keyed, k);
  const data: AggregateRow[] = cells.map((cell, i) => {
    const source = keyed[i];
    const part = (counts: { true: number; shown: number }) =>
      cell.suppressed || hidden(counts.true, counts.shown) ? null : roundTo(counts.shown, round);
    const recognised = part(source.recognised);
    const rejected = part(source.rejected);
    const row: AggregateRow = {
      count: cell.suppressed ? null : roundTo(cell.count, round),
      suppressed: cell.suppressed,
      recognised,
      rejected,
      // Only where both counts it rests on are shown, and from those very numbers.
      recognitionRate:
        recognised !== null && rejected !== null && recognised + rejected > 0
          ? Math.round((recognised / (recognised + rejected)) * 1000) / 10
          : null,
    };
    dimensions.forEach((d, j) => (row[d] = cell.key[j]));
    return row;
  });
  // Cells first, then margins, then the grand total; stable order by key.
  data.sort((a, b) => {
    const nullsA = dimensions.filter((d) => a[d] === null).length;
    const nullsB = dimensions.filter((d) => b[d] === null).length;
    return (
      nullsA - nullsB ||
      dimensions
        .map((d) => String(a[d] ?? ''))
        .join('|')
        .localeCompare(dimensions.map((d) => String(b[d] ?? '')).join('|'))
    );
  });
  return data;
}

/**
 * The counted rows of the table without dimension `drop`: a CUBE's rows that total over it are
 * exactly the smaller table's CUBE (the same records, the same key sums — so the same perturbed
 * counts), renumbered.
 */
export function withoutDimension(
  raw: AggregateSqlRow[],
  count: number,
  drop: number,
): AggregateSqlRow[] {
  const bit = (i: number) => 1 << (count - 1 - i);
  return raw
    .filter((row) => Number(row.grouping) & bit(drop))
    .map((row) => {
      const next: Record<string, unknown> = { ...row };
      for (let i = 0; i < count; i++) delete next[`d${i}`];
      let grouping = 0;
      let j = 0;
      for (let i = 0; i < count; i++) {
        if (i === drop) continue;
        next[`d${j}`] = row[`d${i}`];
        if (Number(row.grouping) & bit(i)) grouping |= 1 << (count - 2 - j);
        j++;
      }
      next.grouping = grouping;
      return next as AggregateSqlRow;
    });
}

/** A range widened to whole calendar years; null where it already is one (or unbounded). */
export function widenedPeriod(
  from: string | null,
  to: string | null,
): { from: string | null; to: string | null } | null {
  if (from === null && to === null) return null;
  const years = {
    from: from ? `${from.slice(0, 4)}-01` : null,
    to: to ? `${to.slice(0, 4)}-12` : null,
  };
  return years.from === from && years.to === to ? { from: null, to: null } : years;
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
   * The counted rows of a table (one statement), and up to when changes are counted. Counted from
   * the rollup (the same numbers, kept ahead of the request) when it keeps the dimensions' cells
   * and is fresh enough (`StatsRollupService.ready`): cases as of its last count, persons as of
   * the statement (`rollupPersonsSql` adds the pending changes, so only when few are pending).
   * Team with two other dimensions, and a rollup too far behind, are counted from the cases.
   */
  private async count(
    query: Pick<AggregateQuery, 'dimensions' | 'from' | 'to' | 'unit' | 'periodBy'>,
  ) {
    const scope = { ...query, consentOnly: this.config.statsRequireConsent };
    // Persons read the pending changes with the cells: they never wait for a count.
    const ready = rollupCovers(query.dimensions)
      ? await this.rollup.ready(query.unit === 'persons')
      : null;
    const rollup = ready && (query.unit === 'cases' || ready.backlog <= ROLLUP_BACKLOG_LIMIT);
    // Before the statement: its snapshot sees every change committed until now.
    const computedAt = rollup && query.unit === 'cases' ? ready.computedAt : new Date();
    const statement = !rollup
      ? aggregateSql(query.dimensions, scope)
      : query.unit === 'cases'
        ? rollupAggregateSql(query.dimensions, scope)
        : rollupPersonsSql(query.dimensions, scope);
    // Its text varies with the dimensions chosen (hundreds of combinations): planned on each run.
    const raw =
      rollup && query.unit === 'persons'
        ? await PERSONS_WORK_MEM.run(() =>
            transaction(this.dataSource, async (manager) => {
              // The multi-case clients' grouping sets and their sort, in memory rather than
              // spilled to disk at a million cases (docs/decisions/0021); for this statement
              // only, and for at most PERSONS_AT_ONCE statements of this process at a time.
              await exec(manager, sql`SET LOCAL work_mem = '64MB'`, { plan: 'unnamed' });
              return rows(manager, statement, { plan: 'unnamed' });
            }),
          )
        : await rows(this.dataSource, statement, { plan: 'unnamed' });
    return { raw, computedAt, countedFrom: rollup ? ('rollup' as const) : ('cases' as const) };
  }

  /**
   * Counts by one to three dimensions with every total and margin, protected (`protectTable`:
   * cell-key perturbation, suppression below k and secondary suppression, rounding when asked).
   * `computedAt` says up to when changes are counted. A table whose every cell is hidden says so
   * (`withholdsEverything`) with coarser choices that would show something.
   */
  async aggregate(
    actor: Actor,
    query: AggregateQuery,
  ): Promise<AggregateResponse & { rows: AggregateRow[] }> {
    const { raw, computedAt, countedFrom } = await this.count(query);
    const data = protectTable(raw, query.dimensions, query.k, query.round);
    const everything = withholdsEverything(data, query.dimensions);
    const suggestions = everything && query.format === 'json' ? await this.suggest(query, raw) : [];
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
        countedFrom,
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
      withholdsEverything: everything,
      suggestions,
      rows: data,
    };
  }

  /**
   * `dryRun=1`: what the table would show — its cells, how many are shown and hidden, and when
   * every one would be hidden, coarser choices — with no count. The same statement as the table;
   * audited as a read (nothing of the data leaves), not as an export.
   */
  async preview(actor: Actor, query: AggregateQuery): Promise<AggregatePreview> {
    const { raw, computedAt, countedFrom } = await this.count(query);
    const data = protectTable(raw, query.dimensions, query.k, query.round);
    const counts = cellCounts(data, query.dimensions);
    const everything = withholdsEverything(data, query.dimensions);
    const suggestions = everything ? await this.suggest(query, raw) : [];
    await this.audit.recordNow(actor, {
      action: 'read',
      entityType: 'statistics',
      teamId: actor.teamId,
      summary: `aggregate statistics preview by ${query.dimensions.join(', ')}: ${counts.shown} of ${counts.cells} cells shown`,
      details: {
        kind: 'aggregate_preview',
        dimensions: query.dimensions,
        from: query.from,
        to: query.to,
        unit: query.unit,
        periodBy: query.periodBy,
        k: query.k,
        cells: counts.cells,
        shownCells: counts.shown,
        suggestions: suggestions.length,
        countedFrom,
      },
    });
    return {
      dryRun: true,
      dimensions: query.dimensions,
      k: query.k,
      cells: counts.cells,
      shownCells: counts.shown,
      hiddenCells: counts.hidden,
      withholdsEverything: everything,
      suggestions,
      computedAt: computedAt.toISOString(),
    };
  }

  /**
   * Coarser choices for a table that hides every cell, each checked — only those that would show
   * a cell are offered, the most shown first within each kind:
   * - one dimension fewer: from the same counted rows (a CUBE holds every smaller table);
   * - the period widened to whole calendar years, or unbounded when it already is: one statement;
   * - k lowered to 5: from the same counted rows.
   */
  private async suggest(query: AggregateQuery, raw: AggregateSqlRow[]): Promise<StatSuggestion[]> {
    const n = query.dimensions.length;
    const shownOf = (table: AggregateRow[], dimensions: readonly StatDimension[]) => {
      const counts = cellCounts(table, dimensions);
      return { shown: counts.shown, of: counts.cells };
    };
    const fewer: StatSuggestion[] = [];
    if (n > 1)
      for (let i = 0; i < n; i++) {
        const dimensions = query.dimensions.filter((_, j) => j !== i);
        const table = protectTable(withoutDimension(raw, n, i), dimensions, query.k, query.round);
        fewer.push({
          kind: 'fewer_dimensions',
          change: { dimensions },
          ...shownOf(table, dimensions),
        });
      }
    fewer.sort((a, b) => (b.shown ?? 0) - (a.shown ?? 0));
    const suggestions = [...fewer];
    const period = widenedPeriod(query.from, query.to);
    if (period) {
      const wider = await this.count({ ...query, ...period });
      const table = protectTable(wider.raw, query.dimensions, query.k, query.round);
      suggestions.push({
        kind: 'longer_period',
        change: period,
        ...shownOf(table, query.dimensions),
      });
    }
    if (query.k > 5) {
      const table = protectTable(raw, query.dimensions, 5, query.round);
      suggestions.push({ kind: 'lower_k', change: { k: 5 }, ...shownOf(table, query.dimensions) });
    }
    return suggestions.filter((suggestion) => (suggestion.shown ?? 0) > 0);
  }

  /** The language a user reads (their account's), for a CSV's labels when none is asked. */
  async languageOf(actor: Actor): Promise<Locale> {
    const row = await first(
      this.dataSource,
      sql<{ locale: Locale }>`SELECT locale FROM app_user WHERE id = ${actor.id}::uuid`,
    );
    return row?.locale ?? 'en';
  }

  /**
   * A table as CSV: each dimension's code and, beside it, its label in `lang` (`nationality`,
   * `nationality_label`); a total or margin reads "Total" as its code and "Total"/"Итого" as its
   * label, never an empty cell; then the counts, and `computedAt` on every row — a column, not a
   * comment line (CSV parsers would read that as a record), and on each row so that it survives any
   * slicing or concatenation of the file (the filename carries it too, for people).
   */
  aggregateCsv(
    dimensions: StatDimension[],
    rows: AggregateRow[],
    options: { lang: Locale; computedAt: string },
  ): string {
    const labeller = statLabeller(options.lang);
    const header = [
      ...dimensions.flatMap((d) => [d, `${d}_label`]),
      'count',
      'suppressed',
      'recognised',
      'rejected',
      'recognitionRate',
      'computedAt',
    ];
    const record = (row: AggregateRow) => [
      ...dimensions.flatMap((d) => {
        const value = row[d] === null || row[d] === undefined ? null : String(row[d]);
        return [value ?? STAT_TOTAL_CODE, statValueLabel(d, value, labeller)];
      }),
      row.count,
      row.suppressed,
      row.recognised,
      row.rejected,
      row.recognitionRate,
      options.computedAt,
    ];
    return [csvRow(header), ...rows.map((row) => csvRow(record(row)))].join('\r\n') + '\r\n';
  }

  /**
   * Microdata: one row per case with no direct identifier, k-anonymous over age band, sex,
   * nationality, jurisdiction, case type and period, with at least two grounds and outcomes in
   * every class (`microdata.ts`). Streamed from a cursor, audited before the first byte. With
   * `dryRun=1`, only how many rows it would publish and withhold (`previewMicrodata`).
   */
  async microdata(
    actor: Actor,
    query: Record<string, unknown>,
    reply: FastifyReply,
  ): Promise<void> {
    const { dryRun, lang, ...rest } = query;
    if (parseDryRun(dryRun)) {
      const preview = await this.previewMicrodata(actor, rest);
      void reply.header('Cache-Control', 'no-store').send(preview);
      return;
    }
    // A CSV carries a label beside each code, in the language asked or the reader's own.
    const asked = parseLang(lang);
    const labeller =
      rest.format === 'csv' ? statLabeller(asked ?? (await this.languageOf(actor))) : undefined;
    return exportLiveMicrodata(
      this.dataSource,
      this.audit,
      actor,
      rest,
      reply,
      this.config.statsRequireConsent,
      labeller,
    );
  }

  /**
   * What the live microdata export would publish (one statement: the period it would choose, the
   * rows and the withheld); when it would withhold every row, coarser choices, each checked: k
   * lowered to 5, and the aggregate table by outcome (counts, not rows; at this k, else at 5).
   * Audited as a read.
   */
  async previewMicrodata(actor: Actor, query: Record<string, unknown>): Promise<MicrodataPreview> {
    for (const key of Object.keys(query))
      if (!['k', 'format'].includes(key))
        throw badRequest(
          `${key}: unknown parameter; allowed: k, format, dryRun`,
          'query.unknown_parameter',
          { field: key, args: { allowed: 'k, format, dryRun' } },
        );
    const k = parseK(query.k);
    const consentOnly = this.config.statsRequireConsent;
    const computedAt = new Date();
    const scope = { k, openedFrom: null, openedBefore: null, consentOnly };
    const summary = await microdataSummary(this.dataSource, scope);
    const everything = summary.total > 0 && summary.rows === 0;
    const suggestions: StatSuggestion[] = [];
    if (everything && k > 5) {
      const lower = await microdataSummary(this.dataSource, { ...scope, k: 5 });
      suggestions.push({ kind: 'lower_k', change: { k: 5 }, shown: lower.rows, of: lower.total });
    }
    if (everything) {
      // The counts by outcome at this k, else at the smallest (the same counted rows).
      const dimensions: StatDimension[] = ['outcome'];
      const table = await this.count({
        dimensions,
        from: null,
        to: null,
        unit: 'cases',
        periodBy: 'opened',
      });
      for (const tableK of k > 5 ? [k, 5] : [k]) {
        const counts = cellCounts(protectTable(table.raw, dimensions, tableK, null), dimensions);
        if (counts.shown === 0) continue;
        suggestions.push({
          kind: 'aggregate_table',
          change: { dimensions, k: tableK },
          shown: counts.shown,
          of: counts.cells,
        });
        break;
      }
    }
    const offered = suggestions.filter((suggestion) => (suggestion.shown ?? 0) > 0);
    await this.audit.recordNow(actor, {
      action: 'read',
      entityType: 'statistics',
      teamId: actor.teamId,
      summary: `microdata export preview: ${summary.rows} rows, ${summary.withheld} withheld (k=${k}, by ${summary.period})`,
      details: {
        kind: 'microdata_preview',
        k,
        period: summary.period,
        rows: summary.rows,
        withheld: summary.withheld,
        suggestions: offered.length,
      },
    });
    return {
      dryRun: true,
      k,
      period: summary.period,
      total: summary.total,
      rows: summary.rows,
      withheld: summary.withheld,
      withholdsEverything: everything,
      suggestions: offered,
      computedAt: computedAt.toISOString(),
    };
  }
}
