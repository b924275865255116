import type { IntakeDraftResponse, IntakeDraftSaved } from '@haven/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { apiFetch } from '../providers/http';
import type { KnownClient } from './IntakeFields';
import { completeDraft, emptyDraft, type IntakeDraft } from './intakeDraft';

/**
 * The intake's draft on the server (`/api/intake/draft`): saved as the caseworker goes — 2 s after
 * the last change, and at once on a step change — encrypted there, seen by its owner alone, and
 * restored after a reload, Back or a crash. The in-memory `intakeMemory` stays the fast path
 * within one page load.
 */

/** What the wizard keeps in a draft. */
export interface DraftState {
  draft: IntakeDraft;
  active: number;
  reached: number;
  /** A new case for a known client (the match card's "same person"); null: a full intake. */
  returning: KnownClient | null;
}

export interface ServerDraft extends DraftState {
  version: number;
  updatedAt: string;
}

export const AUTOSAVE_MS = 2000;

/** The state of an intake nobody has typed into. */
const untouched = () =>
  JSON.stringify({ draft: emptyDraft(), active: 0, reached: 0, returning: null });
const RETRY_MS = 10_000;

const statusOf = (error: unknown) => (error as { status?: number } | null)?.status;
const codeOf = (error: unknown) => (error as { body?: { code?: unknown } } | null)?.body?.code;

/**
 * What a failed save means: another tab saved since, or finished the intake (409: stop until the
 * user chooses); the returning client is gone for this user (erased, merged, moved: saving again can
 * never succeed, stop and say so); anything else is tried again.
 */
export function saveFailure(error: unknown): 'conflict' | 'client_gone' | 'failed' {
  if (statusOf(error) === 409) return 'conflict';
  if (statusOf(error) === 404 && codeOf(error) === 'client.not_found') return 'client_gone';
  return 'failed';
}

function isKnownClient(value: unknown): value is KnownClient {
  const client = value as Partial<KnownClient> | null;
  return (
    typeof client?.id === 'string' &&
    typeof client.reference === 'string' &&
    typeof client.name === 'string'
  );
}

const whole = (value: unknown, fallback = 0) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;

/** A saved payload as the wizard's state (fields a newer or older form lacks are filled in). */
export function draftStateOf(payload: Record<string, unknown>, step: number): DraftState {
  const active = whole(payload.active, step);
  return {
    draft: completeDraft(payload.draft),
    active,
    reached: Math.max(active, whole(payload.reached, active)),
    returning: isKnownClient(payload.returning) ? payload.returning : null,
  };
}

