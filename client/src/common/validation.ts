import { isDay } from './dates';

/**
 * Field rules that mirror the server's DTOs (server/src/clients/client.dto.ts,
 * server/src/cases/case.dto.ts), as pure functions. Each returns a react-admin style error: a
 * translation key, or a key with arguments; undefined when the value is fine. Blank values pass
 * every rule but `required`: optional fields may stay empty.
 */
export type FieldError = string | { message: string; args: Record<string, unknown> };
export type FieldErrors = Record<string, FieldError>;

export const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

export function required(value: unknown): FieldError | undefined {
  if (isBlank(value)) return 'ra.validation.required';
  if (Array.isArray(value) && value.length === 0) return 'ra.validation.required';
  return undefined;
}

export function maxLength(value: unknown, max: number): FieldError | undefined {
  return typeof value === 'string' && value.trim().length > max
    ? { message: 'ra.validation.maxLength', args: { max } }
    : undefined;
}

/** A real day; `notAfter` (a day) for the server's "not in the future" rules. */
export function day(value: unknown, notAfter?: string): FieldError | undefined {
  if (isBlank(value)) return undefined;
  if (!isDay(value)) return 'haven.validation.day';
  if (notAfter && value > notAfter) return 'haven.validation.not_future';
  return undefined;
}

export function country(value: unknown): FieldError | undefined {
  if (isBlank(value)) return undefined;
  return typeof value === 'string' && /^[A-Z]{2}$/.test(value)
    ? undefined
    : 'haven.validation.country';
}

export function language(value: unknown): FieldError | undefined {
  if (isBlank(value)) return undefined;
  return typeof value === 'string' && /^[a-z]{2}$/.test(value)
    ? undefined
    : 'haven.validation.language';
}

// The server's pattern (client.dto.ts): digits, spaces, ( ) - and an optional leading +.
const PHONE = /^\+?[0-9 ()-]{5,40}$/;
// Deliberately loose; the server's IsEmail decides.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function phone(value: unknown): FieldError | undefined {
  if (isBlank(value)) return undefined;
  return typeof value === 'string' && PHONE.test(value.trim())
    ? undefined
    : 'haven.validation.phone';
}

export function email(value: unknown): FieldError | undefined {
  if (isBlank(value)) return undefined;
  if (typeof value !== 'string' || !EMAIL.test(value.trim())) return 'ra.validation.email';
  return maxLength(value, 254);
}

export function oneOf(value: unknown, values: readonly string[]): FieldError | undefined {
  if (isBlank(value)) return undefined;
  return typeof value === 'string' && values.includes(value)
    ? undefined
    : { message: 'ra.validation.oneOf', args: { options: values.join(', ') } };
}

export function allOf(value: unknown, values: readonly string[]): FieldError | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) && value.every((item) => values.includes(item as string))
    ? undefined
    : { message: 'ra.validation.oneOf', args: { options: values.join(', ') } };
}

export function maxItems(value: unknown, max: number): FieldError | undefined {
  return Array.isArray(value) && value.length > max
    ? { message: 'haven.validation.max_items', args: { max } }
    : undefined;
}

/** An error in the reader's language: a message key, or a key with its arguments. */
export function fieldErrorText(
  translate: (key: string, options?: Record<string, unknown>) => string,
  error: FieldError | undefined,
): string | undefined {
  if (error === undefined) return undefined;
  return typeof error === 'string' ? translate(error) : translate(error.message, error.args);
}

/** The first error among rules, in order. */
export function firstError(...results: (FieldError | undefined)[]): FieldError | undefined {
  return results.find((result) => result !== undefined);
}

/** Adds `path`'s first error to `errors`. */
export function check(
  errors: FieldErrors,
  path: string,
  ...results: (FieldError | undefined)[]
): void {
  const error = firstError(...results);
  if (error !== undefined && errors[path] === undefined) errors[path] = error;
}

/** A trimmed text, or undefined when blank: what a form sends for an optional text. */
export function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed ? trimmed : undefined;
}

/** react-admin wants nested errors (`authorityReferences: [{authority: …}]`) for array inputs. */
export function nest(errors: FieldErrors): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  for (const [path, error] of Object.entries(errors)) {
    const parts = path.split('.');
    let node: Record<string, unknown> = nested;
    parts.forEach((part, index) => {
      if (index === parts.length - 1) {
        node[part] = error;
        return;
      }
      const isIndex = /^\d+$/.test(parts[index + 1]);
      node[part] ??= isIndex ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return nested;
}
