import { describe, expect, it } from 'vitest';
import {
  hasTrigram,
  listStatement,
  parseListQuery,
  positional,
  type ListSpec,
  type SqlListSource,
} from './list-query.js';

const SPEC: ListSpec = {
  sortable: { name: 'x.name', createdAt: 'x.createdAt' },
  defaultSort: { field: 'name', order: 'ASC' },
  filters: {
    stage: { column: 'x.stage', type: 'enum', values: ['intake', 'closed'] },
    dueOn: { column: 'x.dueOn', type: 'date', range: true },
    count: { column: 'x.count', type: 'number' },
  },
  search: ['x.name'],
  tieBreaker: 'x.id',
};

describe('parseListQuery', () => {
  it('defaults to page 1 of 25 in the default order', () => {
    const parsed = parseListQuery({}, SPEC);
    expect(parsed).toMatchObject({
      page: 1,
      perPage: 25,
      orderBy: { expression: 'x.name', order: 'ASC' },
      conditions: [],
    });
  });

  it('turns a repeated filter into "any of" and ranges into comparisons', () => {
    const parsed = parseListQuery(
      { stage: ['intake', 'closed'], dueOn_gte: '2026-01-31', dueOn_lte: '2026-02-28' },
      SPEC,
    );
    expect(parsed.conditions.map((c) => c.sql)).toEqual([
      'x.stage = ANY(:f0)',
      'x.dueOn >= :f1',
      'x.dueOn <= :f2',
    ]);
    expect(parsed.conditions[0].params).toEqual({ f0: ['intake', 'closed'] });
  });

  it('escapes LIKE wildcards in q', () => {
    const parsed = parseListQuery({ q: '50%_off' }, SPEC);
    expect(parsed.search?.pattern).toBe('%50\\%\\_off%');
    expect(parsed.search?.condition.params).toEqual({ f0: '%50\\%\\_off%' });
  });

  it('says whether the search text gives pg_trgm a trigram (a run of three letters or digits)', () => {
    expect(parseListQuery({ q: 'sokolov' }, SPEC).search?.trigrams).toBe(true);
    expect(parseListQuery({ q: 'ov' }, SPEC).search?.trigrams).toBe(false);
    expect(['Соколов', 'HV-2025-00012', 'ዮናስ', 'a b sok'].map(hasTrigram)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['so', 'a b c', 'HV-25', '%_%', 'é-é'].map(hasTrigram)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it.each([
    [{ dueOn: '2026-02-30' }, 'dueOn'],
    [{ dueOn_gte: '31.01.2026' }, 'dueOn_gte'],
    [{ count: 'many' }, 'count'],
    [{ stage_gte: 'intake' }, 'stage_gte'],
    [{ sort: 'x.name; DROP TABLE x' }, 'sort'],
    [{ perPage: '1e2' }, 'perPage'],
    [{ q: ['a', 'b'] }, 'q'],
  ])('rejects %j naming %s', (query, field) => {
    expect(() => parseListQuery(query, SPEC)).toThrow(field);
  });

  it('lets a route claim extra keys', () => {
    expect(() => parseListQuery({ queue: 'mine' }, SPEC)).toThrow('queue');
    expect(parseListQuery({ queue: 'mine' }, SPEC, ['queue']).conditions).toEqual([]);
  });
});

describe('listStatement', () => {
  const scoped: SqlListSource = {
    from: 'x',
    columns: 'x.id',
    where: [{ sql: 'x.team_id = :scope', params: { scope: 't' } }],
    generic: true,
  };
  const searchWithin = {
    sql: 'x.id IN (SELECT id FROM s WHERE s.team_id = :t AND s.name ILIKE :pattern)',
    params: { t: 't', pattern: '%sokolov%' },
  };
  const plan = (source: SqlListSource, query: Record<string, unknown>) =>
    listStatement(source, parseListQuery(query, SPEC)).plan;

  it('runs a scoped list its generic plan, an unscoped one prepared with PostgreSQL’s own choice', () => {
    expect(plan(scoped, { stage: 'intake' })).toBe('generic');
    expect(plan({ ...scoped, where: [], generic: false }, { stage: 'intake' })).toBe('prepared');
  });

  it('runs a scoped search through its own index generic only when its text has a trigram', () => {
    expect(plan({ ...scoped, search: searchWithin }, { q: 'sokolov' })).toBe('generic');
    expect(plan({ ...scoped, search: searchWithin }, { q: 'so' })).toBe('unnamed');
    // Unscoped (an admin's), or through the spec's own expressions: planned for its pattern.
    expect(
      plan({ ...scoped, where: [], generic: false, search: searchWithin }, { q: 'sokolov' }),
    ).toBe('unnamed');
    expect(plan(scoped, { q: 'sokolov' })).toBe('unnamed');
  });

  it('writes "any of" as one array parameter: the same text for any number of values', () => {
    const two = listStatement(scoped, parseListQuery({ stage: ['intake', 'closed'] }, SPEC));
    const one = listStatement(
      scoped,
      parseListQuery({ stage: ['closed', 'intake', 'closed'] }, SPEC),
    );
    expect(two.text).toBe(one.text);
    expect(two.values).toContainEqual(['intake', 'closed']);
  });
});

describe('positional', () => {
  it('numbers named parameters after the values already taken, spreading lists', () => {
    const values: unknown[] = ['taken'];
    const sql = positional(
      {
        sql: 'x.stage IN (:...f0) AND x.team_id = :scope AND x.due_on >= :f1',
        params: { f0: ['a', 'b'], scope: 't', f1: '2026-01-01' },
      },
      values,
    );
    expect(sql).toBe('x.stage IN ($2, $3) AND x.team_id = $4 AND x.due_on >= $5');
    expect(values).toEqual(['taken', 'a', 'b', 't', '2026-01-01']);
  });

  it('leaves casts and names that are not parameters alone', () => {
    const values: unknown[] = [];
    const sql = positional(
      { sql: `x.n::int = :n AND to_char(x.at, 'HH24:MI') = :at`, params: { n: 1, at: '10:00' } },
      values,
    );
    expect(sql).toBe(`x.n::int = $1 AND to_char(x.at, 'HH24:MI') = $2`);
    expect(values).toEqual([1, '10:00']);
  });

  it('refuses an empty list (it would be invalid SQL)', () => {
    expect(() => positional({ sql: 'x.id IN (:...ids)', params: { ids: [] } }, [])).toThrow(
      /non-empty/,
    );
  });

  it('keeps the search apart from the filters, and none for a blank q', () => {
    const parsed = parseListQuery({ q: 'anna', stage: 'intake' }, SPEC);
    expect(parsed.search?.pattern).toBe('%anna%');
    expect(parsed.conditions.map((c) => c.sql)).toEqual(['x.stage = :f1']);
    expect(parseListQuery({ q: '  ' }, SPEC).search).toBeNull();
    expect(parseListQuery({ stage: 'intake' }, SPEC).search).toBeNull();
  });
});
