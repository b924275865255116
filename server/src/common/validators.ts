import { badRequest } from './errors.js';
import { registerDecorator, type ValidationOptions } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in its canonical 8-4-4-4-12 form (what PostgreSQL's uuid type takes). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * A calendar date `YYYY-MM-DD` that exists, in years 1000–2999: what a person's life or a legal
 * period can involve. Bounded so that date arithmetic on it (a period, a roll to the next working
 * day) always stays a four-digit year — year 10000 has no `YYYY-MM-DD` form.
 */
export function isDateOnly(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value) || value < '1000' || value >= '3000')
    return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** A calendar date `YYYY-MM-DD` that exists (no 31 February). */
export function IsDateOnly(
  options: ValidationOptions & { notFuture?: boolean } = {},
): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDateOnly',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a date YYYY-MM-DD${options.notFuture ? ', not in the future' : ''}`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          isDateOnly(value) &&
          (!options.notFuture || value <= new Date().toISOString().slice(0, 10)),
      },
    });
}

/** ISO 3166-1 alpha-2, upper case. */
export const COUNTRY = /^[A-Z]{2}$/;
/** ISO 639-1, lower case. */
export const LANGUAGE = /^[a-z]{2}$/;

/**
 * `@IsOptional()` lets `null` through as well as "absent"; for fields that always have a value a
 * PATCH may change them but not empty them: 400 naming the field, before any code touches it.
 */
export function rejectNulls(dto: object, fields: readonly string[]): void {
  for (const field of fields) {
    if ((dto as Record<string, unknown>)[field] === null)
      throw badRequest(`${field}: cannot be empty`, 'validation.not_empty', { field });
  }
}
