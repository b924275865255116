import { HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ErrorCode, ErrorDetail } from '@haven/shared';
import { badRequest } from './errors.js';

/** class-validator's constraint names, by the code the client translates. */
const CONSTRAINT_CODES: Record<string, ErrorCode> = {
  whitelistValidation: 'validation.unknown_field',
  isDefined: 'validation.required',
  isNotEmpty: 'validation.required',
  isString: 'validation.string',
  minLength: 'validation.too_short',
  maxLength: 'validation.too_long',
  arrayMinSize: 'validation.too_few',
  arrayMaxSize: 'validation.too_many',
  isIn: 'validation.one_of',
  isEnum: 'validation.one_of',
  isEmail: 'validation.email',
  isUuid: 'validation.uuid',
  isDateOnly: 'validation.date',
  isInt: 'validation.integer',
  isNumber: 'validation.number',
  min: 'validation.too_small',
  max: 'validation.too_large',
  isBoolean: 'validation.boolean',
  isArray: 'validation.array',
  isObject: 'validation.object',
  nestedValidation: 'validation.object',
  matches: 'validation.format',
};

/** The bound a length, size or range rule names in its message ("…equal to 200 characters"). */
const BOUND_ARG: Partial<Record<ErrorCode, string>> = {
  'validation.too_short': 'min',
  'validation.too_long': 'max',
  'validation.too_few': 'min',
  'validation.too_many': 'max',
  'validation.too_small': 'min',
  'validation.too_large': 'max',
};

interface Problem extends ErrorDetail {
  field: string;
  text: string;
}

function problem(path: string, constraint: string, text: string): Problem {
  const code = CONSTRAINT_CODES[constraint] ?? 'validation.invalid';
  const bound = BOUND_ARG[code];
  const number = /(\d+)/.exec(text.slice(path.length))?.[1];
  // A minimum length or size of 1 is how a DTO says "required" (its message may say so instead).
  if (
    (code === 'validation.too_short' || code === 'validation.too_few') &&
    (number === '1' || /\bis required\b/.test(text))
  )
    return { field: path, code: 'validation.required', text };
  if (bound && number !== undefined)
    return { field: path, code, args: { [bound]: Number(number) }, text };
  // "…must be one of the following values: a, b" (or a DTO's own "…must be one of a, b").
  const allowed =
    code === 'validation.one_of' && /\bone of(?: the following values)?:? (.+)$/.exec(text);
  return allowed
    ? { field: path, code, args: { allowed: allowed[1] }, text }
    : { field: path, code, text };
}

function flatten(errors: ValidationError[], prefix = ''): Problem[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints?.whitelistValidation)
      return [problem(path, 'whitelistValidation', `${path}: unknown field`)];
    const own = Object.entries(error.constraints ?? {}).map(([constraint, text]) =>
      problem(
        path,
        constraint,
        // class-validator's messages start with the property name; name the full path instead.
        text.startsWith(error.property)
          ? `${path}${text.slice(error.property.length)}`
          : `${path}: ${text}`,
      ),
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/**
 * Each problem of a failed validation, with its code, field and args (the first is the answer's
 * own `code` and `field`).
 */
export function validationDetails(errors: ValidationError[]): ErrorDetail[] {
  return flatten(errors).map(({ text: _text, ...detail }) => detail);
}

/**
 * Rejects unknown fields and names every bad one: "email must be an email; role must be one of …".
 * Properties not declared in the DTO are a 400 ("property x should not exist"). The answer's
 * `code` and `field` are the first problem's; `details` lists them all, each with its code.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    errorHttpStatusCode: HttpStatus.BAD_REQUEST,
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      const [first] = problems;
      const details = problems.map(({ text: _text, ...detail }) => detail);
      return badRequest(
        problems.map((p) => p.text).join('; '),
        first?.code ?? 'validation.invalid',
        first ? { field: first.field, args: first.args, details } : {},
      );
    },
  });
}
