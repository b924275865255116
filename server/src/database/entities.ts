import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { LoginFailureEntity, LoginThrottleEntity } from '../auth/login-failure.entity.js';
import { UserSessionEntity } from '../auth/user-session.entity.js';
import { TeamEntity } from '../teams/team.entity.js';
import { UserEntity } from '../users/user.entity.js';
import { ClientEntity } from '../clients/client.entity.js';
import { CaseEntity } from '../cases/case.entity.js';
import { ReferenceCounterEntity } from '../cases/reference-counter.entity.js';
import { DeadlineEntity } from '../deadlines/deadline.entity.js';
import { CalendarTokenEntity } from '../calendar/calendar-token.entity.js';
import { NoteCommentEntity, NoteEntity, NoteRevisionEntity } from '../notes/note.entity.js';
import { TaskEntity } from '../tasks/task.entity.js';
import { ClientMergeEntity } from '../duplicates/client-merge.entity.js';
import { CaseStageChangeEntity } from '../cases/case-stage-change.entity.js';
import {
  MfaChallengeEntity,
  MfaRecoveryCodeEntity,
  MfaTotpEntity,
} from '../auth/mfa/mfa.entities.js';
import {
  WebauthnCredentialEntity,
  WebauthnPendingEntity,
} from '../auth/webauthn/webauthn.entities.js';
import { StatsReleaseEntity, StatsReleaseRowEntity } from '../statistics/release.entity.js';
import {
  DocumentChunkEntity,
  DocumentEntity,
  DocumentUploadEntity,
} from '../documents/document.entity.js';
import { RetentionPolicyEntity, RetentionRunEntity } from '../retention/retention.entities.js';

import { ConsentEventEntity } from '../consent/consent-event.entity.js';
import { IntakeDraftEntity } from '../intake-drafts/intake-draft.entity.js';
import { DataRequestEntity } from '../data-requests/data-request.entity.js';
import {
  CaseListTotalEntity,
  ClientAssigneeTotalEntity,
  ClientListTotalEntity,
  ClientReachEntity,
  ClientTeamTotalEntity,
} from '../common/list-totals.entity.js';
import {
  DeadlineListRowEntity,
  DeadlineListTotalEntity,
} from '../deadlines/deadline-list.entity.js';
import {
  DocumentListRowEntity,
  DocumentListTotalEntity,
} from '../documents/document-list.entity.js';

/** Every entity, listed explicitly so tsc output, SWC in tests and the TypeORM CLI resolve the same classes. */
export const ENTITIES = [
  TeamEntity,
  UserEntity,
  UserSessionEntity,
  LoginFailureEntity,
  LoginThrottleEntity,
  AuditEventEntity,
  ClientEntity,
  CaseEntity,
  ReferenceCounterEntity,
  DeadlineEntity,
  CalendarTokenEntity,
  NoteEntity,
  NoteRevisionEntity,
  NoteCommentEntity,
  TaskEntity,
  ClientMergeEntity,
  CaseStageChangeEntity,
  MfaTotpEntity,
  MfaRecoveryCodeEntity,
  MfaChallengeEntity,
  WebauthnCredentialEntity,
  WebauthnPendingEntity,
  StatsReleaseEntity,
  StatsReleaseRowEntity,
  DocumentEntity,
  DocumentUploadEntity,
  DocumentChunkEntity,
  ConsentEventEntity,
  IntakeDraftEntity,
  DataRequestEntity,
  RetentionPolicyEntity,
  RetentionRunEntity,
  CaseListTotalEntity,
  ClientListTotalEntity,
  ClientReachEntity,
  ClientTeamTotalEntity,
  ClientAssigneeTotalEntity,
  DeadlineListRowEntity,
  DeadlineListTotalEntity,
  DocumentListRowEntity,
  DocumentListTotalEntity,
];
