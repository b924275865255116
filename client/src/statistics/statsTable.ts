import {
  STAT_DIMENSIONS,
  STAT_PERIODS_BY,
  STAT_UNITS,
  type AggregateRow,
  type StatDimension,
  type StatPeriodBy,
  type StatSuggestion,
  type StatUnit,
} from '@haven/shared';
import { isMonth } from './periods';

/**
 * The pure side of the statistics page: the query of `GET /api/stats/aggregate`, and how its rows
 * are presented — which rows are cells, margins (totals over some dimensions) or the grand total,
 * which are hidden and why, and the shapes the table and the chart draw. The server decides every
 * number and every suppression; nothing here computes a count.
 */

export const MIN_K = 5;
export const MAX_K = 1000;
export const ROUNDING_BASES = [5, 10] as const;

export interface AggregateSettings {
  dimensions: StatDimension[];
  /** The first and last whole month (YYYY-MM, inclusive); empty for no bound. */
  from: string;
  to: string;
  /** Which month places a case in the period: the month it opened, or its decision's. */
  periodBy: StatPeriodBy;
  /** What is counted: cases, or persons (once per cell however many cases they have). */
  unit: StatUnit;
  k: number;
  /** Round shown counts to this base; null for exact counts. */
  round: number | null;
}

export const DEFAULT_SETTINGS: AggregateSettings = {
  dimensions: ['nationality'],
  from: '',
  to: '',
  periodBy: 'opened',
  unit: 'cases',
  k: MIN_K,
  round: null,
};

export type SettingsErrors = Partial<
  Record<'dimensions' | 'from' | 'to' | 'periodBy' | 'unit' | 'k' | 'round', string>
>;

/** The server's rules (statistics.service.ts parseAggregateQuery), as translation keys. */
export function validateSettings(settings: AggregateSettings): SettingsErrors {
  const errors: SettingsErrors = {};
  const dims = settings.dimensions;
  if (dims.length < 1 || dims.length > 3) errors.dimensions = 'haven.statistics.errors.dimensions';
  else if (new Set(dims).size !== dims.length)
    errors.dimensions = 'haven.statistics.errors.distinct';
  else if (dims.some((d) => !(STAT_DIMENSIONS as readonly string[]).includes(d))) {
    errors.dimensions = 'haven.statistics.errors.dimensions';
  }
  if (settings.from && !isMonth(settings.from)) errors.from = 'haven.statistics.errors.month';
  if (settings.to && !isMonth(settings.to)) errors.to = 'haven.statistics.errors.month';
  if (!errors.from && !errors.to && settings.from && settings.to && settings.from > settings.to) {
    errors.to = 'haven.statistics.errors.range';
  }
  if (!(STAT_PERIODS_BY as readonly string[]).includes(settings.periodBy)) {
    errors.periodBy = 'haven.statistics.errors.period_by';
  }
  if (!(STAT_UNITS as readonly string[]).includes(settings.unit)) {
    errors.unit = 'haven.statistics.errors.unit';
  }
  if (!Number.isInteger(settings.k) || settings.k < MIN_K || settings.k > MAX_K) {
    errors.k = 'haven.statistics.errors.k';
  }
  if (
    settings.round !== null &&
    (!Number.isInteger(settings.round) || settings.round < 1 || settings.round > 1000)
  ) {
    errors.round = 'haven.statistics.errors.round';
  }
  return errors;
}

/**
 * The contract's parameters of `GET /api/stats/aggregate`, and only those: the dimensions, the
 * months that are set, what is counted and by which month, k, the rounding when asked, the format
 * when not JSON.
 */
export function aggregateQuery(
  settings: AggregateSettings,
  format: 'json' | 'csv' = 'json',
  lang?: string,
): URLSearchParams {
  const query = new URLSearchParams({ dimensions: settings.dimensions.join(',') });
  if (settings.from) query.set('from', settings.from);
  if (settings.to) query.set('to', settings.to);
  query.set('unit', settings.unit);
  query.set('periodBy', settings.periodBy);
  query.set('k', String(settings.k));
  if (settings.round !== null) query.set('round', String(settings.round));
  if (format !== 'json') query.set('format', format);
  // The CSV's label columns in the interface language.
  if (format === 'csv' && (lang === 'en' || lang === 'ru')) query.set('lang', lang);
  return query;
}

export function microdataQuery(k: number, format: 'json' | 'csv'): URLSearchParams {
  const query = new URLSearchParams({ k: String(k) });
  if (format !== 'json') query.set('format', format);
  return query;
}

