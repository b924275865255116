import type { HavenErrorBody } from '../providers/http';
import { errorTranslator, translateErrorDetail } from './serverErrors';

/**
 * What to tell the user when a request failed. A refused transition (403: not yours to do; 409:
 * not possible in the record's state) comes with the server's reason, which says more than the
 * generic "your role does not allow this"; a stale version keeps the client's own translated
 * message ("someone else changed this record").
 */
export function errorMessage(error: unknown): string {
  const failure = error as { status?: number; message?: unknown; body?: HavenErrorBody } | null;
  // A coded answer is told in the user's language, whatever its status.
  const coded = translateErrorDetail(failure?.body, errorTranslator());
  if (coded) return coded;
  const raw = failure?.body?.message as unknown;
  const server =
    typeof raw === 'string'
      ? raw
      : Array.isArray(raw)
        ? raw.filter((part): part is string => typeof part === 'string').join('; ')
        : '';
  const status = failure?.status;
  const stale = status === 409 && server.startsWith('version:');
  if (server && !stale && (status === 400 || status === 403 || status === 409)) return server;
  return typeof failure?.message === 'string' && failure.message
    ? failure.message
    : 'haven.errors.server';
}
