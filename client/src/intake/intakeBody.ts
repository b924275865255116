import type { IntakeRequestBody } from './intakeTypes';
import { text } from '../common/validation';
import {
  consentsToProcessing,
  showsDesertionDate,
  showsSummonsDate,
  type IntakeContext,
  type IntakeDraft,
} from './intakeDraft';
import { hasConsent } from './intakeValidation';
import { BLANK_ROW } from './intakeRows';

/** Only the keys whose value is set: the server applies its own defaults to the rest. */
function defined<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

const list = (values: string[]) => {
  const unique = [...new Set(values.map((value) => value.trim()).filter(Boolean))];
  return unique.length > 0 ? unique : undefined;
};

/**
 * The `POST /api/intake` body: text trimmed, nothing empty sent (no "" and no empty list), empty
 * rows dropped, hidden fields left out, and the assignment fields only where the role may give them.
 */
export function buildIntakeBody(draft: IntakeDraft, context: IntakeContext): IntakeRequestBody {
  const stays = draft.stays
    .filter((row) => !BLANK_ROW.stays(row))
    .map((row) => defined({ entryDate: text(row.entryDate), exitDate: text(row.exitDate) }));
  const documents = draft.documents
    .filter((row) => !BLANK_ROW.documents(row))
    .map((row) =>
      defined({
        kind: text(row.kind),
        number: text(row.number),
        issuingCountry: text(row.issuingCountry),
        expiresOn: text(row.expiresOn),
      }),
    );
  const dependants = draft.dependants
    .filter((row) => !BLANK_ROW.dependants(row))
    .map((row) =>
      defined({
        name: text(row.name),
        relationship: text(row.relationship),
        dateOfBirth: text(row.dateOfBirth),
        accompanying: row.accompanying,
      }),
    );
  const authorityReferences = draft.authorityReferences
    .filter((row) => !BLANK_ROW.authorityReferences(row))
    .map((row) => defined({ authority: text(row.authority), reference: text(row.reference) }));
  const dateOfBirth = text(draft.dateOfBirth);

  const client = defined({
    givenName: text(draft.givenName),
    familyName: text(draft.familyName),
    nativeName: text(draft.nativeName),
    dateOfBirth,
    // "Approximate" qualifies a date: without one it says nothing.
    dateOfBirthApproximate: dateOfBirth ? draft.dateOfBirthApproximate : undefined,
    sex: text(draft.sex),
    nationality: text(draft.nationality),
    languages: list(draft.languages),
    interpreterGender: text(draft.interpreterGender),
    safeContactChannel: text(draft.safeContactChannel),
    messagesAllowed: draft.messagesAllowed,
    phone: text(draft.phone),
    email: text(draft.email),
    currentCountry: text(draft.currentCountry),
    currentCity: text(draft.currentCity),
    arrivalDate: text(draft.arrivalDate),
    entryRoute: text(draft.entryRoute),
    stayPermitType: text(draft.stayPermitType),
    stayPermitExpiresOn: text(draft.stayPermitExpiresOn),
    stays: stays.length > 0 ? stays : undefined,
    documents: documents.length > 0 ? documents : undefined,
    dependants: dependants.length > 0 ? dependants : undefined,
    consent: hasConsent(draft)
      ? defined({
          scopes: [...new Set(draft.consentScopes)],
          givenOn: text(draft.consentGivenOn),
          language: text(draft.consentLanguage),
        })
      : undefined,
    vulnerabilities: list(draft.vulnerabilities),
    ethnicity: text(draft.ethnicity),
    religion: text(draft.religion),
    healthNotes: text(draft.healthNotes),
    sogiNotes: text(draft.sogiNotes),
  });

  const mayAssign = context.role === 'supervisor' || context.role === 'admin';
  const caseBody = defined({
    caseType: text(draft.caseType),
    jurisdiction: text(draft.jurisdiction),
    priority: text(draft.priority),
    grounds: list(draft.grounds),
    militaryStatus: text(draft.militaryStatus),
    summonsKind: text(draft.summonsKind),
    summonsDate: showsSummonsDate(draft) ? text(draft.summonsDate) : undefined,
    desertionDate: showsDesertionDate(draft) ? text(draft.desertionDate) : undefined,
    referralSource: text(draft.referralSource),
    authorityReferences: authorityReferences.length > 0 ? authorityReferences : undefined,
    claimSummary: text(draft.claimSummary),
    serviceHistory: text(draft.serviceHistory),
    // A caseworker's case is always their own; supervisors may assign, or leave it in the queue.
    assignedToId: mayAssign ? text(draft.assignedToId) : undefined,
    // Only an administrator names the team (others open cases in their own).
    teamId: context.role === 'admin' ? text(draft.teamId) : undefined,
  });

  // Consent first: without consent to data processing, the legal basis used instead.
  const processingBasis = consentsToProcessing(draft) ? undefined : text(draft.processingBasis);
  return defined({ client, case: caseBody, processingBasis }) as IntakeRequestBody;
}
