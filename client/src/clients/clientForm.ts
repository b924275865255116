import {
  CONSENT_SCOPES,
  CONTACT_CHANNELS,
  IDENTITY_DOCUMENT_KINDS,
  INTERPRETER_GENDERS,
  SEXES,
  VULNERABILITIES,
  type ClientResponse,
} from '@haven/shared';
import {
  allOf,
  check,
  country,
  day,
  email,
  isBlank,
  language,
  maxItems,
  maxLength,
  nest,
  oneOf,
  phone,
  required,
  text,
  type FieldErrors,
} from '../common/validation';

type Row = Record<string, unknown> | null | undefined;
export type ClientFormValues = Partial<Record<keyof ClientResponse, unknown>> &
  Record<string, unknown>;

const rows = (value: unknown): Row[] => (Array.isArray(value) ? (value as Row[]) : []);
const blankRow = (row: Row, fields: string[]) =>
  !row || fields.every((field) => isBlank(row[field]));

const STAY_FIELDS = ['entryDate', 'exitDate'];
const DOCUMENT_FIELDS = ['kind', 'number', 'issuingCountry', 'expiresOn'];
const DEPENDANT_FIELDS = ['name', 'relationship', 'dateOfBirth'];

function consentGiven(consent: unknown): consent is Record<string, unknown> {
  if (!consent || typeof consent !== 'object') return false;
  const value = consent as Record<string, unknown>;
  return (
    (Array.isArray(value.scopes) && value.scopes.length > 0) ||
    !isBlank(value.givenOn) ||
    !isBlank(value.language)
  );
}

/** The server's UpdateClientDto rules for the edit form (nested for react-admin's array inputs). */
export function validateClient(values: ClientFormValues, today: string): Record<string, unknown> {
  const errors: FieldErrors = {};
  check(errors, 'givenName', required(values.givenName), maxLength(values.givenName, 200));
  check(errors, 'familyName', required(values.familyName), maxLength(values.familyName, 200));
  check(errors, 'nativeName', maxLength(values.nativeName, 300));
  check(errors, 'dateOfBirth', day(values.dateOfBirth, today));
  check(errors, 'sex', required(values.sex), oneOf(values.sex, SEXES));
  check(errors, 'nationality', required(values.nationality), country(values.nationality));
  const languages = Array.isArray(values.languages) ? (values.languages as unknown[]) : [];
  check(errors, 'languages', maxItems(languages, 10), ...languages.map((code) => language(code)));
  check(errors, 'interpreterGender', oneOf(values.interpreterGender, INTERPRETER_GENDERS));
  check(errors, 'safeContactChannel', oneOf(values.safeContactChannel, CONTACT_CHANNELS));
  check(errors, 'phone', phone(values.phone));
  check(errors, 'email', email(values.email));
  check(errors, 'currentCountry', country(values.currentCountry));
  check(errors, 'currentCity', maxLength(values.currentCity, 120));
  check(errors, 'arrivalDate', day(values.arrivalDate, today));
  check(errors, 'entryRoute', maxLength(values.entryRoute, 500));
  check(errors, 'stayPermitType', maxLength(values.stayPermitType, 120));
  check(errors, 'stayPermitExpiresOn', day(values.stayPermitExpiresOn));
  rows(values.stays).forEach((row, i) => {
    if (blankRow(row, STAY_FIELDS)) return;
    check(errors, `stays.${i}.entryDate`, required(row!.entryDate), day(row!.entryDate, today));
    check(errors, `stays.${i}.exitDate`, day(row!.exitDate, today));
  });
  rows(values.documents).forEach((row, i) => {
    if (blankRow(row, DOCUMENT_FIELDS)) return;
    check(
      errors,
      `documents.${i}.kind`,
      required(row!.kind),
      oneOf(row!.kind, IDENTITY_DOCUMENT_KINDS),
    );
    check(errors, `documents.${i}.number`, maxLength(row!.number, 60));
    check(errors, `documents.${i}.issuingCountry`, country(row!.issuingCountry));
    check(errors, `documents.${i}.expiresOn`, day(row!.expiresOn));
  });
  rows(values.dependants).forEach((row, i) => {
    if (blankRow(row, DEPENDANT_FIELDS)) return;
    check(errors, `dependants.${i}.name`, required(row!.name), maxLength(row!.name, 200));
    check(
      errors,
      `dependants.${i}.relationship`,
      required(row!.relationship),
      maxLength(row!.relationship, 60),
    );
    check(errors, `dependants.${i}.dateOfBirth`, day(row!.dateOfBirth, today));
  });
  if (consentGiven(values.consent)) {
    const consent = values.consent;
    check(errors, 'consent.scopes', allOf(consent.scopes, CONSENT_SCOPES));
    check(errors, 'consent.givenOn', required(consent.givenOn), day(consent.givenOn, today));
    check(errors, 'consent.language', required(consent.language), language(consent.language));
  }
  check(errors, 'vulnerabilities', allOf(values.vulnerabilities, VULNERABILITIES));
  check(errors, 'ethnicity', maxLength(values.ethnicity, 500));
  check(errors, 'religion', maxLength(values.religion, 500));
  check(errors, 'healthNotes', maxLength(values.healthNotes, 5000));
  check(errors, 'sogiNotes', maxLength(values.sogiNotes, 5000));
  return nest(errors);
}

