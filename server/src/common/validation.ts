import { HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import { badRequest } from './errors.js';

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints?.whitelistValidation) return [`${path}: unknown field`];
    const own = Object.values(error.constraints ?? {}).map((text) =>
      // class-validator's messages start with the property name; name the full path instead.
      text.startsWith(error.property)
        ? `${path}${text.slice(error.property.length)}`
        : `${path}: ${text}`,
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/**
 * Rejects unknown fields and names every bad one: "email must be an email; role must be one of …".
 * Properties not declared in the DTO are a 400 ("property x should not exist").
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    errorHttpStatusCode: HttpStatus.BAD_REQUEST,
    exceptionFactory: (errors) => badRequest(flatten(errors).join('; ')),
  });
}
