import type { CaseListItem, CaseResponse } from '@haven/shared';
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

type WithClient = CaseEntity & { client?: { givenName: string; familyName: string } | null };

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
    claimSummary: crypto.decrypt(record.claimSummary, caseContext('claimSummary', record.id)),
    serviceHistory: crypto.decrypt(record.serviceHistory, caseContext('serviceHistory', record.id)),
  };
}

export function encryptCaseFields(
  record: CaseEntity,
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
