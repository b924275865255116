import {
  deemedService,
  type AuthorityReference,
  type CaseListItem,
  type CaseResponse,
  type Ground,
  type ServiceExplanation,
} from '@haven/shared';
import { db } from '../database/sql.js';
import { fieldContext, type FieldEncryption } from '../encryption/field-encryption.js';
import type { CaseEntity } from './case.entity.js';
import { legalHoldOf } from '../retention/legal-hold.js';

/**
 * Case fields kept as AES-256-GCM ciphertext, bound to their row: the narrative, and the facts that
 * identify a person to the authorities (the dates of their summons and desertion, the file numbers
 * authorities gave them). `json` fields hold a JSON document; an empty one is stored as NULL.
 */
const ENCRYPTED_FIELDS = {
  claimSummary: { column: 'claim_summary', json: false },
  serviceHistory: { column: 'service_history', json: false },
  summonsDate: { column: 'summons_date', json: false },
  desertionDate: { column: 'desertion_date', json: false },
  authorityReferences: { column: 'authority_references', json: true },
} as const;
export type CaseEncryptedField = keyof typeof ENCRYPTED_FIELDS;
export const CASE_ENCRYPTED = Object.keys(ENCRYPTED_FIELDS) as CaseEncryptedField[];

export function caseContext(field: CaseEncryptedField, id: string): string {
  return fieldContext('legal_case', ENCRYPTED_FIELDS[field].column, id);
}

/** A case field's plaintext (JSON fields parsed; an empty one as `[]`). */
export function openCaseField<T = unknown>(
  crypto: FieldEncryption,
  field: CaseEncryptedField,
  id: string,
  stored: string | null,
): T {
  const context = caseContext(field, id);
  return (
    ENCRYPTED_FIELDS[field].json
      ? crypto.decryptJson(stored, context, [])
      : crypto.decrypt(stored, context)
  ) as T;
}

/** A case field's ciphertext for a plaintext value (null for an empty one). */
export function sealCaseField(
  crypto: FieldEncryption,
  field: CaseEncryptedField,
  id: string,
  value: unknown,
): string | null {
  const context = caseContext(field, id);
  return ENCRYPTED_FIELDS[field].json
    ? crypto.encryptJson(value, context)
    : crypto.encrypt(value as string | null, context);
}

/**
 * Every column of a case over the alias `c`, named and typed as the entity has them (dates as
 * text, YYYY-MM-DD): what the mappers below read, and what an entity is made from before a save.
 */
export function selectCases() {
  return db
    .selectFrom('legal_case as c')
    .select((eb) => [
      'c.id',
      'c.reference',
      'c.client_id as clientId',
      'c.case_type as caseType',
      'c.jurisdiction',
      'c.stage',
      'c.outcome',
      'c.priority',
      'c.assigned_to_id as assignedToId',
      'c.team_id as teamId',
      eb.ref('c.grounds').$castTo<Ground[]>().as('grounds'),
      'c.military_status as militaryStatus',
      'c.summons_kind as summonsKind',
      'c.summons_date as summonsDate',
      'c.desertion_date as desertionDate',
      'c.referral_source as referralSource',
      'c.authority_references as authorityReferences',
      eb.cast<string | null>('c.decision_served_on', 'text').as('decisionServedOn'),
      eb.cast<string | null>('c.decision_received_on', 'text').as('decisionReceivedOn'),
      'c.service_method as serviceMethod',
      'c.procedure_track as procedureTrack',
      eb.cast<string>('c.opened_on', 'text').as('openedOn'),
      eb.cast<string | null>('c.closed_on', 'text').as('closedOn'),
      eb.cast<string | null>('c.next_deadline_on', 'text').as('nextDeadlineOn'),
      'c.last_activity_at as lastActivityAt',
      'c.claim_summary as claimSummary',
      'c.service_history as serviceHistory',
      'c.legal_hold_reason as legalHoldReason',
      eb.cast<string | null>('c.legal_hold_until', 'text').as('legalHoldUntil'),
      'c.legal_hold_set_at as legalHoldSetAt',
      'c.legal_hold_set_by_id as legalHoldSetById',
      'c.created_at as createdAt',
      'c.updated_at as updatedAt',
      'c.version',
    ]);
}

/** `selectCases` with the name of the case's client (a left join over `cl`). */
export function selectCasesWithClient() {
  return selectCases()
    .leftJoin('client as cl', 'cl.id', 'c.client_id')
    .select(['cl.given_name as clientGivenName', 'cl.family_name as clientFamilyName']);
}

/** A case as the mappers read it: an entity, or a row of `selectCases`. */
type CaseRecord = Omit<CaseEntity, 'client' | 'assignedTo' | 'team'>;

type WithClient = CaseRecord & { client?: { givenName: string; familyName: string } | null };

/** A row of `selectCasesWithClient` as the mappers take it. */
export function withClient<
  R extends CaseRecord & { clientGivenName: string | null; clientFamilyName: string | null },
>(row: R): WithClient {
  const client =
    row.clientGivenName === null
      ? null
      : { givenName: row.clientGivenName, familyName: row.clientFamilyName ?? '' };
  return { ...row, client };
}

