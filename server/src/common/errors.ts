import { isErrorCode, type ErrorArgs, type ErrorCode, type ErrorDetail } from '@haven/shared';

/**
 * What kind of failure a domain error is. Services say what went wrong; only the error filter
 * turns a kind into an HTTP status (`ERROR_KIND_STATUS`).
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unsupported'
  | 'rate_limited'
  | 'unavailable';

export const ERROR_KIND_STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  rate_limited: 429,
  unavailable: 503,
};

export interface DomainErrorOptions {
  /** The field the error is about; null when a message's "x: …" prefix names no field. */
  field?: string | null;
  args?: ErrorArgs;
  /** Every problem, when there are several (validation of a whole body). */
  details?: ErrorDetail[];
  /** For `rate_limited` and `unavailable`: sent as `Retry-After`. */
  retryAfterSeconds?: number;
}

/**
 * A failure the caller can act on, with a stable `code` the client translates, the `field` it is
 * about and the `args` its text needs. `message` is the English fallback the API also answers.
 */
export class DomainError extends Error {
  readonly field?: string;
  readonly args?: ErrorArgs;
  readonly details?: ErrorDetail[];
  readonly retryAfterSeconds?: number;

  constructor(
    readonly kind: ErrorKind,
    readonly code: ErrorCode,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.field = options.field ?? undefined;
    this.args = options.args;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/**
 * The field a message names by the convention "field: what is wrong" (a path such as
 * `client.email` or `checkpoint.signature` included), or undefined.
 */
export function fieldOf(message: string): string | undefined {
  return /^([A-Za-z_][\w]*(?:\.[\w]+)*|X-[\w-]+): /.exec(message)?.[1];
}

/** "field: required…" is the one generic reason worth a code of its own. */
function defaultInvalidCode(message: string, field: string | undefined): ErrorCode {
  return field && /^required\b/.test(message.slice(field.length + 2)) ? 'required' : 'invalid';
}

/** 400 naming the offending field; the code defaults to `required` or `invalid`. */
export function badRequest(
  message: string,
  code?: ErrorCode,
  options: DomainErrorOptions = {},
): DomainError {
  const field = options.field === undefined ? fieldOf(message) : options.field;
  return new DomainError(
    'invalid',
    code ?? defaultInvalidCode(message, field ?? undefined),
    message,
    {
      ...options,
      field,
    },
  );
}

/**
 * 404 of a record that does not exist or that the caller may not see (answered alike): the code is
 * `<what>.not_found` ("deadline rule" → `deadline_rule.not_found`) where the catalogue has it.
 */
export function notFound(what = 'record'): DomainError {
  const specific = `${what.replace(/\s+/g, '_')}.not_found`;
  return isErrorCode(specific)
    ? new DomainError('not_found', specific, `${what} not found`)
    : new DomainError('not_found', 'not_found', `${what} not found`, { args: { what } });
}

/** 409: the request clashes with the record's state or another record. */
export function conflict(
  message: string,
  code: ErrorCode = 'conflict',
  options: DomainErrorOptions = {},
): DomainError {
  return new DomainError('conflict', code, message, {
    ...options,
    field: options.field === undefined ? fieldOf(message) : options.field,
  });
}

/** 403: the caller's role or relation to the record does not allow this action. */
export function forbidden(
  message: string,
  code: ErrorCode = 'forbidden',
  options: DomainErrorOptions = {},
): DomainError {
  return new DomainError('forbidden', code, message, options);
}

/** 401: the caller is not (or no longer) signed in, or failed to prove who they are. */
export function unauthorized(
  message: string,
  code: ErrorCode = 'unauthorized',
  options: DomainErrorOptions = {},
): DomainError {
  return new DomainError('unauthorized', code, message, options);
}

/** 409: the record changed since the client read it. */
export class StaleVersionException extends DomainError {
  constructor() {
    super(
      'conflict',
      'version.stale',
      'version: the record was changed by someone else; reload it and try again',
      { field: 'version' },
    );
  }
}

/** 429 with the seconds to wait, sent as `Retry-After`. */
export class TooManyRequestsException extends DomainError {
  constructor(message: string, retryAfterSeconds: number, code: ErrorCode = 'rate_limited') {
    super('rate_limited', code, message, {
      retryAfterSeconds,
      args: { seconds: retryAfterSeconds },
    });
  }
}
