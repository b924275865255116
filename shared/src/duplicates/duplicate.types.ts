/**
 * Why a client may be the same person (`GET /api/clients/possible-duplicates`). The server gives
 * these phrases; the browser translates each one.
 */
export const DUPLICATE_REASONS = [
  'same name',
  'name matches across scripts',
  'similar name',
  'same date of birth',
  'birth year ±1',
  'same nationality',
  'same phone',
] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** A client the caller may see, with its score and why it may be the same person. */
export interface VisibleDuplicateCandidate {
  id: string;
  restricted: false;
  /** 0–100. */
  score: number;
  reasons: DuplicateReason[];
  reference: string;
  givenName: string;
  familyName: string;
  nativeName: string | null;
  dateOfBirth: string | null;
  nationality: string;
}

/**
 * That a client the caller may not see is a strong match (name and date of birth): nothing else —
 * no id, score or reason, and at most one per answer, last, whatever number of such clients exist.
 */
export interface RestrictedDuplicateCandidate {
  restricted: true;
  message: string;
}

export type DuplicateCandidate = VisibleDuplicateCandidate | RestrictedDuplicateCandidate;

/** `GET /api/clients/possible-duplicates`: the visible candidates ranked, then the restricted entry if any. */
export interface PossibleDuplicatesResponse {
  data: DuplicateCandidate[];
}
