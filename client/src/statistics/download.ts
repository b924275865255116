import { API_PREFIX, toHttpError } from '../providers/http';
import { getToken, touchSession } from '../providers/session';

/**
 * Files from the API (CSV and JSON exports, the printable claim summary): fetched with the bearer
 * token like every other request (a plain link could not carry it), then saved or shown by the page.
 * Errors become the same react-admin HttpError as `apiFetch` makes, so they read alike.
 */
export interface FetchedFile {
  blob: Blob;
  /** From Content-Disposition, else the fallback. */
  filename: string;
  contentType: string;
}

export async function fetchFile(
  path: string,
  query: URLSearchParams | undefined,
  fallbackName: string,
  signal?: AbortSignal,
): Promise<FetchedFile> {
  const token = getToken();
  if (!token) throw toHttpError(401, null);
  const search = query?.toString();
  let response: Response;
  try {
    response = await fetch(`${API_PREFIX}${path}${search ? `?${search}` : ''}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal,
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
  const blob = await response.blob();
  return {
    blob,
    filename: filenameFrom(response.headers.get('Content-Disposition'), fallbackName),
    contentType: response.headers.get('Content-Type') ?? blob.type,
  };
}

/** The file name a Content-Disposition header gives (`filename*` first), else the fallback. */
export function filenameFrom(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended) {
    try {
      return safeName(decodeURIComponent(extended[1].trim()), fallback);
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(header);
  const name = plain ? (plain[2] ?? plain[1]).trim() : '';
  return safeName(name, fallback);
}

/** No path separators or control characters in a name the browser saves under. */
function safeName(name: string, fallback: string): string {
  const cleaned = name.replace(/[\\/\u0000-\u001f]/g, '_').trim();
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : fallback;
}

/** Hands a blob to the browser's download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
