import {
  OUTCOMES,
  PROCEDURE_TRACKS,
  SERVICE_METHODS,
  decisionTrack,
  deemedService,
  deemedServiceRule,
  stageIndex,
  type CaseResponse,
  type DeemedServiceRule,
  type Outcome,
  type ProcedureTrack,
  type ServiceExplanation,
  type ServiceMethod,
} from '@haven/shared';
import { isDay } from '../common/dates';
import { check, day, oneOf, required, type FieldError } from '../common/validation';

/**
 * The decision dialog's logic as pure functions: which question the arrival date answers, the legal
 * service date it gives (shared `deemedService`, as the server derives it), the checks before saving,
 * and the one PATCH that records it all.
 */
export interface DecisionValues {
  outcome: Outcome | '';
  procedureTrack: ProcedureTrack;
  serviceMethod: ServiceMethod | '';
  /** The day the decision arrived, in the sense the method's rule gives (`receivedMeans`). */
  decisionReceivedOn: string;
  /** Whether the user gives the legal service date themselves instead of Haven deriving it. */
  override: boolean;
  decisionServedOn: string;
}

export type DecisionField =
  'outcome' | 'procedureTrack' | 'serviceMethod' | 'decisionReceivedOn' | 'decisionServedOn';

export type ReceivedMeans = DeemedServiceRule['receivedMeans'];

/** What the recorded arrival date is for this jurisdiction and method ('received' without a rule). */
export function receivedMeans(
  jurisdiction: string,
  method: ServiceMethod | '' | null,
): ReceivedMeans {
  if (!method) return 'received';
  return deemedServiceRule(jurisdiction, method)?.receivedMeans ?? 'received';
}

/** The label key of the arrival date: "Handed to the reception centre on", "Received on", … */
export function receivedOnLabelKey(
  jurisdiction: string,
  method: ServiceMethod | '' | null,
): string {
  return `haven.decision.received_on.${receivedMeans(jurisdiction, method)}`;
}

/** The service date the law gives for how and when the decision arrived; null until both are known. */
export function derivedService(
  jurisdiction: string,
  method: ServiceMethod | '' | null,
  receivedOn: string | null,
): { servedOn: string; explanation: ServiceExplanation } | null {
  if (!method || !receivedOn || !isDay(receivedOn)) return null;
  return deemedService(jurisdiction, method, receivedOn);
}

/** The dialog's starting values: the case's own, the service date as given when it was overridden. */
export function initialDecision(record: CaseResponse): DecisionValues {
  const overridden = record.decisionService?.code === 'service.given';
  return {
    outcome: record.outcome ?? '',
    procedureTrack: record.procedureTrack ?? 'unknown',
    serviceMethod: record.serviceMethod ?? '',
    decisionReceivedOn: record.decisionReceivedOn ?? '',
    override: overridden,
    decisionServedOn: overridden ? (record.decisionServedOn ?? '') : '',
  };
}

/**
 * The track to show once an outcome is chosen: an outcome that names its procedure (manifestly
 * unfounded, inadmissible, Dublin) decides it, as the server's suggestions do; otherwise the user's.
 */
export function trackForOutcome(outcome: Outcome | '', track: ProcedureTrack): ProcedureTrack {
  return decisionTrack(outcome || null, track);
}

/** The dialog's checks, mirroring the server's (UpdateCaseDto): every date a real day, none in the future. */
export function validateDecision(
  values: DecisionValues,
  today: string,
): Partial<Record<DecisionField, FieldError>> {
  const errors: Record<string, FieldError> = {};
  check(errors, 'outcome', required(values.outcome), oneOf(values.outcome, OUTCOMES));
  check(
    errors,
    'procedureTrack',
    required(values.procedureTrack),
    oneOf(values.procedureTrack, PROCEDURE_TRACKS),
  );
  check(
    errors,
    'serviceMethod',
    required(values.serviceMethod),
    oneOf(values.serviceMethod, SERVICE_METHODS),
  );
  check(
    errors,
    'decisionReceivedOn',
    required(values.decisionReceivedOn),
    day(values.decisionReceivedOn, today),
  );
  if (values.override)
    check(
      errors,
      'decisionServedOn',
      required(values.decisionServedOn),
      day(values.decisionServedOn, today),
    );
  return errors;
}

/**
 * The one update that records the decision: `data` for react-admin's update and the `previousData`
 * its data provider diffs against (it sends only changed fields, with the version read).
 *
 * The service date is sent only when the user gives it: otherwise the server derives it from the
 * method and the arrival date. Two cases need it sent all the same: an override equal to the stored
 * date (the diff would drop it, and the server would then derive another date from a changed arrival
 * date), and dropping an override while method and arrival date stay as they were (the server derives
 * only when one of them changes, so the derived date is sent as it stands).
 */
export function decisionUpdate(
  record: CaseResponse,
  values: DecisionValues,
): { data: Record<string, unknown>; previousData: Record<string, unknown> } {
  const data: Record<string, unknown> = {
    outcome: values.outcome || null,
    procedureTrack: values.procedureTrack,
    serviceMethod: values.serviceMethod || null,
    decisionReceivedOn: values.decisionReceivedOn || null,
  };
  if (stageIndex(record.stage) < stageIndex('decision')) data.stage = 'decision';
  let forceServedOn = false;
  if (values.override) {
    data.decisionServedOn = values.decisionServedOn;
    forceServedOn = true;
  } else {
    const derived = derivedService(
      record.jurisdiction,
      values.serviceMethod,
      values.decisionReceivedOn,
    );
    const serverDerives =
      values.serviceMethod !== (record.serviceMethod ?? '') ||
      values.decisionReceivedOn !== (record.decisionReceivedOn ?? '');
    if (derived && !serverDerives && derived.servedOn !== record.decisionServedOn) {
      data.decisionServedOn = derived.servedOn;
    }
  }
  const previousData: Record<string, unknown> = { ...record };
  if (forceServedOn) delete previousData.decisionServedOn;
  return { data, previousData };
}
