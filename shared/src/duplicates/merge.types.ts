import type { ListResponse } from '../common/list-query.js';

/** A merge can be undone for this many days after it was made. */
export const MERGE_UNDO_DAYS = 30;

/** `POST /api/clients/:id/merge`: the duplicate's cases moved to the surviving client. */
export interface MergeResult {
  id: string;
  survivingId: string;
  mergedId: string;
  /** The cases the merge moved (an undo moves these back). */
  caseIds: string[];
  mergedAt: string;
  undoUntil: string;
}

/** A merge a client took part in (`GET /api/clients/:id/merges`). */
export interface ClientMergeEntry {
  id: string;
  survivingId: string;
  mergedId: string;
  caseIds: string[];
  mergedAt: string;
  undoneAt: string | null;
}

/** `GET /api/clients/:id/merges`: the latest merges first. */
export type ClientMergesResponse = ListResponse<ClientMergeEntry>;

/** `POST /api/clients/merges/:mergeId/undo`. */
export interface MergeUndoResult {
  id: string;
  undone: true;
}
