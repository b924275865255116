import type { CaseResponse } from '../cases/case.types.js';
import type { ClientResponse } from '../clients/client.types.js';

export interface IntakeResponse {
  client: ClientResponse;
  case: CaseResponse;
}

/**
 * The legal bases an intake may name, instead of the client's consent, for processing their data
 * (GDPR Art. 6(1)(b)–(d), 9(2)(c) and (f)): without consent to `data_processing`, one of these is
 * required (`processingBasis`), or the intake is refused.
 */
export const PROCESSING_BASES = [
  'legal_claims',
  'vital_interests',
  'legal_obligation',
  'contract',
] as const;
export type ProcessingBasis = (typeof PROCESSING_BASES)[number];

/** The largest intake draft accepted, in characters of its JSON. */
export const INTAKE_DRAFT_MAX_CHARS = 256 * 1024;

/** `GET /api/intake/draft`: the caller's own unfinished intake (404 when there is none). */
export interface IntakeDraftResponse {
  /** The wizard's state as the client saved it (opaque to the server). */
  payload: Record<string, unknown>;
  step: number;
  /** Send it back with the next `PUT`: a draft saved elsewhere since is a 409. */
  version: number;
  updatedAt: string;
  expiresAt: string;
}

/** `PUT /api/intake/draft` answers the saved draft's state, without the payload. */
export type IntakeDraftSaved = Omit<IntakeDraftResponse, 'payload'>;

/** `PUT /api/intake/draft`: `version` omitted for a new draft; the one last read otherwise. */
export interface SaveIntakeDraftRequest {
  payload: Record<string, unknown>;
  step: number;
  version?: number;
  /** The returning client the draft opens a new case for; erasing them deletes the draft. */
  clientId?: string | null;
}
