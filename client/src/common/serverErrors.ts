import { isErrorCode, type ErrorBody, type ErrorDetail } from '@haven/shared';

/** react-admin's `translate`: a key and its interpolation values (`_` is the default text). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Where the translation of an error code lives in `en.ts` and `ru.ts`. */
export function errorCodeKey(code: string): string {
  return `haven.errors.codes.${code}`;
}

/** The server's English fallback, whichever shape (text, or a list of texts) it came in. */
function fallbackMessage(message: unknown): string | null {
  if (typeof message === 'string' && message) return message;
  if (Array.isArray(message)) {
    const text = message.filter((part): part is string => typeof part === 'string').join('; ');
    return text || null;
  }
  return null;
}

/**
 * One problem in the reader's language: the translation of its code, with `field` and `args`
 * interpolated; null when the code is unknown to this client (an older client, a newer server).
 */
export function translateErrorDetail(
  detail: (Partial<ErrorDetail> & { message?: unknown }) | null | undefined,
  translate: Translate,
): string | null {
  const code = detail?.code;
  if (!isErrorCode(code)) return null;
  const text = translate(errorCodeKey(code), {
    field: detail?.field ?? '',
    message: fallbackMessage(detail?.message) ?? '',
    ...detail?.args,
    _: '',
  });
  return text || null;
}

/**
 * What to tell the user about an error answer: its code translated, else the server's English
 * message, else null (the caller then says something generic by status).
 */
export function translateServerError(
  body: (Partial<Omit<ErrorBody, 'message'>> & { message?: unknown }) | null | undefined,
  translate: Translate,
): string | null {
  return translateErrorDetail(body, translate) ?? fallbackMessage(body?.message);
}

/**
 * Each problem of an answer by the field it is about, translated (`details`, else the answer's own
 * `code` and `field`); only fields the caller lists count (the form's own inputs).
 */
export function translatedFieldErrors(
  body: Partial<ErrorBody> | null | undefined,
  fields: readonly string[],
  translate: Translate,
): Record<string, string> | undefined {
  const problems = body?.details ?? (body?.field ? [body as ErrorDetail] : []);
  const errors: Record<string, string> = {};
  for (const problem of problems) {
    const field = problem.field;
    if (!field || !fields.includes(field) || errors[field] !== undefined) continue;
    const text = translateErrorDetail(problem, translate);
    if (text) errors[field] = text;
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/**
 * The translator of the running app, set by the i18n provider: errors are turned into text where
 * they are raised (the data provider), outside React, in the language the user reads at that moment.
 */
let current: Translate | null = null;

export function setErrorTranslator(translate: Translate | null): void {
  current = translate;
}

/** `translate` of the running app; without one (unit tests), an untranslatable key is unknown. */
export function errorTranslator(): Translate {
  return current ?? ((_key, options) => (typeof options?._ === 'string' ? options._ : ''));
}
