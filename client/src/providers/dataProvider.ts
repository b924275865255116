import { MAX_PER_PAGE, type ListResponse } from '@haven/shared';
import {
  HttpError,
  type CreateResult,
  type DataProvider,
  type GetListResult,
  type GetManyReferenceResult,
  type GetManyResult,
  type GetOneResult,
  type Identifier,
  type RaRecord,
  type UpdateResult,
} from 'react-admin';
import { apiFetch } from './http';
import { refetchResource } from './queryClient';

/**
 * react-admin's data calls in the contract's list dialect:
 * `GET /api/<resource>?page&perPage&sort&order&q&<field>=<value>` answering `{data, total}`.
 * One implementation for every resource: a resource's peculiarities belong to the server.
 */

/** Filter values as the contract writes them; a list means "any of" and repeats the key. */
export function appendFilters(query: URLSearchParams, filter: Record<string, unknown> = {}): void {
  for (const [field, value] of Object.entries(filter)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      const text = filterValue(field, item);
      if (text !== null) query.append(field, text);
    }
  }
}

function filterValue(field: string, value: unknown): string | null {
  // An emptied filter input means "no filter", not "equals the empty string".
  if (value === undefined || value === null || value === '') return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  throw new Error(`Filter "${field}" has a value the API cannot express`);
}

export interface ListQueryParams {
  pagination?: { page: number; perPage: number };
  sort?: { field: string; order: string };
  filter?: Record<string, unknown>;
}

export function listQuery({ pagination, sort, filter }: ListQueryParams): URLSearchParams {
  const query = new URLSearchParams();
  if (pagination) {
    query.set('page', String(pagination.page));
    query.set('perPage', String(pagination.perPage));
  }
  if (sort?.field) {
    query.set('sort', sort.field);
    query.set('order', sort.order === 'DESC' ? 'DESC' : 'ASC');
  }
  appendFilters(query, filter);
  return query;
}

/** The fields an update changed; read-only bookkeeping fields are never sent. */
const NEVER_SENT = new Set(['id', 'createdAt', 'updatedAt', 'version']);

export function changedFields(
  data: Record<string, unknown>,
  previousData: Record<string, unknown> = {},
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(data)) {
    if (NEVER_SENT.has(field) || value === undefined) continue;
    if (JSON.stringify(value) !== JSON.stringify(previousData[field])) changes[field] = value;
  }
  return changes;
}

const path = (resource: string, id?: Identifier) =>
  id === undefined ? `/${resource}` : `/${resource}/${encodeURIComponent(String(id))}`;

function noDelete(): Promise<never> {
  // The contract defines no DELETE route: accounts are deactivated, audit events are permanent.
  return Promise.reject(new HttpError('haven.errors.delete_not_supported', 405, {}));
}

export interface ActionOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  /** Query parameters; a list repeats the key, empty values are left out (as list filters). */
  query?: Record<string, unknown>;
  signal?: AbortSignal;
}

export interface HavenDataProvider extends DataProvider {
  /**
   * `GET|POST /api/<resource>/<action>` for the few routes outside CRUD (e.g. audit verify,
   * case reassignment, the calendar token).
   */
  resourceAction<T>(resource: string, action: string, options?: ActionOptions): Promise<T>;
  /**
   * `GET|POST /api/<resource>/<id>/<action>` for routes about one record (a case's suggested
   * deadlines or stay limit, a rule's computed date).
   */
  recordAction<T>(
    resource: string,
    id: Identifier,
    action: string,
    options?: ActionOptions,
  ): Promise<T>;
}

function actionRequest(options: ActionOptions) {
  const query = new URLSearchParams();
  appendFilters(query, options.query);
  return {
    method: options.method,
    body: options.body,
    signal: options.signal,
    query: query.toString() ? query : undefined,
  };
}

export const dataProvider: HavenDataProvider = {
  async getList<R extends RaRecord>(
    resource: string,
    params: Parameters<DataProvider['getList']>[1],
  ): Promise<GetListResult<R>> {
    const { json } = await apiFetch<ListResponse<R>>(path(resource), {
      query: listQuery(params),
      signal: params.signal,
    });
    return { data: json.data, total: json.total };
  },

  async getOne<R extends RaRecord>(
    resource: string,
    params: Parameters<DataProvider['getOne']>[1],
  ): Promise<GetOneResult<R>> {
    const { json } = await apiFetch<R>(path(resource, params.id), { signal: params.signal });
    return { data: json };
  },

  async getMany<R extends RaRecord>(
    resource: string,
    params: Parameters<DataProvider['getMany']>[1],
  ): Promise<GetManyResult<R>> {
    // The list route filters by `id` like any other field; perPage caps each request.
    const ids = [...new Set(params.ids)];
    const data: R[] = [];
    for (let start = 0; start < ids.length; start += MAX_PER_PAGE) {
      const batch = ids.slice(start, start + MAX_PER_PAGE);
      const { json } = await apiFetch<ListResponse<R>>(path(resource), {
        query: listQuery({ pagination: { page: 1, perPage: batch.length }, filter: { id: batch } }),
        signal: params.signal,
      });
      data.push(...json.data);
    }
    return { data };
  },

  async getManyReference<R extends RaRecord>(
    resource: string,
    params: Parameters<DataProvider['getManyReference']>[1],
  ): Promise<GetManyReferenceResult<R>> {
    const { json } = await apiFetch<ListResponse<R>>(path(resource), {
      query: listQuery({ ...params, filter: { ...params.filter, [params.target]: params.id } }),
      signal: params.signal,
    });
    return { data: json.data, total: json.total };
  },

  async create<R extends RaRecord>(
    resource: string,
    params: Parameters<DataProvider['create']>[1],
  ): Promise<CreateResult<R>> {
    const { json } = await apiFetch<R>(path(resource), {
      method: 'POST',
      body: params.data,
    });
    return { data: json };
  },

  async update<R extends RaRecord>(
    resource: string,
    params: Parameters<DataProvider['update']>[1],
  ): Promise<UpdateResult<R>> {
    const previous = (params.previousData ?? {}) as Record<string, unknown>;
    const data = params.data as Record<string, unknown>;
    // The server refuses a write without the version the user last read (409 when stale).
    const version = previous.version ?? data.version;
    const { json } = await apiFetch<R>(path(resource, params.id), {
      method: 'PATCH',
      body: { ...changedFields(data, previous), version },
    });
    return { data: json };
  },

  async updateMany(resource, params) {
    // No bulk route in the contract, and each PATCH needs its record's version: one at a time.
    const ids: Identifier[] = [];
    for (const id of params.ids) {
      const { data: current } = await dataProvider.getOne(resource, { id });
      await dataProvider.update(resource, { id, data: params.data, previousData: current });
      ids.push(id);
    }
    return { data: ids };
  },

  delete: noDelete,
  deleteMany: noDelete,

  async resourceAction<T>(
    resource: string,
    action: string,
    options: ActionOptions = {},
  ): Promise<T> {
    const { json } = await apiFetch<T>(`${path(resource)}/${action}`, actionRequest(options));
    return json;
  },

  async recordAction<T>(
    resource: string,
    id: Identifier,
    action: string,
    options: ActionOptions = {},
  ): Promise<T> {
    try {
      const { json } = await apiFetch<T>(`${path(resource, id)}/${action}`, actionRequest(options));
      return json;
    } catch (error) {
      // Refused because the record is no longer as shown (409): show it as it is now.
      if ((error as { status?: number } | null)?.status === 409) refetchResource(resource);
      throw error;
    }
  },
};