/** The caller's draft, or null when there is none (or it expired). */
export async function loadServerDraft(): Promise<ServerDraft | null> {
  try {
    const { json } = await apiFetch<IntakeDraftResponse>('/intake/draft');
    return {
      ...draftStateOf(json.payload, json.step),
      version: json.version,
      updatedAt: json.updatedAt,
    };
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

export async function discardServerDraft(): Promise<void> {
  await apiFetch('/intake/draft', { method: 'DELETE' });
}

/** `client_gone`: the returning client the draft is for is no longer within reach (erased, merged, moved). */
export type AutosaveStatus = 'idle' | 'saving' | 'saved' | 'failed' | 'conflict' | 'client_gone';

export interface Autosave {
  status: AutosaveStatus;
  /** When the server last stored this page's draft. */
  savedAt: string | null;
  /** Changes the server does not have yet. */
  unsaved: boolean;
  /** The version to send next (undefined: a new draft); for the in-memory fast path. */
  version: () => number | undefined;
  /** Saves now (a step change). */
  flush: () => void;
  /** After a 409: overwrite the other tab's draft with this page's. */
  keepMine: () => Promise<void>;
  /** After a 409: the other tab's draft, to show instead of this page's. */
  loadTheirs: () => Promise<ServerDraft | null>;
  /** Deletes the server's draft (start over, a finished case); autosave starts afresh. */
  discard: () => Promise<void>;
  /** The intake was saved for good: the server deleted the draft with it. */
  forget: () => void;
}

/**
 * Saves `state` to the server as it changes (when `enabled`). `initialVersion` is the version of the
 * draft the page started from (restored), undefined for a new one; `initialJson` the state it
 * restored, so that an untouched restored draft is not saved again.
 */
export function useAutosave(
  state: DraftState,
  options: { enabled: boolean; initialVersion?: number; initialSavedAt?: string | null },
): Autosave {
  const { enabled } = options;
  const json = JSON.stringify(state);
  const version = useRef<number | undefined>(options.initialVersion);
  const saved = useRef<string | null>(options.initialVersion !== undefined ? json : null);
  const latest = useRef({ json, state });
  latest.current = { json, state };
  const inFlight = useRef(false);
  const again = useRef(false);
  const stopped = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [status, setStatus] = useState<AutosaveStatus>('idle');
  const [savedAt, setSavedAt] = useState<string | null>(options.initialSavedAt ?? null);
  const [savedJson, setSavedJson] = useState<string | null>(saved.current);

  const save = useCallback(async (): Promise<void> => {
    if (!enabled || stopped.current) return;
    if (inFlight.current) {
      again.current = true;
      return;
    }
    const { json: sending, state: current } = latest.current;
    if (sending === saved.current) return;
    // Nothing typed yet (a new intake, or one just started over): nothing worth keeping.
    if (version.current === undefined && sending === untouched()) return;
    inFlight.current = true;
    setStatus('saving');
    try {
      const { json: answer } = await apiFetch<IntakeDraftSaved>('/intake/draft', {
        method: 'PUT',
        body: {
          payload: {
            draft: current.draft,
            active: current.active,
            reached: current.reached,
            returning: current.returning,
          },
          step: current.active,
          // The returning client it is for: erasing them deletes the draft on the server.
          clientId: current.returning?.id ?? null,
          ...(version.current !== undefined ? { version: version.current } : {}),
        },
      });
      version.current = answer.version;
      saved.current = sending;
      setSavedJson(sending);
      setSavedAt(answer.updatedAt);
      setStatus('saved');
    } catch (error) {
      const failure = saveFailure(error);
      if (failure !== 'failed') {
        stopped.current = true;
        setStatus(failure);
      } else {
        setStatus('failed');
        timer.current = setTimeout(() => void save(), RETRY_MS);
      }
    } finally {
      inFlight.current = false;
    }
    if (again.current) {
      again.current = false;
      void save();
    }
  }, [enabled]);

  // 2 s after the last change.
  useEffect(() => {
    if (!enabled || json === saved.current) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), AUTOSAVE_MS);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [enabled, json, save]);

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    void save();
  }, [save]);

  const keepMine = useCallback(async () => {
    const theirs = await loadServerDraft();
    version.current = theirs?.version;
    saved.current = null;
    stopped.current = false;
    await save();
  }, [save]);

  const loadTheirs = useCallback(async () => {
    const theirs = await loadServerDraft();
    version.current = theirs?.version;
    saved.current = theirs ? JSON.stringify(draftStateWithoutVersion(theirs)) : null;
    setSavedJson(saved.current);
    stopped.current = false;
    setStatus(theirs ? 'saved' : 'idle');
    if (theirs) setSavedAt(theirs.updatedAt);
    return theirs;
  }, []);

  const discard = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    stopped.current = true;
    try {
      if (enabled) await discardServerDraft();
    } finally {
      version.current = undefined;
      saved.current = null;
      setSavedJson(null);
      setSavedAt(null);
      setStatus('idle');
      stopped.current = false;
    }
  }, [enabled]);

  const forget = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    stopped.current = true;
    version.current = undefined;
    saved.current = json;
    setSavedJson(json);
  }, [json]);

  return {
    status,
    savedAt,
    unsaved: enabled && json !== savedJson && !(savedJson === null && json === untouched()),
    version: () => version.current,
    flush,
    keepMine,
    loadTheirs,
    discard,
    forget,
  };
}

const draftStateWithoutVersion = (draft: ServerDraft): DraftState => ({
  draft: draft.draft,
  active: draft.active,
  reached: draft.reached,
  returning: draft.returning,
});

export { useLeaveWarning } from './useLeaveWarning';
