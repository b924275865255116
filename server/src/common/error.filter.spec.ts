import type { ArgumentsHost } from '@nestjs/common';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { ErrorFilter } from './error.filter.js';

/** Runs the filter over an exception and returns the status and body it answered with. */
function answer(exception: unknown): {
  status: number;
  body: { statusCode: number; message: string };
} {
  const sent = { status: 0, body: { statusCode: 0, message: '' } };
  const response = {
    setHeader: () => response,
    status: (status: number) => ((sent.status = status), response),
    json: (body: typeof sent.body) => ((sent.body = body), response),
  };
  const host = {
    switchToHttp: () => ({
      getResponse: () => response,
      getRequest: () => ({ headers: {}, method: 'GET', path: '/api/x' }),
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
      expect(answer(exception)).toEqual({
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

  it('keeps any other database failure a 500 with a request id', () => {
    expect(answer(databaseError('XX000')).status).toBe(500);
  });
});
