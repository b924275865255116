import { PASSWORD_PROBLEMS } from './auth/account.types.js';
import { RESTRICTED_SESSION_CODE } from './auth/mfa.types.js';

/**
 * Every `code` an error answer can carry. The client translates the code (with `field` and `args`)
 * into the reader's language; `message` is the English fallback. A code, once published, keeps its
 * meaning: add new ones rather than reuse old ones.
 */
export const ERROR_CODES = [
  // Generic, by kind: what the server says when nothing more specific applies.
  'invalid',
  'required',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal',
  // The request itself.
  'request.invalid_json',
  'request.unreadable',
  'version.stale',
  // Body validation (class-validator), one per kind of rule; `field` names the path.
  'validation.unknown_field',
  'validation.required',
  'validation.string',
  'validation.too_short',
  'validation.too_long',
  'validation.too_few',
  'validation.too_many',
  'validation.one_of',
  'validation.email',
  'validation.uuid',
  'validation.date',
  'validation.integer',
  'validation.number',
  'validation.too_small',
  'validation.too_large',
  'validation.boolean',
  'validation.array',
  'validation.object',
  'validation.format',
  'validation.invalid',
  'validation.not_empty',
  // Query-string parameters, of lists and of other reads; `field` names the parameter.
  'query.once',
  'query.plain',
  'query.whole_number',
  'query.too_long',
  'query.uuid',
  'query.one_of',
  'query.date',
  'query.instant',
  'query.number',
  'query.boolean',
  'query.unknown_parameter',
  'request.nul_character',
  // The database refused a value despite validation (races, odd values).
  'database.unavailable',
  'database.busy',
  'database.duplicate',
  'database.missing_reference',
  'database.required',
  'database.invalid_value',
  'database.check_violation',
  // A record that does not exist or that the caller may not see (answered alike).
  'record.not_found',
  'audit_event.not_found',
  'calendar.not_found',
  'case.not_found',
  'client.not_found',
  'deadline.not_found',
  'deadline_rule.not_found',
  'document.not_found',
  'merge.not_found',
  'note.not_found',
  'passkey.not_found',
  'session.not_found',
  'task.not_found',
  'team.not_found',
  'user.not_found',
  // Signing in and sessions.
  'auth.invalid_credentials',
  'auth.session_ended',
  'auth.no_session',
  'auth.too_many_attempts',
  'auth.wrong_code',
  'auth.challenge_expired',
  'auth.no_passkey',
  RESTRICTED_SESSION_CODE,
  'auth.route_unavailable',
  'auth.role_forbidden',
  ...PASSWORD_PROBLEMS,
  // Second factors.
  'mfa.too_many_codes',
  'mfa.code_invalid',
  'mfa.password_wrong',
  'mfa.totp_exists',
  'mfa.totp_not_pending',
  'mfa.totp_confirmed',
  'mfa.totp_missing',
  'mfa.last_factor',
  'passkey.limit',
  'passkey.already_registered',
  'passkey.last_factor',
  // Features.
  'document.too_large',
  'document.type_not_allowed',
  'document.empty',
  'document.corrupt',
  'document.no_file',
  'document.one_file',
  'document.withdrawn',
  'case.analyst_cannot_open',
  'case.move_admin_only',
  'case.reassign_forbidden',
  'task.review_queue_forbidden',
  'task.action_forbidden',
  'task.transition_impossible',
  'task.already_assigned',
  'task.undo_forbidden',
  'task.self_approval',
  'task.undo_expired',
  'task.undo_superseded',
  'duplicates.rate_limited',
  'merge.forbidden',
  'merge.undo_forbidden',
  'merge.list_forbidden',
  'merge.already_merged',
  'merge.already_undone',
  'merge.undo_expired',
  'merge.same_client',
  'list.unknown_filter',
  'list.sort_unknown',
  'list.order',
  'list.not_searchable',
  'auth.refresh_header',
  'passkey.name_required',
  'passkey.name_length',
  'passkey.name_control_characters',
  'passkey.response_required',
  'passkey.registration_expired',
  'passkey.not_verified',
  'case.assignee_not_member',
  'case.caseworker_assigns_self',
  'case.own_team_only',
  'case.team_required',
  'case.close_needs_outcome',
  'case.stage_back_needs_reason',
  'case.closed_keeps_outcome',
  'caseload.team_required',
  'deadline.due_or_rule',
  'deadline.trigger_required',
  'deadline.rule_unknown',
  'deadline.required_without_rule',
  'deadline.trigger_only_with_rule',
  'deadline.status_change_impossible',
  'deadline.duplicate',
  'deadline.rule_not_in_force',
  'deadline.rule_not_applicable',
  'deadline.service_not_for_rule',
  'deadline.not_suspendable',
  'deadline.suspension_outside_period',
  'deadline.rule_already_open',
  'note.ground_not_on_case',
  'duplicates.name_or_phone',
  'stats.dimensions_required',
  'stats.month',
  'stats.period_reversed',
  'stats.dimensions_too_many',
  'stats.dimension_unknown',
  'stats.dimension_repeated',
  'task.assignee_not_member',
  'task.team_of_case',
  'task.team_required',
  'task.own_team_only',
  'task.caseworker_assignee',
  'task.assignee_required',
  'task.return_comment_required',
  'task.action_unknown',
  'team.unknown',
  'team.name_taken',
  'user.no_team',
  'user.team_required',
  'user.email_taken',
  'user.self_protected',
  'audit.checkpoint_invalid',
  'stats.release_forbidden',
  'stats.quarter_not_ended',
  'stats.release_exists',
  'stats_release.not_found',
  // Consent as a history and the person's requests about their data (issue 24).
  'consent.not_given',
  'consent.out_of_order',
  'data_request.not_found',
  'data_request.closed',
  // Retention, legal hold and anonymisation (issue 24).
  'client.legal_hold',
  'client.anonymised',
  'retention.not_due',
  'retention.policy_duplicate',
  'retention.unknown_jurisdiction',
  // Intake drafts and consent first (issue 25).
  'intake_draft.not_found',
  'intake_draft.stale',
  'intake_draft.too_large',
  'intake.processing_basis_required',
  'intake.processing_basis_with_consent',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Values a translation may interpolate (`%{max}`, `%{seconds}`…). */
export type ErrorArgs = Record<string, string | number>;

/** One problem of a request: what is wrong, with which field, and the values the text needs. */
export interface ErrorDetail {
  code: ErrorCode;
  /** The path of the offending field (`client.email`, `dueOn`), where there is one. */
  field?: string;
  args?: ErrorArgs;
}

/** The contract's error body. */
export interface ErrorBody extends ErrorDetail {
  statusCode: number;
  /** A readable English fallback; the client shows the translation of `code` instead. */
  message: string;
  error: string;
  /** Every problem, when a body had several bad fields (`code`/`field` are the first of them). */
  details?: ErrorDetail[];
  /** Present on 500s only: quote it to an administrator, who finds the details in the log. */
  requestId?: string;
}
