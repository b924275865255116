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

export interface AggregateRow {
  /** One key per requested dimension; null marks a total or margin over that dimension. */
  [dimension: string]: string | number | boolean | null;
  count: number | null;
  suppressed: boolean;
}

export interface AggregateResponse {
  data: AggregateRow[];
  k: number;
  round: number | null;
}
