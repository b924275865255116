import {
  CASE_TYPES,
  CONSENT_SCOPES,
  CONTACT_CHANNELS,
  IDENTITY_DOCUMENT_KINDS,
  GROUNDS,
  INTERPRETER_GENDERS,
  MILITARY_STATUSES,
  PRIORITIES,
  PROCESSING_BASES,
  SEXES,
  SUMMONS_KINDS,
  VULNERABILITIES,
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
  oneOf,
  phone,
  required,
  type FieldErrors,
} from '../common/validation';
import {
  INTAKE_STEPS,
  consentsToProcessing,
  showsDesertionDate,
  showsSummonsDate,
  type IntakeContext,
  type IntakeDraft,
  type IntakeStep,
} from './intakeDraft';
import { BLANK_ROW } from './intakeRows';

/**
 * The server's rules for an intake (ClientInputDto, IntakeCaseDto and the assignment rules of
 * CasesService.createInTransaction), checked one step at a time so that a mistake shows before
 * the user moves on. The server checks again and stays the authority.
 */
export function validateIntakeStep(
  step: IntakeStep,
  draft: IntakeDraft,
  context: IntakeContext,
): FieldErrors {
  const errors: FieldErrors = {};
  const { today } = context;
  switch (step) {
    case 'person':
      check(errors, 'givenName', required(draft.givenName), maxLength(draft.givenName, 200));
      check(errors, 'familyName', required(draft.familyName), maxLength(draft.familyName, 200));
      check(errors, 'nativeName', maxLength(draft.nativeName, 300));
      check(errors, 'dateOfBirth', day(draft.dateOfBirth, today));
      check(errors, 'sex', required(draft.sex), oneOf(draft.sex, SEXES));
      check(errors, 'nationality', required(draft.nationality), country(draft.nationality));
      check(
        errors,
        'languages',
        maxItems(draft.languages, 10),
        ...draft.languages.map((code) => language(code)),
      );
      check(errors, 'interpreterGender', oneOf(draft.interpreterGender, INTERPRETER_GENDERS));
      break;
    case 'consent':
      // Consent is all or nothing: what was consented to, when, and in which language.
      if (hasConsent(draft)) {
        check(errors, 'consentScopes', allOf(draft.consentScopes, CONSENT_SCOPES));
        check(
          errors,
          'consentGivenOn',
          required(draft.consentGivenOn),
          day(draft.consentGivenOn, today),
        );
        check(
          errors,
          'consentLanguage',
          required(draft.consentLanguage),
          language(draft.consentLanguage),
        );
      }
      // Without consent to data processing, a legal basis stands in for it, or nothing is saved.
      if (!consentsToProcessing(draft))
        check(
          errors,
          'processingBasis',
          required(draft.processingBasis),
          oneOf(draft.processingBasis, PROCESSING_BASES),
        );
      break;
    case 'safety':
      check(errors, 'safeContactChannel', oneOf(draft.safeContactChannel, CONTACT_CHANNELS));
      check(errors, 'phone', phone(draft.phone));
      check(errors, 'email', email(draft.email));
      break;
    case 'status':
      check(errors, 'currentCountry', country(draft.currentCountry));
      check(errors, 'currentCity', maxLength(draft.currentCity, 120));
      check(errors, 'arrivalDate', day(draft.arrivalDate, today));
      check(errors, 'entryRoute', maxLength(draft.entryRoute, 500));
      check(errors, 'stayPermitType', maxLength(draft.stayPermitType, 120));
      check(errors, 'stayPermitExpiresOn', day(draft.stayPermitExpiresOn));
      check(errors, 'stays', maxItems(draft.stays, 50));
      draft.stays.forEach((row, i) => {
        if (BLANK_ROW.stays(row)) return;
        check(errors, `stays.${i}.entryDate`, required(row.entryDate), day(row.entryDate, today));
        check(errors, `stays.${i}.exitDate`, day(row.exitDate, today));
        if (
          !errors[`stays.${i}.exitDate`] &&
          !isBlank(row.exitDate) &&
          row.exitDate < row.entryDate
        ) {
          errors[`stays.${i}.exitDate`] = 'haven.validation.exit_before_entry';
        }
      });
      check(errors, 'documents', maxItems(draft.documents, 20));
      draft.documents.forEach((row, i) => {
        if (BLANK_ROW.documents(row)) return;
        check(
          errors,
          `documents.${i}.kind`,
          required(row.kind),
          oneOf(row.kind, IDENTITY_DOCUMENT_KINDS),
        );
        check(errors, `documents.${i}.number`, maxLength(row.number, 60));
        check(errors, `documents.${i}.issuingCountry`, country(row.issuingCountry));
        check(errors, `documents.${i}.expiresOn`, day(row.expiresOn));
      });
      break;
    case 'claim':
      check(errors, 'caseType', required(draft.caseType), oneOf(draft.caseType, CASE_TYPES));
      check(errors, 'jurisdiction', required(draft.jurisdiction), country(draft.jurisdiction));
      check(errors, 'priority', oneOf(draft.priority, PRIORITIES));
      check(errors, 'grounds', allOf(draft.grounds, GROUNDS));
      check(errors, 'militaryStatus', oneOf(draft.militaryStatus, MILITARY_STATUSES));
      check(errors, 'summonsKind', oneOf(draft.summonsKind, SUMMONS_KINDS));
      if (showsSummonsDate(draft)) check(errors, 'summonsDate', day(draft.summonsDate, today));
      if (showsDesertionDate(draft))
        check(errors, 'desertionDate', day(draft.desertionDate, today));
      check(errors, 'referralSource', maxLength(draft.referralSource, 200));
      check(errors, 'authorityReferences', maxItems(draft.authorityReferences, 20));
      draft.authorityReferences.forEach((row, i) => {
        if (BLANK_ROW.authorityReferences(row)) return;
        check(
          errors,
          `authorityReferences.${i}.authority`,
          required(row.authority),
          maxLength(row.authority, 120),
        );
        check(
          errors,
          `authorityReferences.${i}.reference`,
          required(row.reference),
          maxLength(row.reference, 120),
        );
      });
      check(errors, 'claimSummary', maxLength(draft.claimSummary, 20000));
      check(errors, 'serviceHistory', maxLength(draft.serviceHistory, 20000));
      // An administrator belongs to no team: the case needs one (CasesService.createInTransaction).
      if (context.role === 'admin') check(errors, 'teamId', required(draft.teamId));
      break;
    case 'vulnerabilities': {
      check(errors, 'vulnerabilities', allOf(draft.vulnerabilities, VULNERABILITIES));
      check(errors, 'ethnicity', maxLength(draft.ethnicity, 500));
      check(errors, 'religion', maxLength(draft.religion, 500));
      check(errors, 'healthNotes', maxLength(draft.healthNotes, 5000));
      check(errors, 'sogiNotes', maxLength(draft.sogiNotes, 5000));
      check(errors, 'dependants', maxItems(draft.dependants, 30));
      draft.dependants.forEach((row, i) => {
        if (BLANK_ROW.dependants(row)) return;
        check(errors, `dependants.${i}.name`, required(row.name), maxLength(row.name, 200));
        check(
          errors,
          `dependants.${i}.relationship`,
          required(row.relationship),
          maxLength(row.relationship, 60),
        );
        check(errors, `dependants.${i}.dateOfBirth`, day(row.dateOfBirth, today));
      });
      break;
    }
    default: {
      const exhaustive: never = step;
      throw new Error(`unknown intake step ${String(exhaustive)}`);
    }
  }
  return errors;
}

export function hasConsent(draft: IntakeDraft): boolean {
  return (
    draft.consentScopes.length > 0 ||
    !isBlank(draft.consentGivenOn) ||
    !isBlank(draft.consentLanguage)
  );
}

/** Every step's errors, and the first step that has any (null when all pass). */
export function validateIntake(
  draft: IntakeDraft,
  context: IntakeContext,
  steps: readonly IntakeStep[] = INTAKE_STEPS,
): { errors: FieldErrors; firstStep: number | null } {
  let errors: FieldErrors = {};
  let firstStep: number | null = null;
  steps.forEach((step, index) => {
    const stepErrors = validateIntakeStep(step, draft, context);
    if (firstStep === null && Object.keys(stepErrors).length > 0) firstStep = index;
    errors = { ...errors, ...stepErrors };
  });
  return { errors, firstStep };
}