const NULLABLE = [
  'nativeName',
  'dateOfBirth',
  'phone',
  'email',
  'safeContactChannel',
  'currentCountry',
  'currentCity',
  'arrivalDate',
  'entryRoute',
  'stayPermitType',
  'stayPermitExpiresOn',
  'ethnicity',
  'religion',
  'healthNotes',
  'sogiNotes',
];

const orNull = (value: unknown) => text(value) ?? null;

/**
 * What the edit form sends: trimmed text, cleared fields as null, empty rows dropped, consent
 * whole or null. Rows keep their own key order, so that an untouched list compares equal to
 * what was read and is not sent again.
 */
export function clientPayload<T extends ClientFormValues>(values: T): T {
  const payload: Record<string, unknown> = { ...values };
  for (const field of ['givenName', 'familyName']) {
    if (typeof payload[field] === 'string') payload[field] = payload[field].trim();
  }
  for (const field of NULLABLE) if (field in payload) payload[field] = orNull(payload[field]);
  if (Array.isArray(payload.languages)) {
    payload.languages = [...new Set(payload.languages as string[])];
  }
  if ('stays' in payload) {
    payload.stays = rows(values.stays)
      .filter((row) => !blankRow(row, STAY_FIELDS))
      .map((row) => ({
        ...row,
        entryDate: orNull(row!.entryDate),
        exitDate: orNull(row!.exitDate),
      }));
  }
  if ('documents' in payload) {
    payload.documents = rows(values.documents)
      .filter((row) => !blankRow(row, DOCUMENT_FIELDS))
      .map((row) => ({
        ...row,
        number: orNull(row!.number),
        issuingCountry: orNull(row!.issuingCountry),
        expiresOn: orNull(row!.expiresOn),
      }));
  }
  if ('dependants' in payload) {
    payload.dependants = rows(values.dependants)
      .filter((row) => !blankRow(row, DEPENDANT_FIELDS))
      .map((row) => ({
        ...row,
        name: text(row!.name) ?? '',
        relationship: text(row!.relationship) ?? '',
        dateOfBirth: orNull(row!.dateOfBirth),
        accompanying: row!.accompanying !== false,
      }));
  }
  if ('consent' in payload) {
    payload.consent = consentGiven(values.consent)
      ? {
          ...values.consent,
          scopes: [...new Set((values.consent.scopes as string[] | undefined) ?? [])],
          givenOn: orNull(values.consent.givenOn),
          language: orNull(values.consent.language),
        }
      : null;
  }
  return payload as T;
}
