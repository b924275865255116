import { CONSENT_SCOPES, type ConsentScope } from './client.types.js';

/**
 * Consent as a history (GDPR Art. 7(1): the controller must be able to show that, when and on what
 * it was given; Art. 7(3): it may be withdrawn at any time). Each event says what was given or
 * withdrawn, on which day, in which language it was explained and on which legal basis; the
 * client's `consent` is the current state the history adds up to.
 */
export const CONSENT_ACTIONS = ['given', 'withdrawn'] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

/**
 * The legal basis a scope is processed on: `consent` (Art. 6(1)(a)), `explicit_consent`
 * (Art. 9(2)(a), for special categories), `contract` (Art. 6(1)(b)), `legal_obligation`
 * (Art. 6(1)(c)), `vital_interests` (Art. 6(1)(d), 9(2)(c)), `legal_claims` (Art. 9(2)(f)).
 */
export const CONSENT_BASES = [
  'consent',
  'explicit_consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'legal_claims',
] as const;
export type ConsentBasis = (typeof CONSENT_BASES)[number];

/** The basis recorded when none is given: special-category processing needs explicit consent. */
export const DEFAULT_CONSENT_BASIS: Record<ConsentScope, ConsentBasis> = {
  data_processing: 'explicit_consent',
  legal_representation: 'explicit_consent',
  share_with_partners: 'explicit_consent',
  contact_by_message: 'consent',
  anonymised_statistics: 'consent',
};

/** At most this long, a note on a consent event (kept encrypted, never in the audit trail). */
export const CONSENT_NOTE_MAX = 2000;

export interface ConsentEvent {
  id: string;
  clientId: string;
  scope: ConsentScope;
  action: ConsentAction;
  /** The day it was given or withdrawn (YYYY-MM-DD). */
  on: string;
  /** ISO 639-1 of the language it was explained in; null for events carried over from before the history. */
  language: string | null;
  basis: ConsentBasis;
  note: string | null;
  /** Null for events carried over from the consent recorded before the history existed. */
  recordedById: string | null;
  createdAt: string;
}

/** Where a scope stands now: its latest event, or none. */
export interface ConsentScopeState {
  scope: ConsentScope;
  status: ConsentAction | 'never';
  /** The day of the latest event; null when never recorded. */
  since: string | null;
  language: string | null;
  basis: ConsentBasis | null;
}

/** `GET /api/clients/:id/consent`: the history newest first, and the state of every scope. */
export interface ConsentHistoryResponse {
  data: ConsentEvent[];
  current: ConsentScopeState[];
}

/** `POST /api/clients/:id/consent`. */
export interface RecordConsentRequest {
  scope: ConsentScope;
  action: ConsentAction;
  on: string;
  language: string;
  basis?: ConsentBasis;
  note?: string | null;
}

/** `POST /api/clients/:id/consent` answers the event recorded and the state after it. */
export interface RecordConsentResponse {
  event: ConsentEvent;
  current: ConsentScopeState[];
}

/**
 * Every scope's state from a history ordered newest first (the day, then the order recorded): the
 * first event of each scope is where it stands.
 */
export function consentStates(newestFirst: readonly ConsentEvent[]): ConsentScopeState[] {
  return CONSENT_SCOPES.map((scope) => {
    const latest = newestFirst.find((event) => event.scope === scope);
    return latest
      ? {
          scope,
          status: latest.action,
          since: latest.on,
          language: latest.language,
          basis: latest.basis,
        }
      : { scope, status: 'never', since: null, language: null, basis: null };
  });
}
