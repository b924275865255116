/** The contract's list dialect: `?page&perPage&sort&order&q&<field>=<value>`. */
export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 25;

export type SortOrder = 'ASC' | 'DESC';

/** Every list answers this shape. */
export interface ListResponse<T> {
  data: T[];
  total: number;
}

/** The contract's error body. */
export interface ErrorBody {
  statusCode: number;
  message: string;
  error: string;
  /** A stable identifier of the error for the client to translate, where the server gives one. */
  code?: string;
  /** Present on 500s only: quote it to an administrator, who finds the details in the log. */
  requestId?: string;
}
