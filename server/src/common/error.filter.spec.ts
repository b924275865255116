import {
  ForbiddenException,
  NotFoundException,
  UnauthorizedException,
  type ArgumentsHost,
} from '@nestjs/common';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { ErrorFilter } from './error.filter.js';
import {
  badRequest,
  conflict,
  forbidden,
  notFound,
  StaleVersionException,
  TooManyRequestsException,
  unauthorized,
} from './errors.js';
import { createValidationPipe } from './validation.js';

/** Runs the filter over an exception and returns the status and body it answered with. */
function answer(exception: unknown): {
  status: number;
  headers: Record<string, string>;
  body: { statusCode: number; message: string };
} {
  const sent = {
    status: 0,
    headers: {} as Record<string, string>,
    body: { statusCode: 0, message: '' },
  };
  // The part of Fastify's reply the filter answers with.
  const reply = {
    header: (name: string, value: string) => ((sent.headers[name] = value), reply),
    status: (status: number) => ((sent.status = status), reply),
    type: (type: string) => ((sent.headers['Content-Type'] = type), reply),
    send: (body: typeof sent.body) => ((sent.body = body), reply),
  };
  const host = {
    switchToHttp: () => ({
      getResponse: () => reply,
      getRequest: () => ({
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        method: 'GET',
        url: '/api/x',
        routeOptions: { url: '/api/x' },
      }),
    }),
  } as unknown as ArgumentsHost;
  new ErrorFilter().catch(exception, host);
  return sent;
}

function databaseError(code: string, extra: Partial<DatabaseError> = {}): DatabaseError {
  return Object.assign(
    new DatabaseError('date/time field value out of range', 0, 'error'),
    { code },
    extra,
  );
}

describe('ErrorFilter and database errors', () => {
  it('answers a value PostgreSQL refuses with 400, wrapped by TypeORM or raised by a prepared statement', () => {
    for (const exception of [
      new QueryFailedError('SELECT 1', [], databaseError('22008')),
      databaseError('22008'),
    ]) {
      expect(answer(exception)).toMatchObject({
        status: 400,
        body: expect.objectContaining({
          statusCode: 400,
          message: 'a value has the wrong format or is out of range',
        }),
      });
    }
  });

  it('answers a unique violation with 409 naming the constraint, either way', () => {
    expect(
      answer(databaseError('23505', { constraint: 'client_reference_key' })).body,
    ).toMatchObject({ statusCode: 409, message: 'client_reference_key: already exists' });
  });

  it('answers a check violation with 400 naming the constraint', () => {
    expect(
      answer(databaseError('23514', { constraint: 'legal_case_grounds_distinct' })).body,
    ).toMatchObject({
      statusCode: 400,
      code: 'database.check_violation',
      field: 'grounds',
      message: 'grounds: the value is not allowed',
      args: { constraint: 'legal_case_grounds_distinct' },
    });
  });

  it('keeps a check only Haven’s own writes can break a 500', () => {
    expect(answer(databaseError('23514', { constraint: 'audit_chain_head_one_row' })).status).toBe(
      500,
    );
  });

  it('keeps any other database failure a 500 with a request id', () => {
    expect(answer(databaseError('XX000')).status).toBe(500);
  });
});

