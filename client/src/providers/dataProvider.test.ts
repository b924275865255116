import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpError } from 'react-admin';
import { memoryStorage } from '../test/memoryStorage';
import { aLogin } from '../test/records';
import { dataProvider, listQuery } from './dataProvider';
import { queryClient } from './queryClient';
import { saveSession } from './session';

interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

let calls: Call[];

/** Answers every request with `status` and `body`, recording what was asked. */
function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init: RequestInit = {}) => {
      calls.push({
        url,
        method: init.method ?? 'GET',
        headers: new Headers(init.headers),
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      });
      return Promise.resolve(
        new Response(body === undefined ? null : JSON.stringify(body), {
          status,
          headers: { 'Content-Type': 'application/json', ...headers },
        }),
      );
    }),
  );
}

/** The query string of the last request, decoded into ordered pairs. */
function lastQuery(): [string, string][] {
  const url = new URL(calls.at(-1)!.url, 'http://haven.test');
  return [...url.searchParams.entries()];
}

beforeEach(() => {
  calls = [];
  vi.stubGlobal('localStorage', memoryStorage());
  saveSession(aLogin('admin'));
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('list dialect', () => {
  it('sends page, perPage, sort, order, q and filters as the contract writes them', async () => {
    answer(200, { data: [{ id: 'a' }], total: 41 });
    const result = await dataProvider.getList('cases', {
      pagination: { page: 2, perPage: 50 },
      sort: { field: 'openedOn', order: 'DESC' },
      filter: {
        q: 'Ivanov',
        stage: ['intake', 'appeal'],
        teamId: 't1',
        openedOn_gte: '2026-01-01',
      },
    });

    expect(result).toEqual({ data: [{ id: 'a' }], total: 41 });
    expect(calls[0].url.startsWith('/api/cases?')).toBe(true);
    expect(lastQuery()).toEqual([
      ['page', '2'],
      ['perPage', '50'],
      ['sort', 'openedOn'],
      ['order', 'DESC'],
      ['q', 'Ivanov'],
      ['stage', 'intake'],
      ['stage', 'appeal'],
      ['teamId', 't1'],
      ['openedOn_gte', '2026-01-01'],
    ]);
  });

  it('repeats a filter given as a list ("any of") and drops empty ones', () => {
    const query = listQuery({
      filter: { stage: ['a', 'b'], active: false, role: '', teamId: null, q: undefined, n: 3 },
    });
    expect(query.toString()).toBe('stage=a&stage=b&active=false&n=3');
  });

  it('writes dates as ISO instants and refuses values the API cannot express', () => {
    expect(listQuery({ filter: { at_gte: new Date('2026-03-01T00:00:00Z') } }).toString()).toBe(
      'at_gte=2026-03-01T00%3A00%3A00.000Z',
    );
    expect(() => listQuery({ filter: { nested: { a: 1 } } })).toThrow(/nested/);
  });

  it('normalises the sort order to ASC or DESC', () => {
    expect(listQuery({ sort: { field: 'name', order: 'asc' } }).toString()).toBe(
      'sort=name&order=ASC',
    );
  });

  it('asks getMany for the ids as a repeated id filter', async () => {
    answer(200, { data: [{ id: 'u1' }, { id: 'u2' }], total: 2 });
    const result = await dataProvider.getMany('users', { ids: ['u1', 'u2', 'u1'] });
    expect(result.data).toHaveLength(2);
    expect(calls[0].url.startsWith('/api/users?')).toBe(true);
    expect(lastQuery()).toEqual([
      ['page', '1'],
      ['perPage', '2'],
      ['id', 'u1'],
      ['id', 'u2'],
    ]);
  });

  it('splits getMany into requests of at most 100 ids (the contract caps perPage)', async () => {
    answer(200, { data: [], total: 0 });
    const ids = Array.from({ length: 150 }, (_, i) => `id-${i}`);
    await dataProvider.getMany('users', { ids });
    expect(calls).toHaveLength(2);
    const perPages = calls.map((call) => new URL(call.url, 'http://h').searchParams.get('perPage'));
    expect(perPages).toEqual(['100', '50']);
  });

  it('turns getManyReference into a filter on the target field', async () => {
    answer(200, { data: [], total: 0 });
    await dataProvider.getManyReference('users', {
      target: 'teamId',
      id: 't1',
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'fullName', order: 'ASC' },
      filter: { active: true },
    });
    expect(lastQuery()).toEqual([
      ['page', '1'],
      ['perPage', '25'],
      ['sort', 'fullName'],
      ['order', 'ASC'],
      ['active', 'true'],
      ['teamId', 't1'],
    ]);
  });
});

describe('reads and writes', () => {
  it('sends the bearer token', async () => {
    answer(200, { id: 't1', name: 'Tbilisi' });
    await dataProvider.getOne('teams', { id: 't1' });
    expect(calls[0].url).toBe('/api/teams/t1');
    expect(calls[0].headers.get('Authorization')).toBe('Bearer token-of-admin');
  });

  it('creates with POST', async () => {
    answer(201, { id: 't2', name: 'Almaty', country: 'KZ', version: 1 });
    const result = await dataProvider.create('teams', { data: { name: 'Almaty', country: 'KZ' } });
    expect(calls[0]).toMatchObject({
      url: '/api/teams',
      method: 'POST',
      body: { name: 'Almaty', country: 'KZ' },
    });
    expect(result.data.id).toBe('t2');
  });

  it('updates with PATCH of the changed fields and the version last read', async () => {
    answer(200, { id: 't1', name: 'Tbilisi office', country: 'GE', version: 4 });
    const previousData = { id: 't1', name: 'Tbilisi', country: 'GE', version: 3, updatedAt: 'x' };
    await dataProvider.update('teams', {
      id: 't1',
      data: { ...previousData, name: 'Tbilisi office' },
      previousData,
    });
    expect(calls[0]).toMatchObject({
      url: '/api/teams/t1',
      method: 'PATCH',
      body: { name: 'Tbilisi office', version: 3 },
    });
  });

  it('refuses to delete: the API has no delete route', async () => {
    answer(200, {});
    await expect(dataProvider.delete('users', { id: 'u1' })).rejects.toMatchObject({
      message: 'haven.errors.delete_not_supported',
    });
    await expect(dataProvider.deleteMany('teams', { ids: ['t1'] })).rejects.toBeInstanceOf(
      HttpError,
    );
    expect(calls).toHaveLength(0);
  });
});

describe('errors', () => {
  it('maps an error answer to an HttpError with the status and the body', async () => {
    answer(400, { statusCode: 400, message: 'Unknown sort field: colour', error: 'Bad Request' });
    const error = await dataProvider
      .getList('teams', {
        pagination: { page: 1, perPage: 10 },
        sort: { field: 'colour', order: 'ASC' },
        filter: {},
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      status: 400,
      message: 'Unknown sort field: colour',
      body: { statusCode: 400, error: 'Bad Request' },
    });
  });

  it('puts a 400 message on the field it names, so the form shows it under the input', async () => {
    answer(400, {
      statusCode: 400,
      message: ['email must be an email', 'password must be longer than or equal to 10 characters'],
      error: 'Bad Request',
    });
    const error = (await dataProvider
      .create('users', { data: { email: 'x', password: 'short', fullName: 'X' } })
      .catch((e: unknown) => e)) as HttpError;
    expect(error.status).toBe(400);
    expect(error.body.errors).toEqual({
      email: 'email must be an email',
      password: 'password must be longer than or equal to 10 characters',
    });
  });

  it('explains a 409 as a concurrent change', async () => {
    answer(409, {
      statusCode: 409,
      message: 'version: the record was changed by someone else; reload it and try again',
      error: 'Conflict',
    });
    await expect(
      dataProvider.update('teams', {
        id: 't1',
        data: { name: 'B' },
        previousData: { id: 't1', name: 'A', version: 1 },
      }),
    ).rejects.toMatchObject({ status: 409, message: 'haven.errors.conflict' });
  });

  it('shows a 409 that names a field (a duplicate) on that field, not as a concurrent change', async () => {
    answer(409, {
      statusCode: 409,
      message: 'email: already in use by another account',
      error: 'Conflict',
    });
    const error = (await dataProvider
      .create('users', { data: { email: 'analyst@haven.local', fullName: 'X' } })
      .catch((e: unknown) => e)) as HttpError;
    expect(error).toMatchObject({
      status: 409,
      message: 'email: already in use by another account',
    });
    expect(error.body.errors).toEqual({ email: 'email: already in use by another account' });
  });

  it('keeps the status of a 401 and 403 for the authProvider to judge', async () => {
    answer(401, { statusCode: 401, message: 'Unauthorized', error: 'Unauthorized' });
    await expect(dataProvider.getOne('users', { id: 'u1' })).rejects.toMatchObject({ status: 401 });
    answer(403, { statusCode: 403, message: 'Forbidden', error: 'Forbidden' });
    await expect(dataProvider.getOne('users', { id: 'u1' })).rejects.toMatchObject({ status: 403 });
  });

  it('quotes the request id of a 500', async () => {
    answer(500, {
      statusCode: 500,
      message: 'Internal server error',
      error: 'Internal Server Error',
      requestId: 'r-42',
    });
    await expect(dataProvider.getOne('users', { id: 'u1' })).rejects.toMatchObject({
      status: 500,
      message: 'Internal server error (request id r-42)',
    });
  });

  it('reports an unreachable server as status 0', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('fetch failed'))),
    );
    await expect(dataProvider.getOne('users', { id: 'u1' })).rejects.toMatchObject({
      status: 0,
      message: 'haven.errors.network',
    });
  });
});