export type RowKind = 'cell' | 'margin' | 'total';

/** A row with a value in every dimension is a cell; null in some is a margin; in all, the total. */
export function rowKind(row: AggregateRow, dimensions: readonly string[]): RowKind {
  const nulls = dimensions.filter((dimension) => row[dimension] === null).length;
  if (nulls === 0) return 'cell';
  return nulls === dimensions.length ? 'total' : 'margin';
}

export interface PresentedRow {
  key: string;
  kind: RowKind;
  /** One value per dimension; null where the row totals over that dimension. */
  values: (string | null)[];
  count: number | null;
  suppressed: boolean;
  /** The perturbed recognised and rejected counts; null when hidden. */
  recognised: number | null;
  rejected: number | null;
  recognitionRate: number | null;
}

const shownNumber = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

export function presentRows(data: AggregateRow[], dimensions: readonly string[]): PresentedRow[] {
  return data.map((row) => {
    const values = dimensions.map((dimension) => {
      const value = row[dimension];
      return value === null || value === undefined ? null : String(value);
    });
    return {
      key: values.map((value) => value ?? '∑').join('|'),
      kind: rowKind(row, dimensions),
      values,
      count: row.suppressed ? null : shownNumber(row.count),
      suppressed: row.suppressed,
      recognised: shownNumber(row.recognised),
      rejected: shownNumber(row.rejected),
      // A rate rests on both counts: never shown where either is hidden.
      recognitionRate:
        shownNumber(row.recognised) === null || shownNumber(row.rejected) === null
          ? null
          : shownNumber(row.recognitionRate),
    };
  });
}

/** How many shown rows are hidden, to say so once under the table. */
export function hiddenCount(rows: PresentedRow[]): number {
  return rows.filter((row) => row.suppressed).length;
}

/** The note under a table with hidden cells: why they are hidden, with this table's k. */
export function suppressionNote(rows: PresentedRow[], k: number) {
  const hidden = hiddenCount(rows);
  return hidden === 0
    ? null
    : { key: 'haven.statistics.hidden_note', args: { smart_count: hidden, k } };
}

/** Distinct values of one dimension among the rows, in the server's order, totals left out. */
export function dimensionValues(rows: PresentedRow[], index: number): string[] {
  const seen: string[] = [];
  for (const row of rows) {
    const value = row.values[index];
    if (value !== null && !seen.includes(value)) seen.push(value);
  }
  return seen;
}

export interface CrossTab {
  rowValues: string[];
  columnValues: string[];
  /** The row for (row value, column value); null values mean the margin / the total. */
  at(rowValue: string | null, columnValue: string | null): PresentedRow | undefined;
}

/** Two dimensions as a table: the first down the side, the second across, margins at the ends. */
export function crossTab(rows: PresentedRow[]): CrossTab {
  const byKey = new Map(
    rows.map((row) => [`${row.values[0] ?? '∑'}|${row.values[1] ?? '∑'}`, row]),
  );
  return {
    rowValues: dimensionValues(rows, 0),
    columnValues: dimensionValues(rows, 1),
    at: (rowValue, columnValue) => byKey.get(`${rowValue ?? '∑'}|${columnValue ?? '∑'}`),
  };
}

/** The key of a point's hatched "hidden" bar (drawn where a count is hidden, never as a zero). */
export const HIDDEN_KEY = '__hidden';

/**
 * One bar position: its label (a value of the first dimension), the shown counts by series, and
 * where counts are hidden, `HIDDEN_KEY` (the height the hatched band is drawn at: the chart's
 * tallest bar, so it reads as "not known", not as a small number) and `hiddenSeries` (which).
 */
export interface ChartPoint {
  label: string;
  [series: string]: string | number | string[] | undefined;
  hiddenSeries?: string[];
}

export interface ChartData {
  /** One entry per value of the first dimension, hidden ones included, in the server's order. */
  points: ChartPoint[];
  /** The series (values of the second dimension, or just "count"). */
  series: string[];
  /** How many counts are hidden (drawn hatched). */
  hidden: number;
}

/** The height hidden bands are drawn at: the tallest shown bar (at least 1). */
function withHiddenHeight(points: ChartPoint[], series: string[]): ChartPoint[] {
  const tallest = Math.max(
    1,
    ...points.map((point) =>
      series.reduce((sum, key) => sum + (typeof point[key] === 'number' ? point[key] : 0), 0),
    ),
  );
  return points.map((point) =>
    point.hiddenSeries?.length ? { ...point, [HIDDEN_KEY]: tallest } : point,
  );
}

