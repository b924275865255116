import type { ErrorBody } from '@haven/shared';
import { HttpError } from 'react-admin';
import {
  errorTranslator,
  translateErrorDetail,
  translatedFieldErrors,
} from '../common/serverErrors';
import { refreshSession, whenRestored } from './refresh';
import { getToken, touchSession } from './session';

/** Every Haven route lives under this prefix, on the same origin as the UI. */
export const API_PREFIX = '/api';

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  query?: URLSearchParams;
  signal?: AbortSignal;
  /** Leave out the Authorization header (login). */
  anonymous?: boolean;
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  json: T;
}

/** The body react-admin's forms read: the contract's error body plus per-field messages. */
export interface HavenErrorBody extends Partial<ErrorBody> {
  errors?: Record<string, string>;
  /** From a 429's Retry-After header. */
  retryAfterSeconds?: number;
}

/**
 * One fetch for the whole client: adds the bearer token, sends and parses JSON, and turns every
 * non-2xx answer into a react-admin HttpError (message, status, body) so that notifications,
 * form field errors and the authProvider's checkError all see the same shape. The token lives in
 * memory: a request made before the app start's refresh has settled waits for it, and a 401 is
 * answered once by asking the refresh route for a new token and sending the request again.
 */
export async function apiFetch<T>(path: string, request: ApiRequest = {}): Promise<ApiResponse<T>> {
  if (request.anonymous) return send<T>(path, request, null);
  if (!getToken()) await whenRestored();
  const token = getToken();
  // Signed out (e.g. a list refetching while logout completes): the server would only say 401.
  if (!token) throw toHttpError(401, null);
  try {
    return await send<T>(path, request, token);
  } catch (error) {
    if ((error as { status?: number }).status !== 401) throw error;
    // Signed out meanwhile (logout), or already given a new token by a concurrent refresh.
    const now = getToken();
    if (!now) throw error;
    const fresh = now !== token ? now : (await refreshSession())?.accessToken;
    if (!fresh || fresh === token) throw error;
    return send<T>(path, request, fresh);
  }
}

async function send<T>(
  path: string,
  request: ApiRequest,
  token: string | null,
): Promise<ApiResponse<T>> {
  const headers = new Headers({ Accept: 'application/json' });
  if (request.body !== undefined) headers.set('Content-Type', 'application/json');
  if (token) headers.set('Authorization', `Bearer ${token}`);

  const query = request.query?.toString();
  const url = `${API_PREFIX}${path}${query ? `?${query}` : ''}`;

  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? 'GET',
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
    });
  } catch (error) {
    // react-query cancels superseded requests through the signal: let that pass unchanged.
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new HttpError('haven.errors.network', 0, {});
  }

  const text = await response.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }

  if (!response.ok) {
    const submitted =
      request.body && typeof request.body === 'object' ? Object.keys(request.body) : [];
    const error = toHttpError(response.status, json, submitted);
    const retryAfter = retryAfterSeconds(response.headers.get('Retry-After'));
    if (retryAfter !== null) (error.body as HavenErrorBody).retryAfterSeconds = retryAfter;
    throw error;
  }
  if (token) touchSession();
  return { status: response.status, headers: response.headers, json: json as T };
}

/** The messages that depend only on the status, as translation keys. */
const STATUS_MESSAGES: Record<number, string> = {
  401: 'haven.auth.session_ended',
  403: 'haven.errors.forbidden',
  404: 'ra.notification.item_doesnt_exist',
  409: 'haven.errors.conflict',
  413: 'haven.errors.too_large',
  429: 'haven.errors.throttled',
  503: 'haven.errors.unavailable',
};

export function toHttpError(
  status: number,
  json: unknown,
  submittedFields: string[] = [],
): HttpError {
  const body: HavenErrorBody = isObject(json) ? { ...(json as Partial<ErrorBody>) } : {};
  const serverMessage = messageText(isObject(json) ? json.message : undefined);
  const translate = errorTranslator();
  const fields = submittedFields.filter((field) => field !== 'version');
  // The answer's code in the user's language, where this client knows it. A 401 keeps the
  // status's own text: the authProvider ends the session whatever the reason.
  const coded = status === 401 ? null : translateErrorDetail(body, translate);

  // A 409 naming a field the form sent (e.g. "email: already in use") is about that field;
  // any other 409 (a stale `version`) means someone else saved first.
  const errors =
    status === 400 || status === 409
      ? (translatedFieldErrors(body, fields, translate) ??
        fieldErrors(isObject(json) ? json.message : undefined, fields))
      : undefined;

  let message: string;
  if (coded) {
    message = coded;
  } else if (status === 409 && errors) {
    message = serverMessage;
  } else if (STATUS_MESSAGES[status]) {
    message = STATUS_MESSAGES[status];
  } else if (status >= 500) {
    const requestId = isObject(json) && typeof json.requestId === 'string' ? json.requestId : null;
    message = requestId
      ? `${serverMessage || 'Server error'} (request id ${requestId})`
      : 'haven.errors.server';
  } else {
    message = serverMessage || 'ra.notification.http_error';
  }

  if (errors && !isObject(body.errors)) body.errors = errors;
  return new HttpError(message, status, body);
}

/**
 * The contract's 400 message "names each bad field" (class-validator style: "email must be an
 * email"). Where a message starts with the name of a field the form sent, attach it to that field
 * so react-admin shows it under the input; the whole message still appears in the notification.
 */
export function fieldErrors(
  message: unknown,
  submittedFields: string[],
): Record<string, string> | undefined {
  if (submittedFields.length === 0) return undefined;
  const parts = (Array.isArray(message) ? message : [message])
    .filter((part): part is string => typeof part === 'string')
    .flatMap((part) => part.split(/;\s*|\n/))
    .map((part) => part.trim())
    .filter(Boolean);
  const errors: Record<string, string> = {};
  for (const part of parts) {
    const match = /^[`'"]?([A-Za-z_][\w]*)/.exec(part);
    const field = match?.[1];
    if (field && submittedFields.includes(field) && !errors[field]) errors[field] = part;
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/** Retry-After is either a number of seconds or an HTTP date. */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - now) / 1000)) : null;
}

function messageText(message: unknown): string {
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.filter((m) => typeof m === 'string').join('; ');
  return '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
