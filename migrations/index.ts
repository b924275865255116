import type { MigrationInterface } from 'typeorm';
import { Foundation1764331200000 } from './1764331200000-foundation.js';
import { ClientsCases1764417600000 } from './1764417600000-clients-cases.js';
import { Deadlines1764504000000 } from './1764504000000-deadlines.js';
import { Notes1764590400000 } from './1764590400000-notes.js';
import { Tasks1764676800000 } from './1764676800000-tasks.js';
import { Duplicates1764763200000 } from './1764763200000-duplicates.js';
import { Performance1764849600000 } from './1764849600000-performance.js';
import { DashboardIndexes1764936000000 } from './1764936000000-dashboard-indexes.js';
import { CaseSearch1765022400000 } from './1765022400000-case-search.js';
import { OpenTaskIndex1765108800000 } from './1765108800000-open-task-index.js';
import { SearchPendingLists1765195200000 } from './1765195200000-search-pending-lists.js';
import { CaseSearchLocking1765281600000 } from './1765281600000-case-search-locking.js';
import { ClientNameNeighbours1765368000000 } from './1765368000000-client-name-neighbours.js';
import { SessionNotifications1765454400000 } from './1765454400000-session-notifications.js';
import { DuplicateCheckGuard1765540800000 } from './1765540800000-duplicate-check-guard.js';
import { CaseStageChange1765713600000 } from './1765713600000-case-stage-change.js';
import { CalendarTokenRevocation1765800000000 } from './1765800000000-calendar-token-revocation.js';
import { TeamBoundaryRealignment1765886400000 } from './1765886400000-team-boundary-realignment.js';
import { SecondFactors1765929600000 } from './1765929600000-second-factors.js';
import { LoginThrottle1765972800000 } from './1765972800000-login-throttle.js';
import { Passkeys1766016000000 } from './1766016000000-passkeys.js';
import { KeyedAuditChain1766102400000 } from './1766102400000-keyed-audit-chain.js';
import { SessionRefresh1766188800000 } from './1766188800000-session-refresh.js';
import { DuplicateCheckQuota1766361600000 } from './1766361600000-duplicate-check-quota.js';
import { AuditSealer1766448000000 } from './1766448000000-audit-sealer.js';
import { ListIndexes1766534400000 } from './1766534400000-list-indexes.js';
import { DeadlinesAbroad1766620800000 } from './1766620800000-deadlines-abroad.js';
import { StatisticsRecordKeys1766707200000 } from './1766707200000-statistics-record-keys.js';
import { StatisticsReleases1766793600000 } from './1766793600000-statistics-releases.js';
import { Documents1766880000000 } from './1766880000000-documents.js';
import { StatisticsRollup1766966400000 } from './1766966400000-statistics-rollup.js';
import { EncryptClientFields1767052800000 } from './1767052800000-encrypt-client-fields.js';
import { EncryptTitles1767100000000 } from './1767100000000-encrypt-titles.js';
import { Retention1767139200000 } from './1767139200000-retention.js';
import { ConsentAndDataRequests1767225600000 } from './1767225600000-consent-and-data-requests.js';
import { ErasureIsFinal1767312000000 } from './1767312000000-erasure-is-final.js';
import { IntakeDrafts1767398400000 } from './1767398400000-intake-drafts.js';
import { NoteReviewTasks1767484800000 } from './1767484800000-note-review-tasks.js';
import { SearchNameKeys1767744000000 } from './1767744000000-search-name-keys.js';
import { SystemTaskTitles1767830400000 } from './1767830400000-system-task-titles.js';
import { ListTotals1767916800000 } from './1767916800000-list-totals.js';
import { StatsClientCases1768003200000 } from './1768003200000-stats-client-cases.js';
import { IntakeDraftClient1768089600000 } from './1768089600000-intake-draft-client.js';
import { StatsRollupClientKeys1768176000000 } from './1768176000000-stats-rollup-client-keys.js';
import { ClientReachNames1768262400000 } from './1768262400000-client-reach-names.js';
import { CaseGroundsDistinct1768348800000 } from './1768348800000-case-grounds-distinct.js';
import { StatsMultiCaseCopy1768435200000 } from './1768435200000-stats-multi-case-copy.js';
import { DeadlineDocumentLists1768521600000 } from './1768521600000-deadline-document-lists.js';
import { CaseworkerCasePageIndex1768608000000 } from './1768608000000-caseworker-case-page-index.js';
import { CaseTotalByStage1768694400000 } from './1768694400000-case-total-by-stage.js';

/** Every migration, in order. Never edit one that has landed: add a new one. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  Foundation1764331200000,
  ClientsCases1764417600000,
  Deadlines1764504000000,
  Notes1764590400000,
  Tasks1764676800000,
  Duplicates1764763200000,
  Performance1764849600000,
  DashboardIndexes1764936000000,
  CaseSearch1765022400000,
  OpenTaskIndex1765108800000,
  SearchPendingLists1765195200000,
  CaseSearchLocking1765281600000,
  ClientNameNeighbours1765368000000,
  SessionNotifications1765454400000,
  DuplicateCheckGuard1765540800000,
  CaseStageChange1765713600000,
  CalendarTokenRevocation1765800000000,
  TeamBoundaryRealignment1765886400000,
  SecondFactors1765929600000,
  LoginThrottle1765972800000,
  Passkeys1766016000000,
  KeyedAuditChain1766102400000,
  SessionRefresh1766188800000,
  DuplicateCheckQuota1766361600000,
  AuditSealer1766448000000,
  ListIndexes1766534400000,
  DeadlinesAbroad1766620800000,
  StatisticsRecordKeys1766707200000,
  StatisticsReleases1766793600000,
  Documents1766880000000,
  StatisticsRollup1766966400000,
  EncryptClientFields1767052800000,
  EncryptTitles1767100000000,
  Retention1767139200000,
  ConsentAndDataRequests1767225600000,
  ErasureIsFinal1767312000000,
  IntakeDrafts1767398400000,
  NoteReviewTasks1767484800000,
  SearchNameKeys1767744000000,
  SystemTaskTitles1767830400000,
  ListTotals1767916800000,
  StatsClientCases1768003200000,
  IntakeDraftClient1768089600000,
  StatsRollupClientKeys1768176000000,
  ClientReachNames1768262400000,
  CaseGroundsDistinct1768348800000,
  StatsMultiCaseCopy1768435200000,
  DeadlineDocumentLists1768521600000,
  CaseworkerCasePageIndex1768608000000,
  CaseTotalByStage1768694400000,
];
