import {
  DUPLICATE_REASONS,
  MERGE_UNDO_DAYS,
  type ClientMergeEntry,
  type DuplicateReason,
} from '@haven/shared';
import { isDay } from '../common/dates';

/**
 * The query of `GET /api/clients/possible-duplicates` from what the caseworker has typed so far,
 * and the debounce that keeps it to one request per pause in typing. Pure, for the component and
 * its tests.
 */
export interface DuplicateFields {
  givenName?: string | null;
  familyName?: string | null;
  nativeName?: string | null;
  dateOfBirth?: string | null;
  nationality?: string | null;
  phone?: string | null;
  /** The client being edited, so that it is not its own duplicate. */
  excludeId?: string | null;
}

/** A name shorter than this matches too much to be worth asking about. */
export const MIN_NAME_LENGTH = 2;
/** A phone number is a match on its own once it has this many digits. */
export const MIN_PHONE_DIGITS = 5;
export const DEBOUNCE_MS = 300;

const text = (value: string | null | undefined) => (value ?? '').trim();

/**
 * The parameters to send, or null while there is not enough to search with (the server wants a
 * name in some script, or a phone). Partial values (an unfinished date, a one-letter country) are
 * left out rather than sent to be refused.
 */
export function duplicateParams(fields: DuplicateFields): URLSearchParams | null {
  const givenName = text(fields.givenName);
  const familyName = text(fields.familyName);
  const nativeName = text(fields.nativeName);
  const phone = text(fields.phone);
  const digits = phone.replace(/\D/g, '');
  const latin = `${givenName}${familyName}`.replace(/\s/g, '');
  const hasName =
    latin.length >= MIN_NAME_LENGTH || nativeName.replace(/\s/g, '').length >= MIN_NAME_LENGTH;
  const hasPhone = digits.length >= MIN_PHONE_DIGITS;
  if (!hasName && !hasPhone) return null;

  const params = new URLSearchParams();
  if (givenName) params.set('givenName', givenName.slice(0, 300));
  if (familyName) params.set('familyName', familyName.slice(0, 300));
  if (nativeName) params.set('nativeName', nativeName.slice(0, 300));
  const dateOfBirth = text(fields.dateOfBirth);
  if (isDay(dateOfBirth)) params.set('dateOfBirth', dateOfBirth);
  const nationality = text(fields.nationality).toUpperCase();
  if (/^[A-Z]{2}$/.test(nationality)) params.set('nationality', nationality);
  if (hasPhone) params.set('phone', phone.slice(0, 300));
  const excludeId = text(fields.excludeId);
  if (excludeId) params.set('excludeId', excludeId);
  return params;
}

export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  cancel(): void;
  flush(): void;
}

/** Calls `fn` with the last arguments once `ms` have passed without another call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | undefined;
  const run = () => {
    timer = undefined;
    if (pending) {
      const args = pending;
      pending = undefined;
      fn(...args);
    }
  };
  const debounced = (...args: A) => {
    pending = args;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  debounced.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    pending = undefined;
  };
  debounced.flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    run();
  };
  return debounced;
}

/** The server's reasons (English phrases) as translation keys: every one of them. */
const REASONS: Record<DuplicateReason, string> = {
  'same name': 'haven.duplicates.reasons.same_name',
  'name matches across scripts': 'haven.duplicates.reasons.across_scripts',
  'similar name': 'haven.duplicates.reasons.similar_name',
  'same date of birth': 'haven.duplicates.reasons.same_birth_date',
  'birth year ±1': 'haven.duplicates.reasons.birth_year',
  'same nationality': 'haven.duplicates.reasons.same_nationality',
  'same phone': 'haven.duplicates.reasons.same_phone',
};

/** The translation key of a reason; null for one this browser does not know (shown as it is). */
export function reasonKey(reason: string): string | null {
  return (DUPLICATE_REASONS as readonly string[]).includes(reason)
    ? REASONS[reason as DuplicateReason]
    : null;
}

export function undoUntil(merge: Pick<ClientMergeEntry, 'mergedAt'>): Date {
  return new Date(new Date(merge.mergedAt).getTime() + MERGE_UNDO_DAYS * 86_400_000);
}

export function canUndo(
  merge: Pick<ClientMergeEntry, 'mergedAt' | 'undoneAt'>,
  now: Date = new Date(),
): boolean {
  return !merge.undoneAt && now.getTime() <= undoUntil(merge).getTime();
}
