import {
  CASE_TYPES,
  GROUNDS,
  MILITARY_STATUSES,
  PRIORITIES,
  PROCEDURE_TRACKS,
  SERVICE_METHODS,
  SUMMONS_KINDS,
  type AuthorityReference,
} from '@haven/shared';
import {
  allOf,
  check,
  country,
  day,
  maxItems,
  maxLength,
  oneOf,
  required,
  nest,
  text,
  type FieldErrors,
} from '../common/validation';

/** The case fields the edit form changes (stage and assignment have their own dialogs). */
export interface CaseFormValues {
  caseType?: string | null;
  jurisdiction?: string | null;
  priority?: string | null;
  grounds?: string[] | null;
  militaryStatus?: string | null;
  summonsKind?: string | null;
  summonsDate?: string | null;
  desertionDate?: string | null;
  decisionServedOn?: string | null;
  decisionReceivedOn?: string | null;
  serviceMethod?: string | null;
  procedureTrack?: string | null;
  openedOn?: string | null;
  referralSource?: string | null;
  authorityReferences?: (Partial<AuthorityReference> | null)[] | null;
  claimSummary?: string | null;
  serviceHistory?: string | null;
  [other: string]: unknown;
}

/** The server's UpdateCaseDto rules, for the edit form. */
export function validateCase(values: CaseFormValues, today: string): Record<string, unknown> {
  const errors: FieldErrors = {};
  check(errors, 'caseType', required(values.caseType), oneOf(values.caseType, CASE_TYPES));
  check(errors, 'jurisdiction', required(values.jurisdiction), country(values.jurisdiction));
  check(errors, 'priority', oneOf(values.priority, PRIORITIES));
  check(errors, 'grounds', allOf(values.grounds, GROUNDS));
  check(errors, 'militaryStatus', oneOf(values.militaryStatus, MILITARY_STATUSES));
  check(errors, 'summonsKind', oneOf(values.summonsKind, SUMMONS_KINDS));
  check(errors, 'summonsDate', day(values.summonsDate, today));
  check(errors, 'desertionDate', day(values.desertionDate, today));
  check(errors, 'decisionServedOn', day(values.decisionServedOn, today));
  check(errors, 'decisionReceivedOn', day(values.decisionReceivedOn, today));
  check(errors, 'serviceMethod', oneOf(values.serviceMethod, SERVICE_METHODS));
  // The server keeps a track on every case ('unknown' until known): it cannot be cleared.
  check(
    errors,
    'procedureTrack',
    required(values.procedureTrack),
    oneOf(values.procedureTrack, PROCEDURE_TRACKS),
  );
  check(errors, 'openedOn', required(values.openedOn), day(values.openedOn, today));
  check(errors, 'referralSource', maxLength(values.referralSource, 200));
  check(errors, 'authorityReferences', maxItems(values.authorityReferences, 20));
  (values.authorityReferences ?? []).forEach((row, i) => {
    if (!row || (!text(row.authority) && !text(row.reference))) return;
    check(
      errors,
      `authorityReferences.${i}.authority`,
      required(text(row.authority)),
      maxLength(row.authority, 120),
    );
    check(
      errors,
      `authorityReferences.${i}.reference`,
      required(text(row.reference)),
      maxLength(row.reference, 120),
    );
  });
  check(errors, 'claimSummary', maxLength(values.claimSummary, 20000));
  check(errors, 'serviceHistory', maxLength(values.serviceHistory, 20000));
  return nest(errors);
}

const NULLABLE_TEXT = [
  'summonsDate',
  'desertionDate',
  'decisionServedOn',
  'decisionReceivedOn',
  'serviceMethod',
  'referralSource',
  'claimSummary',
  'serviceHistory',
];

/** What the edit form sends: trimmed text, cleared fields as null, empty rows dropped. */
export function casePayload<T extends CaseFormValues>(values: T): T {
  const payload: Record<string, unknown> = { ...values };
  for (const field of NULLABLE_TEXT) {
    if (field in payload) payload[field] = text(payload[field]) ?? null;
  }
  if (Array.isArray(payload.authorityReferences)) {
    payload.authorityReferences = (values.authorityReferences ?? [])
      .filter((row): row is Partial<AuthorityReference> =>
        Boolean(row && (text(row.authority) || text(row.reference))),
      )
      .map((row) => ({
        authority: text(row.authority) ?? '',
        reference: text(row.reference) ?? '',
      }));
  }
  if (Array.isArray(payload.grounds)) payload.grounds = [...new Set(payload.grounds as string[])];
  return payload as T;
}
