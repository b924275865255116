import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { badRequest } from './errors.js';

/** PostgreSQL text cannot hold U+0000; refuse it up front, naming the field, instead of failing in SQL. */
export function assertNoNul(value: unknown, path = ''): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      throw badRequest(
        `${path || 'value'}: must not contain a NUL character`,
        'request.nul_character',
        {
          field: path || null,
        },
      );
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => assertNoNul(item, `${path}[${index}]`));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      assertNoNul(key, path);
      assertNoNul(item, path ? `${path}.${key}` : key);
    }
  }
}

@Injectable()
export class RejectNulPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param')
      assertNoNul(value);
    return value;
  }
}
