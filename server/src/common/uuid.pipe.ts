import { Injectable, type PipeTransform } from '@nestjs/common';
import { notFound } from './errors.js';
import { isUuid } from './validators.js';

/** An id that is not a UUID names nothing: answered like any other missing record, 404. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value)) throw notFound();
    return value.toLowerCase();
  }
}
