import {
  DEADLINE_RULES,
  decisionTrack,
  findRule,
  ruleDescription,
  type DeadlineRule,
  type Outcome,
  type ProcedureTrack,
  type UiLocale,
} from '@haven/shared';

/**
 * Rules as the reader sees them: their text in the reader's language (shared `ruleDescription`), and
 * the few facts a picker or a suggestion adds. Pure functions.
 */

/** Any version of a rule, for its text: the given version, else the latest. */
export function ruleText(id: string | null, version?: number | null): DeadlineRule | undefined {
  if (!id) return undefined;
  return findRule(id, version ?? undefined) ?? findRule(id);
}

/**
 * A deadline's title in the reader's language: a title left to its rule's (English) description is
 * shown in the reader's language; a title someone wrote is shown as written.
 */
export function deadlineTitle(
  deadline: { title: string; ruleId: string | null; ruleVersion?: number | null },
  locale: UiLocale,
): string {
  if (!deadline.ruleId) return deadline.title;
  const english = DEADLINE_RULES.filter((rule) => rule.id === deadline.ruleId);
  const match = english.find((rule) => rule.description === deadline.title);
  return match ? ruleDescription(match, locale) : deadline.title;
}

/** The track a case's decision was taken in, as the server's suggestions read it. */
export function caseDecisionTrack(record: {
  outcome: Outcome | null;
  procedureTrack: ProcedureTrack;
}): ProcedureTrack {
  return decisionTrack(record.outcome, record.procedureTrack ?? 'unknown');
}

/** The suggested rules that are appeals (kind `appeal`): exactly one once the track is known. */
export function appealSuggestions<T extends { ruleId: string; version: number }>(items: T[]): T[] {
  return items.filter((item) => ruleText(item.ruleId, item.version)?.kind === 'appeal');
}
