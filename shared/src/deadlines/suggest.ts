import type { Outcome } from '../cases/case.enums.js';
import {
  DEADLINE_RULES,
  inForce,
  ruleAppliesTo,
  ruleCovers,
  type DeadlineRule,
  type ProcedureTrack,
} from './rules.js';

/** Outcomes a person appeals against; any other recorded outcome starts no appeal period. */
export const ADVERSE_OUTCOMES: readonly Outcome[] = [
  'rejected',
  'rejected_manifestly_unfounded',
  'inadmissible',
  'dublin_transfer',
];

/** The track a decision was taken in: an outcome that names one decides it. */
export function decisionTrack(outcome: Outcome | null, track: ProcedureTrack): ProcedureTrack {
  if (outcome === 'rejected_manifestly_unfounded') return 'manifestly_unfounded';
  if (outcome === 'inadmissible') return 'inadmissible';
  if (outcome === 'dublin_transfer') return 'dublin';
  return track;
}

export interface DecisionFacts {
  jurisdiction: string;
  outcome: Outcome | null;
  procedureTrack: ProcedureTrack;
  /** The legal service date of the decision. */
  servedOn: string;
  nationality: string | null;
}

/**
 * The rules a served decision starts, in the version in force on the service date: for the
 * decision's track, one appeal rule — never both the regular and the accelerated period. When the
 * track is unknown and the jurisdiction's periods depend on it, the track-independent rules and a
 * question naming the tracks that matter, rather than a guess. Rules for an appeal from outside the
 * country (`place: outside`) are longer and are added by hand, never suggested in place of the
 * shorter one.
 */
export function suggestRules(facts: DecisionFacts): {
  rules: DeadlineRule[];
  question: null | { options: ProcedureTrack[] };
} {
  if (facts.outcome !== null && !ADVERSE_OUTCOMES.includes(facts.outcome))
    return { rules: [], question: null };
  const track = decisionTrack(facts.outcome, facts.procedureTrack);
  const candidates = DEADLINE_RULES.filter(
    (rule) =>
      ruleCovers(rule, facts.jurisdiction) &&
      rule.triggerEvent === 'decision_served' &&
      inForce(rule, facts.servedOn) &&
      rule.appliesTo?.place !== 'outside' &&
      ruleAppliesTo(rule, { nationality: facts.nationality }),
  );
  const free = candidates.filter((rule) => !rule.appliesTo?.procedureTracks);
  const bound = candidates.filter((rule) => rule.appliesTo?.procedureTracks);
  if (track === 'unknown' && bound.length > 0) {
    const options = [...new Set(bound.flatMap((rule) => rule.appliesTo!.procedureTracks!))];
    return { rules: free, question: { options } };
  }
  return {
    rules: [...free, ...bound.filter((rule) => rule.appliesTo!.procedureTracks!.includes(track))],
    question: null,
  };
}