export function toCaseListItem(record: WithClient): CaseListItem {
  return caseListItemFromRow({
    ...record,
    givenName: record.client?.givenName ?? null,
    familyName: record.client?.familyName ?? null,
    lastActivityAt: record.lastActivityAt.toISOString(),
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  });
}

/**
 * A case list row as the list statement returns it: dates as text, and instants as the ISO text
 * `toISOString` writes, made by PostgreSQL (the list's `isoInstant`).
 */
export type CaseListRow = Omit<CaseListItem, 'clientName'> & {
  givenName: string | null;
  familyName: string | null;
};

export function caseListItemFromRow(row: CaseListRow): CaseListItem {
  return {
    id: row.id,
    reference: row.reference,
    clientId: row.clientId,
    clientName: row.givenName === null ? '' : `${row.givenName} ${row.familyName}`,
    caseType: row.caseType,
    jurisdiction: row.jurisdiction,
    stage: row.stage,
    outcome: row.outcome,
    priority: row.priority,
    assignedToId: row.assignedToId,
    teamId: row.teamId,
    grounds: row.grounds,
    militaryStatus: row.militaryStatus,
    openedOn: row.openedOn,
    closedOn: row.closedOn,
    nextDeadlineOn: row.nextDeadlineOn,
    lastActivityAt: row.lastActivityAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export function toCaseResponse(record: WithClient, crypto: FieldEncryption): CaseResponse {
  return {
    ...toCaseListItem(record),
    summonsKind: record.summonsKind,
    summonsDate: openCaseField<string | null>(crypto, 'summonsDate', record.id, record.summonsDate),
    desertionDate: openCaseField<string | null>(
      crypto,
      'desertionDate',
      record.id,
      record.desertionDate,
    ),
    referralSource: record.referralSource,
    authorityReferences: openCaseField<AuthorityReference[]>(
      crypto,
      'authorityReferences',
      record.id,
      record.authorityReferences,
    ),
    decisionServedOn: record.decisionServedOn,
    decisionReceivedOn: record.decisionReceivedOn,
    serviceMethod: record.serviceMethod,
    procedureTrack: record.procedureTrack,
    decisionService: serviceExplanation(record),
    claimSummary: openCaseField<string | null>(
      crypto,
      'claimSummary',
      record.id,
      record.claimSummary,
    ),
    serviceHistory: openCaseField<string | null>(
      crypto,
      'serviceHistory',
      record.id,
      record.serviceHistory,
    ),
    legalHold: legalHoldOf(record, crypto),
  };
}

/**
 * How a case's service date was reached: derived from how and when the decision arrived when the
 * jurisdiction's rule gives the stored date, else as recorded.
 */
export function serviceExplanation(
  record: Pick<
    CaseRecord,
    'jurisdiction' | 'decisionServedOn' | 'decisionReceivedOn' | 'serviceMethod'
  >,
): ServiceExplanation | null {
  if (!record.decisionServedOn) return null;
  if (record.serviceMethod && record.decisionReceivedOn) {
    const derived = deemedService(
      record.jurisdiction,
      record.serviceMethod,
      record.decisionReceivedOn,
    );
    if (derived.servedOn === record.decisionServedOn) return derived.explanation;
  }
  return { code: 'service.given', params: { servedOn: record.decisionServedOn } };
}

/**
 * Derives the service date from how and when the decision arrived, when a change touched either (or
 * the jurisdiction) and no service date was given with it. A date that was derived goes when either
 * fact is cleared (it would otherwise pass for one a person entered). Returns whether it changed.
 */
export function deriveServiceDate(
  record: Pick<
    CaseRecord,
    'jurisdiction' | 'decisionServedOn' | 'decisionReceivedOn' | 'serviceMethod'
  >,
  given: { decisionServedOn?: string | null },
  wasDerived = false,
): boolean {
  if (given.decisionServedOn !== undefined) return false;
  if (!record.serviceMethod || !record.decisionReceivedOn) {
    if (!wasDerived || record.decisionServedOn === null) return false;
    record.decisionServedOn = null;
    return true;
  }
  const { servedOn } = deemedService(
    record.jurisdiction,
    record.serviceMethod,
    record.decisionReceivedOn,
  );
  if (servedOn === record.decisionServedOn) return false;
  record.decisionServedOn = servedOn;
  return true;
}

/** Writes plaintext values of encrypted fields onto the record as ciphertext; returns the fields that changed. */
export function encryptCaseFields(
  record: CaseRecord,
  values: Partial<Record<CaseEncryptedField, unknown>>,
  crypto: FieldEncryption,
): string[] {
  const changed: string[] = [];
  for (const field of CASE_ENCRYPTED) {
    const value = values[field];
    if (value === undefined) continue;
    const before = openCaseField(crypto, field, record.id, record[field]);
    const same = ENCRYPTED_FIELDS[field].json
      ? JSON.stringify(before) === JSON.stringify(value ?? [])
      : before === ((value as string | null) || null);
    if (same) continue;
    record[field] = sealCaseField(crypto, field, record.id, value);
    changed.push(field);
  }
  return changed;
}
