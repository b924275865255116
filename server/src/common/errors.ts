import { HttpException, HttpStatus } from '@nestjs/common';

/** 409: the record changed since the client read it. */
export class StaleVersionException extends HttpException {
  constructor() {
    super(
      {
        statusCode: HttpStatus.CONFLICT,
        message: 'version: the record was changed by someone else; reload it and try again',
        error: 'Conflict',
      },
      HttpStatus.CONFLICT,
    );
  }
}

/** 429 with the seconds to wait, sent as `Retry-After`. */
export class TooManyRequestsException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(
      { statusCode: HttpStatus.TOO_MANY_REQUESTS, message, error: 'Too Many Requests' },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** 400 naming the offending fields. */
export function badRequest(message: string): HttpException {
  return new HttpException(
    { statusCode: HttpStatus.BAD_REQUEST, message, error: 'Bad Request' },
    HttpStatus.BAD_REQUEST,
  );
}

export function notFound(what = 'record'): HttpException {
  return new HttpException(
    { statusCode: HttpStatus.NOT_FOUND, message: `${what} not found`, error: 'Not Found' },
    HttpStatus.NOT_FOUND,
  );
}

export function conflict(message: string): HttpException {
  return new HttpException(
    { statusCode: HttpStatus.CONFLICT, message, error: 'Conflict' },
    HttpStatus.CONFLICT,
  );
}
