import { API_PREFIX } from '../providers/http';
import { refreshSession, whenRestored } from '../providers/refresh';
import { getToken, touchSession } from '../providers/session';
import { fetchFile, type FetchedFile } from '../statistics/download';
import { fallbackFileName, pinnedBlob, uploadForm, type UploadItem } from './documentModel';
import type { DocumentListItem, DocumentResponse } from '@haven/shared';

/**
 * The documents routes that are not plain JSON: the multipart upload (through XMLHttpRequest, the
 * one browser API that reports upload progress) and the content, fetched with the bearer token into
 * a Blob. Both carry the token the way `apiFetch` does; nothing is ever given a URL a second person
 * could open.
 */

/** A refused or failed upload: the status (0 without an answer) and the parsed JSON body, if any. */
export class UploadError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Upload failed (${status})`);
    this.name = 'UploadError';
  }
}

export interface UploadOptions {
  /** Called with the share of the bytes sent, 0 to 1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** For tests: the XMLHttpRequest to use. */
  createRequest?: () => XMLHttpRequest;
}

export function uploadPath(caseId: string): string {
  return `${API_PREFIX}/cases/${encodeURIComponent(caseId)}/documents`;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function send(
  caseId: string,
  item: UploadItem,
  token: string,
  options: UploadOptions,
): Promise<DocumentResponse> {
  return new Promise((resolve, reject) => {
    const request = options.createRequest?.() ?? new XMLHttpRequest();
    const abort = () => request.abort();
    request.open('POST', uploadPath(caseId));
    request.setRequestHeader('Accept', 'application/json');
    request.setRequestHeader('Authorization', `Bearer ${token}`);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) {
        options.onProgress?.(Math.min(1, event.loaded / event.total));
      }
    };
    request.onload = () => {
      options.signal?.removeEventListener('abort', abort);
      const body = parseJson(request.responseText);
      if (request.status >= 200 && request.status < 300 && body) {
        resolve(body as DocumentResponse);
      } else {
        reject(new UploadError(request.status, body));
      }
    };
    request.onerror = () => {
      options.signal?.removeEventListener('abort', abort);
      reject(new UploadError(0, null));
    };
    request.onabort = () => {
      options.signal?.removeEventListener('abort', abort);
      reject(new DOMException('The upload was cancelled', 'AbortError'));
    };
    if (options.signal?.aborted) {
      reject(new DOMException('The upload was cancelled', 'AbortError'));
      return;
    }
    options.signal?.addEventListener('abort', abort);
    // The browser writes the multipart body (and its boundary) itself: no Content-Type here.
    request.send(uploadForm(item));
  });
}

/**
 * `POST /api/cases/:id/documents`. Like `apiFetch`: waits for the app start's session restore, and
 * answers a 401 once by asking for a new token and sending again (the server keeps nothing of a
 * refused upload).
 */
export async function uploadDocument(
  caseId: string,
  item: UploadItem,
  options: UploadOptions = {},
): Promise<DocumentResponse> {
  if (!getToken()) await whenRestored();
  const token = getToken();
  if (!token) throw new UploadError(401, null);
  try {
    const saved = await send(caseId, item, token, options);
    touchSession();
    return saved;
  } catch (error) {
    if (!(error instanceof UploadError) || error.status !== 401) throw error;
    const now = getToken();
    if (!now) throw error;
    const fresh = now !== token ? now : (await refreshSession())?.accessToken;
    if (!fresh || fresh === token) throw error;
    options.onProgress?.(0);
    const saved = await send(caseId, item, fresh, options);
    touchSession();
    return saved;
  }
}

/**
 * `GET /api/documents/:id/content` (an audited read) as a Blob typed as the server judged the
 * content, with the name from Content-Disposition.
 */
export async function fetchDocumentContent(
  doc: Pick<DocumentListItem, 'id' | 'title' | 'mime'>,
  signal?: AbortSignal,
): Promise<FetchedFile> {
  const path = `/documents/${encodeURIComponent(doc.id)}/content`;
  const fetchOnce = () => fetchFile(path, undefined, fallbackFileName(doc), signal);
  if (!getToken()) await whenRestored();
  let file: FetchedFile;
  try {
    file = await fetchOnce();
  } catch (error) {
    // An expired token: once more with a new one, as apiFetch does.
    if ((error as { status?: number }).status !== 401 || !getToken()) throw error;
    if (!(await refreshSession())) throw error;
    file = await fetchOnce();
  }
  return { ...file, blob: pinnedBlob(file.blob, doc.mime), contentType: doc.mime };
}
