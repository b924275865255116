import type { ProcedureTrack, ServiceMethod } from '../deadlines/rules.js';
import type { ServiceExplanation } from '../deadlines/service.js';
import type { CaseType, Ground, MilitaryStatus, Outcome, Priority, Stage } from './case.enums.js';
import { STAGES } from './case.enums.js';
import type { LegalHold } from '../retention/retention.types.js';

export const SUMMONS_KINDS = ['none', 'paper', 'electronic', 'both'] as const;
export type SummonsKind = (typeof SUMMONS_KINDS)[number];

export interface AuthorityReference {
  /** e.g. "BAMF", "OFPRA", "Migration Service of Georgia". */
  authority: string;
  reference: string;
}

/** A case as a list shows it. */
export interface CaseListItem {
  id: string;
  reference: string;
  clientId: string;
  /** "Given Family" of the client, for lists. */
  clientName: string;
  caseType: CaseType;
  jurisdiction: string;
  stage: Stage;
  outcome: Outcome | null;
  priority: Priority;
  assignedToId: string | null;
  teamId: string;
  grounds: Ground[];
  militaryStatus: MilitaryStatus;
  openedOn: string;
  closedOn: string | null;
  nextDeadlineOn: string | null;
  lastActivityAt: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A case read in full (an audited read). */
export interface CaseResponse extends CaseListItem {
  summonsKind: SummonsKind;
  summonsDate: string | null;
  desertionDate: string | null;
  referralSource: string | null;
  authorityReferences: AuthorityReference[];
  /** The legal service date of the decision: given, or derived from the two below. */
  decisionServedOn: string | null;
  /** The day the decision arrived, in the sense its service method gives the date. */
  decisionReceivedOn: string | null;
  serviceMethod: ServiceMethod | null;
  procedureTrack: ProcedureTrack;
  /** How `decisionServedOn` was reached, for the client to render; null without a date. */
  decisionService: ServiceExplanation | null;
  /** Restricted, encrypted at rest. */
  claimSummary: string | null;
  serviceHistory: string | null;
  /** A legal hold keeps the case from retention and its client from anonymisation. */
  legalHold: LegalHold | null;
}

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}

/**
 * The stage rules: moving forward (skipping stages too) is fine; going back needs a reason;
 * closing needs an outcome. Returns the name of the field at fault, or null when allowed.
 */
export function checkStageChange(
  from: Stage,
  to: Stage,
  options: { reason?: string | null; outcome?: Outcome | null },
): { field: 'stageReason' | 'outcome'; message: string } | null {
  if (to === 'closed' && !options.outcome) {
    return { field: 'outcome', message: 'outcome: closing a case requires an outcome' };
  }
  if (stageIndex(to) < stageIndex(from) && !options.reason?.trim()) {
    return {
      field: 'stageReason',
      message: `stageReason: going back from ${from} to ${to} requires a reason`,
    };
  }
  return null;
}