/** Single-series bars (a margin, or one dimension's cells): hidden counts as hatched bands. */
export function barData(points: { value: string; count: number | null }[]): ChartData {
  const mapped: ChartPoint[] = points.map((point) =>
    point.count === null
      ? { label: point.value, hiddenSeries: ['count'] }
      : { label: point.value, count: point.count },
  );
  return {
    points: withHiddenHeight(mapped, ['count']),
    series: ['count'],
    hidden: points.filter((point) => point.count === null).length,
  };
}

/**
 * What the bar chart draws: counts by the first dimension — stacked by the second when there are
 * two; by the first dimension's margins when there are three. A hidden count is never a zero-height
 * bar: its position gets a hatched band (`HIDDEN_KEY`) naming the hidden series.
 */
export function chartData(rows: PresentedRow[], dimensions: readonly string[]): ChartData {
  if (dimensions.length === 2) {
    const table = crossTab(rows);
    const series = table.columnValues;
    let hidden = 0;
    const points = table.rowValues.map((rowValue) => {
      const point: ChartPoint = { label: rowValue };
      const hiddenSeries: string[] = [];
      for (const columnValue of series) {
        const cell = table.at(rowValue, columnValue);
        if (!cell) continue;
        if (cell.suppressed || cell.count === null) hiddenSeries.push(columnValue);
        else point[columnValue] = cell.count;
      }
      hidden += hiddenSeries.length;
      return hiddenSeries.length ? { ...point, hiddenSeries } : point;
    });
    return { points: withHiddenHeight(points, series), series, hidden };
  }
  // One dimension: its cells. Three: the margins over the second and third dimensions.
  const wanted = (row: PresentedRow) =>
    row.values[0] !== null && row.values.slice(1).every((value) => value === null);
  return barData(
    rows
      .filter((row) => (dimensions.length === 1 ? row.kind === 'cell' : wanted(row)))
      .map((row) => ({ value: row.values[0] as string, count: row.count })),
  );
}

/** Whether the table has nothing to show: no rows, or a total of zero. */
export function isEmptyTable(rows: PresentedRow[]): boolean {
  if (rows.length === 0) return true;
  const total = rows.find((row) => row.kind === 'total');
  return total !== undefined && !total.suppressed && total.count === 0;
}

/** Whether every cell (not margin or total) is hidden: the table says so and how to widen it. */
export function allCellsHidden(rows: PresentedRow[]): boolean {
  const cells = rows.filter((row) => row.kind === 'cell');
  return cells.length > 0 && cells.every((row) => row.suppressed);
}

export interface MarginChart {
  /** The index of the dimension in the table's dimensions. */
  index: number;
  dimension: string;
  /** One bar per value of the dimension, in the server's order; count null where hidden. */
  points: { value: string; count: number | null }[];
  /** How many of the dimension's values have a hidden count (drawn hatched). */
  hidden: number;
}

/**
 * One small chart per dimension: that dimension's margin (the rows that total over every other
 * dimension; with one dimension, its cells), in the server's order, hidden counts included (null)
 * and counted: the chart draws them hatched (`barData`).
 */
export function marginCharts(rows: PresentedRow[], dimensions: readonly string[]): MarginChart[] {
  return dimensions.map((dimension, index) => {
    const margin = rows.filter(
      (row) =>
        row.values[index] !== null &&
        row.values.every((value, other) => other === index || value === null),
    );
    return {
      index,
      dimension,
      points: margin.map((row) => ({ value: row.values[index] as string, count: row.count })),
      hidden: margin.filter((row) => row.count === null).length,
    };
  });
}

/**
 * A coarser choice the server offered (`StatSuggestion`) applied to the settings: the dimensions,
 * months (null: no bound) or k it names; everything else kept.
 */
export function applySuggestion(
  settings: AggregateSettings,
  change: StatSuggestion['change'],
): AggregateSettings {
  return {
    ...settings,
    ...(change.dimensions ? { dimensions: [...change.dimensions] } : {}),
    ...(change.from !== undefined ? { from: change.from ?? '' } : {}),
    ...(change.to !== undefined ? { to: change.to ?? '' } : {}),
    ...(change.k !== undefined ? { k: change.k } : {}),
  };
}

/** The query of an export's preview (`dryRun=1`): the same table, no counts. */
export function previewQuery(settings: AggregateSettings): URLSearchParams {
  const query = aggregateQuery(settings);
  query.set('dryRun', '1');
  return query;
}
