import {
  CONSENT_SCOPES,
  CONTACT_CHANNELS,
  IDENTITY_DOCUMENT_KINDS,
  INTERPRETER_GENDERS,
  SEXES,
  VULNERABILITIES,
} from '@haven/shared';
import { enumChoices } from '../common/enums';

export const sexChoices = enumChoices('sex', SEXES);
export const interpreterGenderChoices = enumChoices('interpreterGender', INTERPRETER_GENDERS);
export const contactChannelChoices = enumChoices('contactChannel', CONTACT_CHANNELS);
export const documentKindChoices = enumChoices('documentKind', IDENTITY_DOCUMENT_KINDS);
export const consentScopeChoices = enumChoices('consentScope', CONSENT_SCOPES);
export const vulnerabilityChoices = enumChoices('vulnerability', VULNERABILITIES);
