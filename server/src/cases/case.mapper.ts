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

export const CASE_ENCRYPTED = ['claimSummary', 'serviceHistory'] as const;
const COLUMN: Record<(typeof CASE_ENCRYPTED)[number], string> = {
  claimSummary: 'claim_summary',
  serviceHistory: 'service_history',
};

export function caseContext(field: (typeof CASE_ENCRYPTED)[number], id: string): string {
  return fieldContext('legal_case', COLUMN[field], id);
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
      eb.cast<string | null>('c.summons_date', 'text').as('summonsDate'),
      eb.cast<string | null>('c.desertion_date', 'text').as('desertionDate'),
      'c.referral_source as referralSource',
      eb.ref('c.authority_references').$castTo<AuthorityReference[]>().as('authorityReferences'),
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
  });
}

/** A case list row as the list statement returns it (dates as text, instants as Date). */
export type CaseListRow = Omit<
  CaseListItem,
  'clientName' | 'lastActivityAt' | 'createdAt' | 'updatedAt'
> & {
  givenName: string | null;
  familyName: string | null;
  lastActivityAt: Date;
  createdAt: Date;
  updatedAt: Date;
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
    lastActivityAt: row.lastActivityAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function toCaseResponse(record: WithClient, crypto: FieldEncryption): CaseResponse {
  return {
    ...toCaseListItem(record),
    summonsKind: record.summonsKind,
    summonsDate: record.summonsDate,
    desertionDate: record.desertionDate,
    referralSource: record.referralSource,
    authorityReferences: record.authorityReferences,
    decisionServedOn: record.decisionServedOn,
    decisionReceivedOn: record.decisionReceivedOn,
    serviceMethod: record.serviceMethod,
    procedureTrack: record.procedureTrack,
    decisionService: serviceExplanation(record),
    claimSummary: crypto.decrypt(record.claimSummary, caseContext('claimSummary', record.id)),
    serviceHistory: crypto.decrypt(record.serviceHistory, caseContext('serviceHistory', record.id)),
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

export function encryptCaseFields(
  record: CaseRecord,
  values: Partial<Record<(typeof CASE_ENCRYPTED)[number], string | null>>,
  crypto: FieldEncryption,
): string[] {
  const changed: string[] = [];
  for (const field of CASE_ENCRYPTED) {
    const value = values[field];
    if (value === undefined) continue;
    const context = caseContext(field, record.id);
    if (crypto.decrypt(record[field], context) !== (value || null)) {
      record[field] = crypto.encrypt(value, context);
      changed.push(field);
    }
  }
  return changed;
}
