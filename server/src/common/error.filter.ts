import { randomUUID } from 'node:crypto';
import {
  Catch,
  HttpException,
  HttpStatus,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { isErrorCode, type ErrorBody, type ErrorCode, type ErrorDetail } from '@haven/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { DomainError, ERROR_KIND_STATUS, fieldOf } from './errors.js';
import { logger } from './logger.js';

/**
 * As Express's res.json: the answer is JSON whatever type the route declared for its success (a
 * calendar feed's text/calendar), which Fastify would otherwise refuse to serialise an object as.
 */
const JSON_TYPE = 'application/json; charset=utf-8';

/** The route's pattern for the log (never the URL's values), else the path without its query. */
function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? request.url.split('?')[0];
}

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The code of an answer that carries none of its own (Nest's own exceptions), by status. */
const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'database.unavailable',
};

function genericCode(statusCode: number): ErrorCode {
  return STATUS_CODES[statusCode] ?? (statusCode >= 500 ? 'internal' : 'invalid');
}

function body(
  statusCode: number,
  message: string,
  code: ErrorCode,
  detail: Omit<ErrorDetail, 'code'> & { details?: ErrorDetail[] } = {},
): ErrorBody {
  const answer: ErrorBody = {
    statusCode,
    message,
    error: STATUS_NAMES[statusCode] ?? 'Error',
    code,
  };
  if (detail.field !== undefined) answer.field = detail.field;
  if (detail.args !== undefined) answer.args = detail.args;
  if (detail.details !== undefined) answer.details = detail.details;
  return answer;
}

/** SQLSTATE codes that bad input can still cause despite validation (races, odd values). */
const INVALID_VALUE_CODES = new Set([
  '22021',
  '22P05',
  '22P02',
  '22007',
  '22008',
  '22003',
  '22001',
]);

/**
 * CHECK constraints a request's own values can violate, and the field each is about (the rest guard
 * Haven's own writes).
 */
const USER_CHECKS: Readonly<Record<string, string>> = { legal_case_grounds_distinct: 'grounds' };

function fromDatabase(driverError: {
  code?: string;
  constraint?: string;
  column?: string;
}): ErrorBody | null {
  const code = driverError.code ?? '';
  // A constraint's name is schema, not data: safe to show, and what names the clash.
  const constraint = driverError.constraint ? { args: { constraint: driverError.constraint } } : {};
  if (code === '23505' && driverError.constraint === 'deadline_open_rule_trigger_key') {
    return body(
      409,
      'the case already has this rule’s open deadline for the same trigger date',
      'deadline.duplicate',
      constraint,
    );
  }
  if (code === 'HV001') {
    // migrations/1767312000000-erasure-is-final.ts: nothing new is written about an erased person.
    return body(
      409,
      'the client’s data were erased: nothing more can be recorded about them',
      'client.anonymised',
    );
  }
  if (code === '23505') {
    return body(
      409,
      `${driverError.constraint ?? 'a unique value'}: already exists`,
      'database.duplicate',
      constraint,
    );
  }
  if (code === '23503') {
    return body(
      400,
      `${driverError.constraint ?? 'a reference'}: refers to a record that does not exist`,
      'database.missing_reference',
      constraint,
    );
  }
  if (code === '23502') {
    return body(
      400,
      `${driverError.column ?? 'a field'}: is required`,
      'database.required',
      driverError.column ? { field: driverError.column } : {},
    );
  }
  const checkedField = Object.hasOwn(USER_CHECKS, driverError.constraint ?? '')
    ? USER_CHECKS[driverError.constraint!]
    : undefined;
  if (code === '23514' && checkedField !== undefined) {
    // A CHECK a request's values can meet: a value the schema refuses, named by its field. Any
    // other check only a bug can break: it stays a 500, seen as one.
    return body(400, `${checkedField}: the value is not allowed`, 'database.check_violation', {
      field: checkedField,
      ...constraint,
    });
  }
  if (INVALID_VALUE_CODES.has(code))
    return body(400, 'a value has the wrong format or is out of range', 'database.invalid_value');
  return null;
}

/** Node's and PostgreSQL's ways of saying the database cannot be reached right now. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
]);
const UNREACHABLE_MESSAGES =
  /Connection terminated|Connection ended unexpectedly|timeout exceeded when trying to connect|connection error and is not queryable|Connection is closed|the database system is (starting up|shutting down|in recovery mode)/i;

/** How long a client should wait before trying again while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * PostgreSQL ended the transaction because it met another one head on: a deadlock it broke
 * (40P01) or a serialization failure (40001). Nothing of it was committed and the same request
 * sent again normally goes through: a 503 to retry, never a 500.
 */
const CONTENDED_CODES = new Set(['40P01', '40001']);

const isContended = (error: unknown): boolean =>
  anyCause(error, ({ code }) => typeof code === 'string' && CONTENDED_CODES.has(code));

/**
 * What the database not answering this once looks like to the client: a 503 to retry after
 * `seconds`, never a 500 (nothing was committed: a transaction cannot commit without the database,
 * and one PostgreSQL broke off is rolled back).
 */
