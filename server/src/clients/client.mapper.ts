import type {
  ClientListItem,
  ClientResponse,
  Consent,
  Dependant,
  IdentityDocument,
  StayPeriod,
  Vulnerability,
} from '@haven/shared';
import { db } from '../database/sql.js';
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

/**
 * Every column of a client over the alias `cl`, named and typed as the entity has them (dates as
 * text, YYYY-MM-DD): what `toClientResponse` reads, and what an entity is made from before a save.
 */
export function selectClients() {
  return db
    .selectFrom('client as cl')
    .select((eb) => [
      'cl.id',
      'cl.reference',
      'cl.given_name as givenName',
      'cl.family_name as familyName',
      'cl.native_name as nativeName',
      'cl.name_key as nameKey',
      'cl.merged_into_id as mergedIntoId',
      eb.cast<string | null>('cl.date_of_birth', 'text').as('dateOfBirth'),
      'cl.date_of_birth_approximate as dateOfBirthApproximate',
      'cl.sex',
      'cl.nationality',
      'cl.languages',
      'cl.interpreter_gender as interpreterGender',
      'cl.phone',
      'cl.email',
      'cl.safe_contact_channel as safeContactChannel',
      'cl.messages_allowed as messagesAllowed',
      'cl.current_country as currentCountry',
      'cl.current_city as currentCity',
      eb.cast<string | null>('cl.arrival_date', 'text').as('arrivalDate'),
      'cl.entry_route as entryRoute',
      'cl.stay_permit_type as stayPermitType',
      eb.cast<string | null>('cl.stay_permit_expires_on', 'text').as('stayPermitExpiresOn'),
      eb.ref('cl.stays').$castTo<StayPeriod[]>().as('stays'),
      eb.ref('cl.documents').$castTo<IdentityDocument[]>().as('documents'),
      eb.ref('cl.dependants').$castTo<Dependant[]>().as('dependants'),
      eb.ref('cl.consent').$castTo<Consent | null>().as('consent'),
      'cl.vulnerabilities',
      'cl.ethnicity',
      'cl.religion',
      'cl.health_notes as healthNotes',
      'cl.sogi_notes as sogiNotes',
      'cl.created_at as createdAt',
      'cl.updated_at as updatedAt',
      'cl.version',
    ]);
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
