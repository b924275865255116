import type {
  ClientListItem,
  ClientResponse,
  Consent,
  StayPeriod,
  Vulnerability,
} from '@haven/shared';
import { db } from '../database/sql.js';
import { fieldContext, type FieldEncryption } from '../encryption/field-encryption.js';
import type { ClientEntity } from './client.entity.js';

/**
 * Client fields kept as AES-256-GCM ciphertext, each bound to its row: the special categories, and
 * everything that finds a person (contacts, where they are, how they came, their papers and family).
 * `json` fields hold a JSON document; an empty one is stored as NULL. Names, date of birth and
 * nationality stay in clear: intake and the duplicate check search them (README, threat model).
 */
const ENCRYPTED_FIELDS = {
  vulnerabilities: { column: 'vulnerabilities', json: true },
  ethnicity: { column: 'ethnicity', json: false },
  religion: { column: 'religion', json: false },
  healthNotes: { column: 'health_notes', json: false },
  sogiNotes: { column: 'sogi_notes', json: false },
  phone: { column: 'phone', json: false },
  email: { column: 'email', json: false },
  safeContactChannel: { column: 'safe_contact_channel', json: false },
  currentCity: { column: 'current_city', json: false },
  entryRoute: { column: 'entry_route', json: false },
  documents: { column: 'documents', json: true },
  dependants: { column: 'dependants', json: true },
} as const;
export type ClientEncryptedField = keyof typeof ENCRYPTED_FIELDS;
export const CLIENT_ENCRYPTED = Object.keys(ENCRYPTED_FIELDS) as ClientEncryptedField[];

export function clientContext(field: ClientEncryptedField, id: string): string {
  return fieldContext('client', ENCRYPTED_FIELDS[field].column, id);
}

/** A client field's plaintext (JSON fields parsed; an empty one as `[]`). */
export function openClientField<T = unknown>(
  crypto: FieldEncryption,
  field: ClientEncryptedField,
  id: string,
  stored: string | null,
): T {
  const context = clientContext(field, id);
  return (
    ENCRYPTED_FIELDS[field].json
      ? crypto.decryptJson(stored, context, [])
      : crypto.decrypt(stored, context)
  ) as T;
}

/** A client field's ciphertext for a plaintext value (null for an empty one). */
export function sealClientField(
  crypto: FieldEncryption,
  field: ClientEncryptedField,
  id: string,
  value: unknown,
): string | null {
  const context = clientContext(field, id);
  return ENCRYPTED_FIELDS[field].json
    ? crypto.encryptJson(value, context)
    : crypto.encrypt(value as string | null, context);
}

/** A phone number as the duplicate check compares it: digits and `+` only. */
export const phoneDigits = (phone: string | null | undefined): string | null =>
  phone?.replace(/[^\d+]/g, '') || null;

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
      'cl.phone_index as phoneIndex',
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
      'cl.documents',
      'cl.dependants',
      eb.ref('cl.consent').$castTo<Consent | null>().as('consent'),
      'cl.processing_basis as processingBasis',
      'cl.vulnerabilities',
      'cl.ethnicity',
      'cl.religion',
      'cl.health_notes as healthNotes',
      'cl.sogi_notes as sogiNotes',
      'cl.created_at as createdAt',
      'cl.updated_at as updatedAt',
      'cl.version',
      'cl.anonymised_at as anonymisedAt',
    ]);
}

/**
 * A client list row as the list statement returns it: dates as text, and instants as the ISO text
 * `toISOString` writes, made by PostgreSQL (`isoInstant`); `currentCity` still sealed.
 */
export type ClientListRow = ClientListItem;

export function clientListItemFromRow(row: ClientListRow, crypto: FieldEncryption): ClientListItem {
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
    currentCity: openClientField<string | null>(crypto, 'currentCity', row.id, row.currentCity),
    arrivalDate: row.arrivalDate,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export function toClientResponse(client: ClientEntity, crypto: FieldEncryption): ClientResponse {
  const open = <T>(field: ClientEncryptedField): T =>
    openClientField<T>(crypto, field, client.id, client[field]);
  return {
    ...clientListItemFromRow(
      {
        ...client,
        createdAt: client.createdAt.toISOString(),
        updatedAt: client.updatedAt.toISOString(),
      },
      crypto,
    ),
    interpreterGender: client.interpreterGender,
    phone: open<string | null>('phone'),
    email: open<string | null>('email'),
    safeContactChannel: open<ClientResponse['safeContactChannel']>('safeContactChannel'),
    messagesAllowed: client.messagesAllowed,
    entryRoute: open<string | null>('entryRoute'),
    stayPermitType: client.stayPermitType,
    stayPermitExpiresOn: client.stayPermitExpiresOn,
    stays: client.stays,
    documents: open<ClientResponse['documents']>('documents'),
    dependants: open<ClientResponse['dependants']>('dependants'),
    consent: client.consent,
    processingBasis: client.processingBasis ?? null,
    vulnerabilities: open<Vulnerability[]>('vulnerabilities'),
    ethnicity: open<string | null>('ethnicity'),
    religion: open<string | null>('religion'),
    healthNotes: open<string | null>('healthNotes'),
    sogiNotes: open<string | null>('sogiNotes'),
    anonymisedAt: client.anonymisedAt ? new Date(client.anonymisedAt).toISOString() : null,
  };
}

/**
 * Writes plaintext values of encrypted fields onto the entity as ciphertext, keeping the phone's
 * blind index in step; returns the fields whose plaintext changed (an unchanged value keeps its
 * ciphertext, so a save writes nothing for it).
 */
export function encryptClientFields(
  client: ClientEntity,
  values: Partial<Record<ClientEncryptedField, unknown>>,
  crypto: FieldEncryption,
): string[] {
  const changed: string[] = [];
  for (const field of CLIENT_ENCRYPTED) {
    const value = values[field];
    if (value === undefined) continue;
    const json = ENCRYPTED_FIELDS[field].json;
    const before = openClientField(crypto, field, client.id, client[field]);
    const same = json
      ? JSON.stringify(before) === JSON.stringify(value ?? [])
      : before === ((value as string | null) || null);
    if (same) continue;
    client[field] = sealClientField(crypto, field, client.id, value);
    if (field === 'phone')
      client.phoneIndex = crypto.blindIndex('phone', phoneDigits(value as string | null));
    changed.push(field);
  }
  return changed;
}
