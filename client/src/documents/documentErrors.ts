import type { ErrorBody, ErrorCode } from '@haven/shared';
import { errorMessage } from '../common/errorMessage';
import {
  errorCodeKey,
  translateServerError,
  translatedFieldErrors,
  type Translate,
} from '../common/serverErrors';
import { MAX_UPLOAD_MB } from './documentModel';

/**
 * The documents routes' refusals in the reader's language. Their codes (`document.too_large`, …)
 * are in the shared catalogue and translated like every other (common/errorMessages.ts); what is
 * added here: a 413 or 415 without Haven's body (from a proxy in front of it) still says what
 * went wrong, the size limit is named even when the answer does not give it, and an upload's
 * problems are sorted by the form field they are about.
 */

/** The fields of the upload form a refusal can be about. */
export const UPLOAD_FIELDS = ['kind', 'title', 'language'] as const;
export type UploadFormField = (typeof UPLOAD_FIELDS)[number];

export interface UploadFailure {
  /** What to show on the file's row, translated. */
  message: string;
  /** Problems with one of the row's inputs, translated (a 400 naming `title`, …). */
  fields?: Partial<Record<UploadFormField, string>>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The answer's body with its code made specific where only the status says what it is. */
export function documentErrorBody(
  status: number,
  json: unknown,
): (Partial<ErrorBody> & { message?: unknown }) | null {
  const body = isObject(json) ? (json as Partial<ErrorBody>) : null;
  const code = body?.code;
  let specific: ErrorCode | undefined;
  if (code === 'document.too_large' || (!code?.startsWith('document.') && status === 413)) {
    specific = 'document.too_large';
  } else if (status === 415 && !code?.startsWith('document.')) {
    specific = 'document.type_not_allowed';
  }
  if (!specific) return body;
  const args = isObject(body?.args) ? body.args : {};
  return {
    ...body,
    code: specific,
    args: specific === 'document.too_large' ? { maxMb: MAX_UPLOAD_MB, ...args } : args,
  };
}

const BY_STATUS: Record<number, string> = {
  0: 'haven.errors.network',
  401: 'haven.auth.session_ended',
  403: 'haven.errors.forbidden',
  404: 'ra.notification.item_doesnt_exist',
  409: 'haven.errors.conflict',
  429: 'haven.errors.throttled',
  503: 'haven.errors.unavailable',
};

/** An upload's answer (its status, 0 when none came, and parsed JSON body) as text for its row. */
export function uploadFailure(status: number, json: unknown, translate: Translate): UploadFailure {
  const body = documentErrorBody(status, json);
  const fields = translatedFieldErrors(body, UPLOAD_FIELDS, translate);
  // A 401 keeps its own text: the session is over whatever the body says.
  const coded = status === 401 || status === 0 ? null : translateServerError(body, translate);
  const message = coded ?? translate(BY_STATUS[status] ?? 'haven.errors.server');
  return fields ? { message, fields } : { message };
}

/**
 * A failed documents request made through the data provider or `fetchFile` (a react-admin
 * HttpError: status, message, body) as text for a notification or an alert.
 */
export function documentErrorText(error: unknown, translate: Translate): string {
  const failure = error as { status?: number; body?: unknown } | null;
  const status = failure?.status ?? -1;
  if (status === 413 || status === 415) {
    const body = documentErrorBody(status, failure?.body);
    const text = body?.code ? translate(errorCodeKey(body.code), { ...body.args, _: '' }) : '';
    if (text) return text;
  }
  const text = errorMessage(error);
  return translate(text, { _: text });
}
