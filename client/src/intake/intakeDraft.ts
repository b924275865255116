/**
 * What the intake wizard holds while the user types: every field as the inputs edit it (text as
 * typed, "" for nothing chosen). `intakeBody.ts` turns it into the `POST /api/intake` body;
 * `intakeValidation.ts` checks it step by step; `intakeErrors.ts` maps the server's 400 back onto it.
 */

export interface StayRow {
  entryDate: string;
  exitDate: string;
}

export interface DocumentRow {
  kind: string;
  number: string;
  issuingCountry: string;
  expiresOn: string;
}

export interface DependantRow {
  name: string;
  relationship: string;
  dateOfBirth: string;
  accompanying: boolean;
}

export interface AuthorityReferenceRow {
  authority: string;
  reference: string;
}

export interface IntakeDraft {
  // Person
  givenName: string;
  familyName: string;
  nativeName: string;
  dateOfBirth: string;
  dateOfBirthApproximate: boolean;
  sex: string;
  nationality: string;
  languages: string[];
  interpreterGender: string;
  // Safety and contact
  safeContactChannel: string;
  messagesAllowed: boolean;
  phone: string;
  email: string;
  // Status and journey
  currentCountry: string;
  currentCity: string;
  arrivalDate: string;
  entryRoute: string;
  stayPermitType: string;
  stayPermitExpiresOn: string;
  stays: StayRow[];
  documents: DocumentRow[];
  // Claim and military service
  caseType: string;
  jurisdiction: string;
  priority: string;
  grounds: string[];
  militaryStatus: string;
  summonsKind: string;
  summonsDate: string;
  desertionDate: string;
  referralSource: string;
  authorityReferences: AuthorityReferenceRow[];
  claimSummary: string;
  serviceHistory: string;
  assignedToId: string;
  teamId: string;
  // Consent (asked before any restricted section)
  consentScopes: string[];
  consentGivenOn: string;
  consentLanguage: string;
  /** Without consent to data processing: the legal basis used instead (PROCESSING_BASES). */
  processingBasis: string;
  // Vulnerabilities and family
  vulnerabilities: string[];
  ethnicity: string;
  religion: string;
  healthNotes: string;
  sogiNotes: string;
  dependants: DependantRow[];
}

export type DraftField = keyof IntakeDraft;

export function emptyDraft(): IntakeDraft {
  return {
    givenName: '',
    familyName: '',
    nativeName: '',
    dateOfBirth: '',
    dateOfBirthApproximate: false,
    sex: '',
    nationality: '',
    languages: [],
    interpreterGender: '',
    safeContactChannel: '',
    messagesAllowed: false,
    phone: '',
    email: '',
    currentCountry: '',
    currentCity: '',
    arrivalDate: '',
    entryRoute: '',
    stayPermitType: '',
    stayPermitExpiresOn: '',
    stays: [],
    documents: [],
    caseType: '',
    jurisdiction: '',
    priority: 'normal',
    grounds: [],
    militaryStatus: '',
    summonsKind: '',
    summonsDate: '',
    desertionDate: '',
    referralSource: '',
    authorityReferences: [],
    claimSummary: '',
    serviceHistory: '',
    assignedToId: '',
    teamId: '',
    vulnerabilities: [],
    ethnicity: '',
    religion: '',
    healthNotes: '',
    sogiNotes: '',
    consentScopes: [],
    consentGivenOn: '',
    consentLanguage: '',
    processingBasis: '',
    dependants: [],
  };
}

export const EMPTY_ROWS = {
  stays: (): StayRow => ({ entryDate: '', exitDate: '' }),
  documents: (): DocumentRow => ({ kind: '', number: '', issuingCountry: '', expiresOn: '' }),
  dependants: (): DependantRow => ({
    name: '',
    relationship: '',
    dateOfBirth: '',
    accompanying: true,
  }),
  authorityReferences: (): AuthorityReferenceRow => ({ authority: '', reference: '' }),
};

