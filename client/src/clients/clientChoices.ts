import {
  CONSENT_SCOPES,
  CONTACT_CHANNELS,
  DOCUMENT_KINDS,
  INTERPRETER_GENDERS,
  SEXES,
  VULNERABILITIES,
} from '@haven/shared';
import { enumChoices } from '../common/enums';

export const sexChoices = enumChoices('sex', SEXES);
export const interpreterGenderChoices = enumChoices('interpreterGender', INTERPRETER_GENDERS);
export const contactChannelChoices = enumChoices('contactChannel', CONTACT_CHANNELS);
export const documentKindChoices = enumChoices('documentKind', DOCUMENT_KINDS);
export const consentScopeChoices = enumChoices('consentScope', CONSENT_SCOPES);
export const vulnerabilityChoices = enumChoices('vulnerability', VULNERABILITIES);
