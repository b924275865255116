import type { StayPeriod } from '../clients/client.types.js';
import { DEADLINE_RULES, findRule, inForce, type DeadlineRule } from './rules.js';

/** The limits of a stay rule, in days. */
export interface StayLimits {
  /** At most this many days in one visit; the day of entry is day 1. */
  perVisitMaxDays: number | null;
  /** At most `maxDays` days present in any `windowDays` consecutive days. */
  rolling: { maxDays: number; windowDays: number } | null;
}

export type StayLimitBinding = 'per_visit' | 'rolling' | 'both';

export interface StayLimitResult {
  /** The entry that opened the current stay (day 1). */
  entryDate: string;
  perVisitLastDay: string | null;
  rollingLastDay: string | null;
  /** The earlier of the two. Before `entryDate` when earlier visits already used up the window. */
  lastLegalDay: string;
  binding: StayLimitBinding;
  /** Days of earlier visits inside the window that ends the day before entry (rolling rules). */
  daysUsedBefore: number | null;
}

/**
 * A stay rule's limits. A rule with neither a per-visit cap nor a rolling limit is a fixed stay
 * from entry, its duration being the per-visit cap.
 */
export function stayLimitsOf(
  rule: Pick<DeadlineRule, 'id' | 'perVisitMaxDays' | 'rolling' | 'duration'>,
): StayLimits {
  let perVisitMaxDays = rule.perVisitMaxDays ?? null;
  if (perVisitMaxDays === null && !rule.rolling) {
    if ('days' in rule.duration) perVisitMaxDays = rule.duration.days;
    else if ('weeks' in rule.duration) perVisitMaxDays = rule.duration.weeks * 7;
    else
      throw new Error(
        `${rule.id}: a stay rule needs perVisitMaxDays, rolling or a duration in days`,
      );
  }
  return { perVisitMaxDays, rolling: rule.rolling ?? null };
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const dayString = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/**
 * The last legal day of the client's current stay (the open stay with the latest entry) under a stay
 * rule: the earlier of the per-visit cap and the rolling limit. Every path counts the day of entry as
 * day 1, and every day of an earlier visit, entry and exit days included, as a day present. Null when
 * no stay is open. This is the only place Haven computes the end of a stay.
 *
 * Rolling: the latest day L such that on every day from entry to L the days present in the window
 * ending that day are at most `maxDays`. An earlier stay left open is counted up to the day before the
 * current entry, and an exit before its own entry as the entry day alone: doubtful data counts
 * against the client's remaining days, never for them.
 */
export function stayLastDays(
  limits: StayLimits,
  stays: readonly StayPeriod[],
): StayLimitResult | null {
  const open = stays.filter((stay) => stay.exitDate === null);
  if (open.length === 0) return null;
  const current = open.reduce((latest, stay) =>
    stay.entryDate > latest.entryDate ? stay : latest,
  );
  const entry = dayNumber(current.entryDate);

  const perVisitLast =
    limits.perVisitMaxDays === null ? null : entry + Math.max(1, limits.perVisitMaxDays) - 1;

  let rollingLast: number | null = null;
  let daysUsedBefore: number | null = null;
  if (limits.rolling) {
    const { maxDays, windowDays } = limits.rolling;
    const earliest = entry - windowDays;
    const before = new Set<number>();
    for (const stay of stays) {
      if (stay === current) continue;
      const from = dayNumber(stay.entryDate);
      const to = stay.exitDate === null ? entry - 1 : Math.max(from, dayNumber(stay.exitDate));
      for (let day = Math.max(from, earliest); day <= Math.min(to, entry - 1); day++)
        before.add(day);
    }
    const earlier = [...before].sort((a, b) => a - b);
    daysUsedBefore = earlier.filter((day) => day >= entry - windowDays + 1).length;
    // Days before entry drop out of the window as it moves on: count those still inside.
    let first = 0;
    rollingLast = entry - 1;
    for (let day = entry; day <= entry + windowDays; day++) {
      while (first < earlier.length && earlier[first] < day - windowDays + 1) first++;
      const present = earlier.length - first + (day - entry + 1);
      if (present > maxDays) break;
      rollingLast = day;
    }
  }

  const candidates = [perVisitLast, rollingLast].filter((day): day is number => day !== null);
  if (candidates.length === 0)
    throw new Error('a stay rule needs a per-visit cap or a rolling limit');
  const last = Math.min(...candidates);
  const binding: StayLimitBinding =
    perVisitLast === rollingLast ? 'both' : last === perVisitLast ? 'per_visit' : 'rolling';
  return {
    entryDate: current.entryDate,
    perVisitLastDay: perVisitLast === null ? null : dayString(perVisitLast),
    rollingLastDay: rollingLast === null ? null : dayString(rollingLast),
    lastLegalDay: dayString(last),
    binding,
    daysUsedBefore,
  };
}

/**
 * The stay rules of a country that name the nationality, in the version in force on `day` (the entry
 * of the current stay); none when no rule covers it.
 */
export function stayRulesFor(country: string, nationality: string, day?: string): DeadlineRule[] {
  return DEADLINE_RULES.filter(
    (rule) =>
      rule.kind === 'stay_expiry' &&
      rule.triggerEvent === 'entry' &&
      !rule.beforeStayEnd &&
      rule.jurisdiction === country &&
      (day === undefined ? findRule(rule.id) === rule : inForce(rule, day)) &&
      (rule.appliesTo?.nationalities ?? []).includes(nationality),
  );
}
