import type { Sex } from '../cases/case.enums.js';
import type { ConsentBasis } from './consent.types.js';

/** Vulnerabilities recorded at intake (domain.md, Intake). Stored encrypted: they reveal health and SOGI. */
export const VULNERABILITIES = [
  'torture_survivor',
  'serious_illness',
  'disability',
  'mental_health',
  'lgbtqi',
  'pregnant',
  'single_parent',
  'elderly',
  'unaccompanied_minor',
  'trafficking_survivor',
  'gender_based_violence',
  'detention_history',
  'other',
] as const;
export type Vulnerability = (typeof VULNERABILITIES)[number];

/** How Haven may reach a person without putting them at risk. */
export const CONTACT_CHANNELS = [
  'phone',
  'sms',
  'signal',
  'whatsapp',
  'telegram',
  'email',
  'in_person',
  'via_lawyer',
] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const INTERPRETER_GENDERS = ['female', 'male', 'no_preference'] as const;
export type InterpreterGender = (typeof INTERPRETER_GENDERS)[number];

export const IDENTITY_DOCUMENT_KINDS = [
  'internal_passport',
  'international_passport',
  'national_id',
  'military_id',
  'birth_certificate',
  'residence_permit',
  'asylum_seeker_certificate',
  'visa',
  'travel_document',
  'other',
] as const;
export type IdentityDocumentKind = (typeof IDENTITY_DOCUMENT_KINDS)[number];

export const CONSENT_SCOPES = [
  'data_processing',
  'legal_representation',
  'share_with_partners',
  'contact_by_message',
  'anonymised_statistics',
] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export interface IdentityDocument {
  kind: IdentityDocumentKind;
  number: string | null;
  issuingCountry: string | null;
  expiresOn: string | null;
}

export interface Dependant {
  name: string;
  relationship: string;
  dateOfBirth: string | null;
  /** Whether the dependant is with the client in the current country. */
  accompanying: boolean;
}

export interface Consent {
  scopes: ConsentScope[];
  givenOn: string;
  /** ISO 639-1 of the language the consent was explained in. */
  language: string;
}

/** A stay in the current country (for rolling "90 in 180 days" limits). */
export interface StayPeriod {
  entryDate: string;
  /** Null while the person is still there. */
  exitDate: string | null;
}

/** A client as a list shows it: no special-category field. */
export interface ClientListItem {
  id: string;
  reference: string;
  givenName: string;
  familyName: string;
  nativeName: string | null;
  dateOfBirth: string | null;
  dateOfBirthApproximate: boolean;
  sex: Sex;
  nationality: string;
  languages: string[];
  currentCountry: string | null;
  currentCity: string | null;
  arrivalDate: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A client read in full (an audited read), with the decrypted restricted fields. */
export interface ClientResponse extends ClientListItem {
  interpreterGender: InterpreterGender;
  phone: string | null;
  email: string | null;
  safeContactChannel: ContactChannel | null;
  messagesAllowed: boolean;
  entryRoute: string | null;
  stayPermitType: string | null;
  stayPermitExpiresOn: string | null;
  stays: StayPeriod[];
  documents: IdentityDocument[];
  dependants: Dependant[];
  consent: Consent | null;
  /**
   * Without consent to data processing: the legal basis its data are processed on instead, named
   * at intake (`contract`, `legal_obligation`, `vital_interests`, `legal_claims`); null otherwise.
   */
  processingBasis?: ConsentBasis | null;
  /** Restricted, encrypted at rest. */
  vulnerabilities: Vulnerability[];
  ethnicity: string | null;
  religion: string | null;
  healthNotes: string | null;
  sogiNotes: string | null;
  /** When the person's data were erased (an admin's anonymisation, or retention); null: never. */
  anonymisedAt: string | null;
}
