import { LOCALES, type Locale } from '@haven/shared';
import { API_PREFIX, toHttpError } from '../providers/http';
import { refreshSession, whenRestored } from '../providers/refresh';
import { getToken, touchSession } from '../providers/session';
import { filenameFrom, type FetchedFile } from '../statistics/download';

/**
 * The subject-access export of a client (`GET /api/clients/:id/export?lang=`): a ZIP fetched with
 * the bearer token (a plain link could not carry it, and must never be one a second person could
 * open), read as it arrives so the page can show how far it has got (the server announces the
 * archive's length), then handed to the browser's download. Errors are react-admin HttpErrors, as
 * `apiFetch` makes them, so their codes are translated alike.
 */

export const EXPORT_LANGUAGES: readonly Locale[] = LOCALES;

export interface ExportOptions {
  signal?: AbortSignal;
  /** The share received, 0 to 1, when the length is known; null while it is not. */
  onProgress?: (fraction: number | null) => void;
}

export function exportPath(clientId: string, lang: Locale): string {
  return `${API_PREFIX}/clients/${encodeURIComponent(clientId)}/export?lang=${encodeURIComponent(lang)}`;
}

/** The body, read chunk by chunk (progress reported as it comes), as one Blob. */
async function readBody(
  response: Response,
  onProgress: ExportOptions['onProgress'],
): Promise<Blob> {
  const type = response.headers.get('Content-Type') ?? 'application/zip';
  const total = Number(response.headers.get('Content-Length')) || 0;
  if (!response.body) return new Blob([await response.arrayBuffer()], { type });
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let received = 0;
  onProgress?.(total ? 0 : null);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.byteLength;
    onProgress?.(total ? Math.min(1, received / total) : null);
  }
  // An archive cut short (the server failed mid-way) is not handed over as if whole.
  if (total && received !== total) throw toHttpError(500, null);
  return new Blob(parts as BlobPart[], { type });
}

async function fetchOnce(path: string, options: ExportOptions): Promise<FetchedFile> {
  const token = getToken();
  if (!token) throw toHttpError(401, null);
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { Authorization: `Bearer ${token}` },
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw toHttpError(0, { message: 'haven.errors.network' });
  }
  if (!response.ok) {
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    throw toHttpError(response.status, json);
  }
  touchSession();
  let blob: Blob;
  try {
    blob = await readBody(response, options.onProgress);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    if ((error as { status?: number }).status) throw error;
    // The connection was cut while the archive was coming.
    throw toHttpError(0, { message: 'haven.errors.network' });
  }
  return {
    blob,
    filename: filenameFrom(response.headers.get('Content-Disposition'), 'haven-export.zip'),
    contentType: blob.type,
  };
}

/** Fetches the export; on an expired token, once more after a refresh (as `apiFetch` does). */
export async function fetchClientExport(
  clientId: string,
  lang: Locale,
  options: ExportOptions = {},
): Promise<FetchedFile> {
  const path = exportPath(clientId, lang);
  if (!getToken()) await whenRestored();
  try {
    return await fetchOnce(path, options);
  } catch (error) {
    if ((error as { status?: number }).status !== 401 || !getToken()) throw error;
    if (!(await refreshSession())) throw error;
    return fetchOnce(path, options);
  }
}