const TRANSIENT: {
  applies: (error: unknown) => boolean;
  seconds: number;
  code: ErrorCode;
  message: string;
  log: string;
}[] = [
  {
    // Stopped, restarting, unreachable.
    applies: isDatabaseUnavailable,
    seconds: DATABASE_RETRY_AFTER_SECONDS,
    code: 'database.unavailable',
    message: 'The database is not reachable right now; try again in a few seconds',
    log: 'database unavailable',
  },
  {
    applies: isContended,
    seconds: 1,
    code: 'database.busy',
    message:
      'Another change to the same records was being saved at the same moment; nothing of this one was saved. Try again.',
    log: 'transaction ended by the database (deadlock or serialization failure)',
  },
];

/**
 * Whether an error means that the database is unreachable (stopped, restarting, cut off by the
 * network, out of connections) rather than that the request was wrong: the driver's error may come
 * bare, wrapped by TypeORM (`driverError`) or as a `cause`.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return anyCause(
    error,
    ({ code, message }) =>
      (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) ||
      (typeof message === 'string' && UNREACHABLE_MESSAGES.test(message)),
  );
}

/** Whether `test` holds for the error or what it wraps: TypeORM's `driverError`, a `cause`. */
function anyCause(
  error: unknown,
  test: (error: { code?: unknown; message?: unknown }) => boolean,
  depth = 0,
): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { driverError, cause } = error as { driverError?: unknown; cause?: unknown };
  return test(error) || anyCause(driverError, test, depth + 1) || anyCause(cause, test, depth + 1);
}

/**
 * The one place errors become HTTP answers, in the contract's shape. Anything unexpected is a 500
 * with a request id; the details go to the log only (with no request body or query).
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const response = context.getResponse<FastifyReply>();
    const request = context.getRequest<FastifyRequest>();
    const transient =
      exception instanceof HttpException || exception instanceof DomainError
        ? undefined
        : TRANSIENT.find((kind) => kind.applies(exception));
    if (transient) {
      logger().warn({ method: request.method, route: routeOf(request) }, transient.log);
      void response
        .header('Retry-After', String(transient.seconds))
        .status(503)
        .type(JSON_TYPE)
        .send(body(503, transient.message, transient.code));
      return;
    }
    const payload = this.toBody(exception, request);
    if (exception instanceof DomainError && exception.retryAfterSeconds !== undefined) {
      void response.header('Retry-After', String(exception.retryAfterSeconds));
    }
    void response.status(payload.statusCode).type(JSON_TYPE).send(payload);
  }

  private toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    // The one place a domain error's kind becomes an HTTP status.
    if (exception instanceof DomainError) {
      return body(ERROR_KIND_STATUS[exception.kind], exception.message, exception.code, exception);
    }
    // Nest's own (an unknown route, a failed built-in pipe): a generic code by status.
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const message = typeof raw === 'string' ? raw : (raw as { message?: unknown }).message;
      const text = Array.isArray(message)
        ? message.join('; ')
        : typeof message === 'string'
          ? message
          : exception.message;
      // The adapter maps the body parser's errors to an HttpException with the parser's error as the
      // cause: the JSON parser's (create-app.ts) is shaped as body-parser's was; Fastify's own
      // too-large one answers in Express's words.
      const cause = exception.cause as { type?: unknown; code?: unknown } | undefined;
      if (cause?.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        return body(413, 'request entity too large', 'too_large');
      const parsing = cause?.type;
      const code =
        parsing === 'entity.parse.failed' ||
        cause?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
        (cause instanceof SyntaxError && status === 400)
          ? 'request.invalid_json'
          : typeof raw === 'object'
            ? (raw as { code?: unknown }).code
            : undefined;
      const field = fieldOf(text);
      return body(
        status,
        text,
        isErrorCode(code) ? code : genericCode(status),
        field ? { field } : {},
      );
    }
    // Through TypeORM the driver's error comes wrapped; statements run on the pool directly
    // (prepared ones) raise it as it is.
    const databaseError =
      exception instanceof QueryFailedError
        ? exception.driverError
        : exception instanceof DatabaseError
          ? exception
          : null;
    if (databaseError) {
      const mapped = fromDatabase(
        databaseError as { code?: string; constraint?: string; column?: string },
      );
      if (mapped) return mapped;
    }
    // Errors raised by the body parser carry their own status (413 too large, 400 bad JSON…).
    const parserStatus = (exception as { status?: unknown; type?: unknown })?.status;
    if (typeof parserStatus === 'number' && parserStatus >= 400 && parserStatus < 500) {
      const type = (exception as { type?: string }).type;
      if (type === 'entity.too.large')
        return body(413, 'the request body is larger than 1 MiB', 'too_large');
      if (type === 'entity.parse.failed')
        return body(400, 'the request body is not valid JSON', 'request.invalid_json');
      return body(parserStatus, 'the request body could not be read', 'request.unreadable');
    }
    const requestId = (request.headers['x-request-id'] as string | undefined) ?? randomUUID();
    logger().error(
      {
        requestId,
        method: request.method,
        route: routeOf(request),
        err:
          exception instanceof Error
            ? { name: exception.name, message: exception.message, stack: exception.stack }
            : String(exception),
      },
      'unhandled error',
    );
    return {
      ...body(
        HttpStatus.INTERNAL_SERVER_ERROR,
        `Internal error; quote request id ${requestId} to an administrator`,
        'internal',
        { args: { requestId } },
      ),
      requestId,
    };
  }
}