describe('routes outside CRUD', () => {
  it('posts a resource action with its body (POST /api/cases/reassign)', async () => {
    answer(200, { data: [] });
    await dataProvider.resourceAction('cases', 'reassign', {
      method: 'POST',
      body: { caseIds: ['c1', 'c2'], assignedToId: 'u1' },
    });
    expect(calls[0]).toMatchObject({
      url: '/api/cases/reassign',
      method: 'POST',
      body: { caseIds: ['c1', 'c2'], assignedToId: 'u1' },
    });
  });

  it('reaches a route of one record, with query parameters in the list dialect', async () => {
    answer(200, { dueOn: '2026-04-07' });
    await dataProvider.recordAction('deadline-rules', 'DE.appeal', 'compute', {
      query: { triggerDate: '2026-03-21', empty: '' },
    });
    expect(calls[0].url).toBe('/api/deadline-rules/DE.appeal/compute?triggerDate=2026-03-21');
    answer(201, { data: [] });
    await dataProvider.recordAction('cases', 'a/b', 'suggested-deadlines', {
      method: 'POST',
      body: {},
    });
    expect(calls[1]).toMatchObject({ url: '/api/cases/a%2Fb/suggested-deadlines', method: 'POST' });
  });

  it('serves a nested list route (a case history) through getList', async () => {
    answer(200, { data: [], total: 0 });
    await dataProvider.getList('cases/c1/history', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'at', order: 'DESC' },
      filter: {},
    });
    expect(calls[0].url).toBe('/api/cases/c1/history?page=1&perPage=25&sort=at&order=DESC');
  });
});

describe('a refused record action', () => {
  it('fetches again what is shown of its resource after a 409, and only then', async () => {
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries').mockResolvedValue();
    try {
      answer(409, {
        statusCode: 409,
        code: 'task.transition_impossible',
        message: 'start: not possible while the task is in progress',
      });
      await expect(
        dataProvider.recordAction('tasks', 't1', 'start', { method: 'POST' }),
      ).rejects.toMatchObject({ status: 409 });
      expect(invalidate).toHaveBeenCalledWith({ queryKey: ['tasks'] });

      invalidate.mockClear();
      answer(403, { statusCode: 403, code: 'task.action_forbidden', message: 'no' });
      await expect(
        dataProvider.recordAction('tasks', 't1', 'start', { method: 'POST' }),
      ).rejects.toMatchObject({ status: 403 });
      expect(invalidate).not.toHaveBeenCalled();
    } finally {
      invalidate.mockRestore();
    }
  });
});