describe('ErrorFilter and coded errors', () => {
  it('maps each kind of domain error to its status once, keeping code, field and args', () => {
    expect(answer(badRequest('dueOn: must be a date YYYY-MM-DD'))).toEqual({
      status: 400,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'dueOn: must be a date YYYY-MM-DD',
        code: 'invalid',
        field: 'dueOn',
      },
    });
    expect(answer(badRequest('title: required without ruleId')).body).toMatchObject({
      code: 'required',
      field: 'title',
    });
    expect(answer(notFound('deadline rule'))).toEqual({
      status: 404,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: {
        statusCode: 404,
        error: 'Not Found',
        message: 'deadline rule not found',
        code: 'deadline_rule.not_found',
      },
    });
    expect(answer(notFound()).body).toMatchObject({ code: 'record.not_found' });
    expect(answer(notFound('widget')).body).toMatchObject({
      code: 'not_found',
      args: { what: 'widget' },
    });
    expect(answer(new StaleVersionException())).toMatchObject({
      status: 409,
      body: expect.objectContaining({ statusCode: 409, code: 'version.stale', field: 'version' }),
    });
    expect(
      answer(
        conflict('mergeId: a merge can be undone for 30 days only', 'merge.undo_expired', {
          args: { days: 30 },
        }),
      ).body,
    ).toMatchObject({ code: 'merge.undo_expired', field: 'mergeId', args: { days: 30 } });
    expect(
      answer(forbidden('Only supervisors and admins merge clients', 'merge.forbidden')),
    ).toMatchObject({
      status: 403,
      body: expect.objectContaining({
        statusCode: 403,
        error: 'Forbidden',
        code: 'merge.forbidden',
      }),
    });
    expect(answer(unauthorized('Wrong email or password', 'auth.invalid_credentials')).status).toBe(
      401,
    );
  });

  it('sends Retry-After and the seconds of a 429', () => {
    const limited = answer(new TooManyRequestsException('Too many', 42, 'auth.too_many_attempts'));
    expect(limited).toMatchObject({
      status: 429,
      headers: { 'Retry-After': '42' },
      body: { code: 'auth.too_many_attempts', args: { seconds: 42 } },
    });
  });

  it('gives Nest’s own exceptions a code by status', () => {
    expect(answer(new NotFoundException('Cannot GET /api/nothing')).body).toMatchObject({
      statusCode: 404,
      code: 'not_found',
    });
    expect(answer(new ForbiddenException()).body).toMatchObject({ code: 'forbidden' });
    expect(answer(new UnauthorizedException()).body).toMatchObject({ code: 'unauthorized' });
  });

  it('codes database refusals and names the column or constraint', () => {
    expect(
      answer(databaseError('23505', { constraint: 'client_reference_key' })).body,
    ).toMatchObject({
      code: 'database.duplicate',
      args: { constraint: 'client_reference_key' },
    });
    expect(
      answer(new QueryFailedError('INSERT', [], databaseError('23503', { constraint: 'x_fkey' })))
        .body,
    ).toMatchObject({ statusCode: 400, code: 'database.missing_reference' });
    expect(answer(databaseError('23502', { column: 'due_on' })).body).toMatchObject({
      statusCode: 400,
      code: 'database.required',
      field: 'due_on',
    });
    expect(answer(databaseError('22008')).body).toMatchObject({ code: 'database.invalid_value' });
    expect(answer(databaseError('XX000')).body).toMatchObject({ code: 'internal' });
  });

  it('answers 503 database.unavailable with Retry-After while the database is away', () => {
    const away = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(answer(away)).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '5' },
      body: { statusCode: 503, code: 'database.unavailable' },
    });
  });

  it('answers 503 database.busy with Retry-After when PostgreSQL broke a deadlock', () => {
    for (const code of ['40P01', '40001']) {
      expect(answer(new QueryFailedError('UPDATE', [], databaseError(code)))).toMatchObject({
        status: 503,
        headers: { 'Retry-After': '1' },
        body: { statusCode: 503, code: 'database.busy' },
      });
      expect(answer(databaseError(code))).toMatchObject({
        status: 503,
        body: { code: 'database.busy' },
      });
    }
  });
});

describe('the validation pipe’s codes', () => {
  class Sample {
    @IsEmail({}, { message: 'email must be an email address' })
    email!: string;

    @IsString()
    @MaxLength(5)
    name!: string;

    @IsOptional()
    @IsString()
    @MinLength(1, { message: 'title is required' })
    title?: string;
  }

  async function refusal(
    value: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const pipe = createValidationPipe();
    const error: unknown = await pipe.transform(value, { type: 'body', metatype: Sample }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).not.toBeNull();
    return answer(error);
  }

  it('answers the first problem’s code and field, every problem in details, and keeps the message', async () => {
    const { status, body } = await refusal({ email: 'x', name: 'too long a name', extra: 1 });
    expect(status).toBe(400);
    expect(body).toMatchObject({
      code: 'validation.unknown_field',
      field: 'extra',
      message:
        'extra: unknown field; email must be an email address; name must be shorter than or equal to 5 characters',
    });
    expect(body.details).toEqual([
      { code: 'validation.unknown_field', field: 'extra' },
      { code: 'validation.email', field: 'email' },
      { code: 'validation.too_long', field: 'name', args: { max: 5 } },
    ]);
  });

  it('says "required" for an empty string a DTO asks at least one character of', async () => {
    const { body } = await refusal({ email: 'a@example.org', name: 'Ann', title: '' });
    expect(body).toMatchObject({ code: 'validation.required', field: 'title' });
  });
});
