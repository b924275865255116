import { pino, type Logger } from 'pino';

/**
 * Structured JSON logs. They carry ids, routes, status codes and timings — never a request body,
 * a query string, a name or any other personal data: `redact` is a second line of defence.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'haven' },
    redact: {
      paths: [
        'password',
        '*.password',
        'email',
        '*.email',
        'authorization',
        '*.authorization',
        'body',
        '*.body',
      ],
      censor: '[redacted]',
    },
  });
}

let current: Logger = createLogger(process.env.LOG_LEVEL ?? 'info');

export function setLogger(logger: Logger): void {
  current = logger;
}

export function logger(): Logger {
  return current;
}
