/** Dimensions of the anonymised aggregate tables (api-contract.md, Statistics). */
export const STAT_DIMENSIONS = [
  'nationality',
  'jurisdiction',
  'caseType',
  'stage',
  'outcome',
  'ground',
  'sex',
  'ageBand',
  'openedMonth',
  'decidedMonth',
  'team',
] as const;
export type StatDimension = (typeof STAT_DIMENSIONS)[number];

/** UNHCR age bands. */
export const AGE_BANDS = ['0-4', '5-11', '12-17', '18-59', '60+', 'unknown'] as const;

/** Recognition: refugee + subsidiary + humanitarian over those plus rejections (domain.md). */
export const RECOGNISED_OUTCOMES = [
  'refugee_status',
  'subsidiary_protection',
  'humanitarian_protection',
] as const;
export const REJECTED_OUTCOMES = ['rejected', 'rejected_manifestly_unfounded'] as const;
/** No percentage over fewer decisions than this. */
export const MIN_DECISIONS_FOR_RATE = 10;

/** Grounds grouped at the top level for microdata. */
export const GROUND_GROUPS: Record<string, string> = {
  race: 'convention',
  religion: 'convention',
  nationality: 'convention',
  particular_social_group: 'convention',
  political_opinion: 'convention',
  conscientious_objection: 'military_service',
  unlawful_conflict: 'military_service',
  conditions_of_service: 'military_service',
  forced_recruitment: 'military_service',
  death_penalty: 'serious_harm',
  torture: 'serious_harm',
  indiscriminate_violence: 'serious_harm',
  other: 'other',
};

/** What a table counts: cases, or persons (a person with several cases in a cell counts once). */
export const STAT_UNITS = ['cases', 'persons'] as const;
export type StatUnit = (typeof STAT_UNITS)[number];

/** Which month places a case in a period: the month it opened, or the month its decision was served. */
export const STAT_PERIODS_BY = ['opened', 'decided'] as const;
export type StatPeriodBy = (typeof STAT_PERIODS_BY)[number];

/**
 * The published perturbation table of the cell-key method: a cell's noise is the value whose
 * cumulative interval holds the cell key (the sum of its records' keys modulo `keyModulus`, over
 * `keyModulus`). Zero mean for every count; `maxNoise` and `variance` are what an analyst publishes
 * as the method's error. `byCount` holds the rows for small counts, `default` the row for the rest.
 */
export interface PerturbationTable {
  keyModulus: number;
  maxNoise: number;
  /** The variance of the noise for counts of 2 and more (a count of 1: `varianceOfOne`). */
  variance: number;
  varianceOfOne: number;
  /** noise value → probability, per count (1) and for every larger count. */
  byCount: Record<number, Record<string, number>>;
  default: Record<string, number>;
}

export interface AggregateRow {
  /** One key per requested dimension; null marks a total or margin over that dimension. */
  [dimension: string]: string | number | boolean | null;
  /** The perturbed count (rounded when asked); null when hidden. */
  count: number | null;
  suppressed: boolean;
  /** The perturbed counts the recognition rate rests on; null when hidden. */
  recognised: number | null;
  rejected: number | null;
  /** recognised ÷ (recognised + rejected) in %, only where both are shown. */
  recognitionRate: number | null;
}

export interface AggregateResponse {
  data: AggregateRow[];
  k: number;
  round: number | null;
  method: 'cell-key';
  unit: StatUnit;
  periodBy: StatPeriodBy;
  /** Whole months, inclusive: `YYYY-MM`, or null for unbounded. */
  from: string | null;
  to: string | null;
  /** The noise every shown count carries (the perturbation table's parameters). */
  noise: { max: number; variance: number };
  /**
   * Every change committed before this instant (ISO 8601) is counted: tables of cases are counted
   * from a rollup kept in the background, at most `HAVEN_STATS_MAX_AGE_SECONDS` behind.
   */
  computedAt: string;
  /** Every cell (a value in each dimension) is hidden: the export would withhold everything. */
  withholdsEverything?: boolean;
  /** When it would: coarser choices that show something (`StatSuggestion`). */
  suggestions?: StatSuggestion[];
}

/** A microdata release: one ended quarter, fixed once made (`POST /api/stats/releases`). */
export interface StatsRelease {
  id: string;
  /** e.g. `2026-Q3`. */
  quarter: string;
  k: number;
  rows: number;
  createdAt: string;
}

/**
 * A coarser choice offered when an export would withhold everything, computed from the request:
 * the settings to change, and what the changed request would show (`shown` of `of`: cells of a
 * table, rows of a microdata export; null where not checked).
 */
export interface StatSuggestion {
  kind: 'fewer_dimensions' | 'longer_period' | 'lower_k' | 'aggregate_table';
  change: {
    dimensions?: StatDimension[];
    from?: string | null;
    to?: string | null;
    k?: number;
  };
  shown: number | null;
  of: number | null;
}

/**
 * `GET /api/stats/aggregate?dryRun=1`: what the table would show, without a count — its cells (every
 * dimension with a value), how many of them are shown and hidden, whether the export would withhold
 * every one, and coarser choices when it would.
 */
export interface AggregatePreview {
  dryRun: true;
  dimensions: StatDimension[];
  k: number;
  cells: number;
  shownCells: number;
  hiddenCells: number;
  withholdsEverything: boolean;
  suggestions: StatSuggestion[];
  computedAt: string;
}

/** `GET /api/stats/microdata?dryRun=1`: how many rows the export would publish and withhold. */
export interface MicrodataPreview {
  dryRun: true;
  k: number;
  period: 'month' | 'quarter' | 'year';
  total: number;
  rows: number;
  withheld: number;
  withholdsEverything: boolean;
  suggestions: StatSuggestion[];
  computedAt: string;
}
