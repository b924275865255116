import {
  CASE_TYPES,
  GROUNDS,
  MILITARY_STATUSES,
  OUTCOMES,
  PRIORITIES,
  PROCEDURE_TRACKS,
  SERVICE_METHODS,
  STAGES,
  SUMMONS_KINDS,
} from '@haven/shared';
import { enumChoices } from '../common/enums';

export const stageChoices = enumChoices('stage', STAGES);
export const outcomeChoices = enumChoices('outcome', OUTCOMES);
export const caseTypeChoices = enumChoices('caseType', CASE_TYPES);
export const priorityChoices = enumChoices('priority', PRIORITIES);
export const groundChoices = enumChoices('ground', GROUNDS);
export const militaryStatusChoices = enumChoices('militaryStatus', MILITARY_STATUSES);
export const summonsKindChoices = enumChoices('summonsKind', SUMMONS_KINDS);
export const procedureTrackChoices = enumChoices('procedureTrack', PROCEDURE_TRACKS);
export const serviceMethodChoices = enumChoices('serviceMethod', SERVICE_METHODS);