export type RowList = keyof typeof EMPTY_ROWS;

/**
 * The wizard's steps, in order. Consent comes right after the person is identified (and the
 * duplicate check has had its say), before the claim and the vulnerabilities, which hold
 * special-category data.
 */
export const INTAKE_STEPS = [
  'person',
  'consent',
  'safety',
  'status',
  'claim',
  'vulnerabilities',
] as const;
export type IntakeStep = (typeof INTAKE_STEPS)[number];

/** Which step shows each field: server errors and failed checks jump there. */
export const STEP_FIELDS: Record<IntakeStep, readonly DraftField[]> = {
  person: [
    'givenName',
    'familyName',
    'nativeName',
    'dateOfBirth',
    'dateOfBirthApproximate',
    'sex',
    'nationality',
    'languages',
    'interpreterGender',
  ],
  consent: ['consentScopes', 'consentGivenOn', 'consentLanguage', 'processingBasis'],
  safety: ['safeContactChannel', 'messagesAllowed', 'phone', 'email'],
  status: [
    'currentCountry',
    'currentCity',
    'arrivalDate',
    'entryRoute',
    'stayPermitType',
    'stayPermitExpiresOn',
    'stays',
    'documents',
  ],
  claim: [
    'caseType',
    'jurisdiction',
    'priority',
    'grounds',
    'militaryStatus',
    'summonsKind',
    'summonsDate',
    'desertionDate',
    'referralSource',
    'authorityReferences',
    'claimSummary',
    'serviceHistory',
    'assignedToId',
    'teamId',
  ],
  vulnerabilities: [
    'vulnerabilities',
    'ethnicity',
    'religion',
    'healthNotes',
    'sogiNotes',
    'dependants',
  ],
};

/** The step of an error path such as `documents.0.kind`; null for a path no step shows. */
export function stepOfPath(path: string): number | null {
  const field = path.split('.')[0];
  const index = INTAKE_STEPS.findIndex((step) =>
    (STEP_FIELDS[step] as readonly string[]).includes(field),
  );
  return index < 0 ? null : index;
}

/** The summons date only means something once a summons was served; desertion only for deserters. */
export const SUMMONS_SERVED = ['paper', 'electronic', 'both'];
export const showsSummonsDate = (draft: Pick<IntakeDraft, 'summonsKind'>) =>
  SUMMONS_SERVED.includes(draft.summonsKind);
export const showsDesertionDate = (draft: Pick<IntakeDraft, 'militaryStatus'>) =>
  draft.militaryStatus === 'deserter';

/** Who is filling in the wizard decides the assignment fields. */
export interface IntakeContext {
  role: 'admin' | 'supervisor' | 'caseworker' | 'analyst';
  /** The server's "today" for its not-in-the-future checks (a UTC day). */
  today: string;
}

/** The one step a new case for a known client asks (a returning client: no person steps). */
export const CASE_ONLY_STEPS = ['claim'] as const satisfies readonly IntakeStep[];

/** Whether the draft records consent to data processing (else a legal basis must stand in). */
export const consentsToProcessing = (draft: Pick<IntakeDraft, 'consentScopes'>) =>
  draft.consentScopes.includes('data_processing');

/**
 * A draft as saved earlier (on the server, perhaps by an older version of this form), completed
 * with today's empty fields so that every field the form reads exists.
 */
export function completeDraft(saved: unknown): IntakeDraft {
  const empty = emptyDraft();
  if (!saved || typeof saved !== 'object') return empty;
  const result: Record<string, unknown> = { ...empty };
  for (const [key, value] of Object.entries(saved as Record<string, unknown>)) {
    if (!(key in empty)) continue;
    const expected = (empty as unknown as Record<string, unknown>)[key];
    if (Array.isArray(expected) ? Array.isArray(value) : typeof value === typeof expected)
      result[key] = value;
  }
  return result as unknown as IntakeDraft;
}
