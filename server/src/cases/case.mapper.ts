import type { CaseListItem, CaseResponse } from '@haven/shared';
import { fieldContext, type FieldEncryption } from '../encryption/field-encryption.js';
import type { CaseEntity } from './case.entity.js';

export const CASE_ENCRYPTED = ['claimSummary', 'serviceHistory'] as const;
const COLUMN: Record<(typeof CASE_ENCRYPTED)[number], string> = { claimSummary: 'claim_summary', serviceHistory: 'service_history' };

export function caseContext(field: (typeof CASE_ENCRYPTED)[number], id: string): string {
  return fieldContext('legal_case', COLUMN[field], id);
}

type WithClient = CaseEntity & { client?: { givenName: string; familyName: string } | null };

export function toCaseListItem(record: WithClient): CaseListItem {
  return {
    id: record.id,
    reference: record.reference,
    clientId: record.clientId,
    clientName: record.client ? `${record.client.givenName} ${record.client.familyName}` : '',
    caseType: record.caseType,
    jurisdiction: record.jurisdiction,
    stage: record.stage,
    outcome: record.outcome,
    priority: record.priority,
    assignedToId: record.assignedToId,
    teamId: record.teamId,
    grounds: record.grounds,
    militaryStatus: record.militaryStatus,
    openedOn: record.openedOn,
    closedOn: record.closedOn,
    nextDeadlineOn: record.nextDeadlineOn,
    lastActivityAt: record.lastActivityAt.toISOString(),
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    version: record.version,
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
