import type { ClientListItem, ClientResponse, Vulnerability } from '@haven/shared';
import { fieldContext, type FieldEncryption } from '../encryption/field-encryption.js';
import type { ClientEntity } from './client.entity.js';

/** Restricted client fields: ciphertext at rest, plaintext only in an audited read. */
export const CLIENT_ENCRYPTED = [
  'vulnerabilities',
  'ethnicity',
  'religion',
  'healthNotes',
  'sogiNotes',
] as const;
const COLUMN: Record<(typeof CLIENT_ENCRYPTED)[number], string> = {
  vulnerabilities: 'vulnerabilities',
  ethnicity: 'ethnicity',
  religion: 'religion',
  healthNotes: 'health_notes',
  sogiNotes: 'sogi_notes',
};

export function clientContext(field: (typeof CLIENT_ENCRYPTED)[number], id: string): string {
  return fieldContext('client', COLUMN[field], id);
}

/** A client list row as the list statement returns it (dates as text, instants as Date). */
export type ClientListRow = Omit<ClientListItem, 'createdAt' | 'updatedAt'> & {
  createdAt: Date;
  updatedAt: Date;
};

export function clientListItemFromRow(row: ClientListRow): ClientListItem {
  return {
    id: row.id,
    reference: row.reference,
    givenName: row.givenName,
    familyName: row.familyName,
    nativeName: row.nativeName,
    dateOfBirth: row.dateOfBirth,
    dateOfBirthApproximate: row.dateOfBirthApproximate,
    sex: row.sex,
    nationality: row.nationality,
    languages: row.languages,
    currentCountry: row.currentCountry,
    currentCity: row.currentCity,
    arrivalDate: row.arrivalDate,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function toClientResponse(client: ClientEntity, crypto: FieldEncryption): ClientResponse {
  return {
    ...clientListItemFromRow(client),
    interpreterGender: client.interpreterGender,
    phone: client.phone,
    email: client.email,
    safeContactChannel: client.safeContactChannel as ClientResponse['safeContactChannel'],
    messagesAllowed: client.messagesAllowed,
    entryRoute: client.entryRoute,
    stayPermitType: client.stayPermitType,
    stayPermitExpiresOn: client.stayPermitExpiresOn,
    stays: client.stays,
    documents: client.documents,
    dependants: client.dependants,
    consent: client.consent,
    vulnerabilities: crypto.decryptJson<Vulnerability[]>(
      client.vulnerabilities,
      clientContext('vulnerabilities', client.id),
      [],
    ),
    ethnicity: crypto.decrypt(client.ethnicity, clientContext('ethnicity', client.id)),
    religion: crypto.decrypt(client.religion, clientContext('religion', client.id)),
    healthNotes: crypto.decrypt(client.healthNotes, clientContext('healthNotes', client.id)),
    sogiNotes: crypto.decrypt(client.sogiNotes, clientContext('sogiNotes', client.id)),
  };
}

/** Writes plaintext restricted values onto the entity as ciphertext. */
export function encryptClientFields(
  client: ClientEntity,
  values: Partial<Record<(typeof CLIENT_ENCRYPTED)[number], unknown>>,
  crypto: FieldEncryption,
): string[] {
  const changed: string[] = [];
  for (const field of CLIENT_ENCRYPTED) {
    const value = values[field];
    if (value === undefined) continue;
    const context = clientContext(field, client.id);
    const next =
      field === 'vulnerabilities'
        ? crypto.encryptJson(value, context)
        : crypto.encrypt(value as string | null, context);
    const before =
      field === 'vulnerabilities'
        ? JSON.stringify(crypto.decryptJson(client[field], context, []))
        : crypto.decrypt(client[field], context);
    const after =
      field === 'vulnerabilities' ? JSON.stringify(value ?? []) : (value as string | null) || null;
    if (before !== after) {
      client[field] = next;
      changed.push(field);
    }
  }
  return changed;
}
