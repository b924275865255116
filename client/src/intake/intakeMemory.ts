import type { FieldErrors } from '../common/validation';
import type { KnownClient } from './IntakeFields';
import type { IntakeDraft } from './intakeDraft';

/**
 * The intake in progress, kept in memory only: it survives the wizard being remounted (a language
 * switch re-renders every route, a stray click on the menu leaves the page) but never reaches
 * localStorage, because it holds health and SOGI notes. A reload, or another user signing in on
 * the same tab, starts from the draft on the server instead (serverDraft.ts).
 */
export interface IntakeProgress {
  userId: string;
  draft: IntakeDraft;
  errors: FieldErrors;
  active: number;
  reached: number;
  /** A new case for a known client (the match card's "same person"). */
  returning?: KnownClient | null;
  /** The server draft's version this tab last saved or read; undefined: none yet. */
  version?: number;
  savedAt?: string | null;
}

let progress: IntakeProgress | null = null;

export function rememberIntake(state: IntakeProgress): void {
  progress = state;
}

export function recallIntake(userId: string): IntakeProgress | null {
  return progress && progress.userId === userId ? progress : null;
}

export function forgetIntake(): void {
  progress = null;
}
