/** Case stages, in order (domain.md, Case stages and outcomes). */
export const STAGES = [
  'intake',
  'assessment',
  'preparation',
  'lodged',
  'interview',
  'decision',
  'appeal',
  'closed',
] as const;
export type Stage = (typeof STAGES)[number];

export const OUTCOMES = [
  'refugee_status',
  'subsidiary_protection',
  'humanitarian_protection',
  'temporary_protection',
  'rejected',
  'rejected_manifestly_unfounded',
  'inadmissible',
  'dublin_transfer',
  'withdrawn',
  'abandoned',
  'no_longer_assisted',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const CASE_TYPES = [
  'asylum',
  'temporary_protection',
  'residence_permit',
  'humanitarian_visa',
  'family_reunification',
  'resettlement',
  'stay_extension',
  'other',
] as const;
export type CaseType = (typeof CASE_TYPES)[number];

/** Grounds of claim, in the domain's order. */
export const GROUNDS = [
  'race',
  'religion',
  'nationality',
  'particular_social_group',
  'political_opinion',
  'conscientious_objection',
  'unlawful_conflict',
  'conditions_of_service',
  'forced_recruitment',
  'death_penalty',
  'torture',
  'indiscriminate_violence',
  'other',
] as const;
export type Ground = (typeof GROUNDS)[number];

export const MILITARY_STATUSES = [
  'none',
  'draft_evader_pre_summons',
  'draft_evader_post_summons',
  'deserter',
  'mobilised_reservist',
  'conscript',
  'contract_soldier',
  'national_service',
  'unknown',
] as const;
export type MilitaryStatus = (typeof MILITARY_STATUSES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export const DEADLINE_KINDS = [
  'filing',
  'appeal',
  'appeal_grounds',
  'interview',
  'hearing',
  'submission',
  'document_expiry',
  'stay_expiry',
  'decision_expected',
  'other',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
