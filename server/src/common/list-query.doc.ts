import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiQuery } from '@nestjs/swagger';

/** Documents the contract's list dialect on a list route, with the resource's own filters. */
export function ListQueryDoc(
  filters: string[],
  extra: Parameters<typeof ApiQuery>[0][] = [],
): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'page', required: false, type: Number, description: 'from 1' }),
    ApiQuery({
      name: 'perPage',
      required: false,
      type: Number,
      description: 'at most 100; default 25',
    }),
    ApiQuery({ name: 'sort', required: false, type: String }),
    ApiQuery({ name: 'order', required: false, enum: ['ASC', 'DESC'] }),
    ApiQuery({ name: 'q', required: false, type: String, description: 'text search' }),
    ...filters.map((name) =>
      ApiQuery({
        name,
        required: false,
        type: String,
        description: 'filter; give it twice for "any of"',
      }),
    ),
    ...extra.map((options) => ApiQuery(options)),
    ApiBadRequestResponse({ description: 'an unknown sort or filter field, or a bad value' }),
  );
}
