/** The contract's list dialect: `?page&perPage&sort&order&q&<field>=<value>`. */
export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 25;

export type SortOrder = 'ASC' | 'DESC';

/** Every list answers this shape. */
export interface ListResponse<T> {
  data: T[];
  total: number;
}
