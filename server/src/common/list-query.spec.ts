import { sql, type SqlBool } from 'kysely';
import { describe, expect, it } from 'vitest';
import { db } from '../database/sql.js';
import {
  hasTrigram,
  ListStatements,
  listParameters,
  listStatement,
  parseListQuery,
  type ListAudit,
  type ListOptions,
  type ListSpec,
} from './list-query.js';

const base = () =>
  db
    .selectFrom('legal_case as x')
    .leftJoin('client as cl', 'cl.id', 'x.client_id')
    .select(['x.id', 'x.reference', 'cl.family_name as familyName'])
    .where('x.team_id', '=', 't');

const SPEC: ListSpec<ReturnType<typeof base>> = {
  sortable: { reference: 'x.reference', openedOn: 'x.opened_on' },
  defaultSort: { field: 'reference', order: 'ASC' },
  filters: {
    stage: { column: 'x.stage', type: 'enum', values: ['intake', 'closed'] },
    openedOn: { column: 'x.opened_on', type: 'date', range: true },
    version: { column: 'x.version', type: 'number' },
    grounds: { column: 'x.grounds', type: 'enum', values: ['a', 'b'], array: true },
    assigned: { column: (eb) => eb('x.assigned_to_id', 'is not', null), type: 'boolean' },
    nationality: { column: 'cl.nationality', type: 'string' },
  },
  search: ['x.reference', 'cl.family_name'],
  tieBreaker: 'x.id',
};

// A spec names columns of its base query's tables, checked by the compiler.
export const MISSPELT: ListSpec<ReturnType<typeof base>> = {
  // @ts-expect-error -- legal_case has no column `opened`
  sortable: { openedOn: 'x.opened' },
  defaultSort: { field: 'openedOn', order: 'ASC' },
  // @ts-expect-error -- `c` is not an alias of the base query
  filters: { stage: { column: 'c.stage', type: 'string' } },
  tieBreaker: 'x.id',
};

/** The SQL of the base query narrowed by the parsed conditions. */
const where = (query: Record<string, unknown>) => {
  const parsed = parseListQuery(query, SPEC);
  let q = base();
  for (const condition of parsed.conditions) q = q.where(condition);
  const compiled = q.compile();
  return {
    sql: compiled.sql.slice(compiled.sql.indexOf(' where ') + 7),
    values: listParameters(compiled.parameters, parsed),
  };
};

describe('parseListQuery', () => {
  it('defaults to page 1 of 25 in the default order', () => {
    const parsed = parseListQuery({}, SPEC);
    expect(parsed).toMatchObject({
      page: 1,
      perPage: 25,
      orderBy: { field: 'reference', expression: 'x.reference', order: 'ASC' },
      conditions: [],
    });
  });

  it('turns a repeated filter into "any of" and ranges into comparisons', () => {
    expect(
      where({
        stage: ['intake', 'closed'],
        openedOn_gte: '2026-01-31',
        openedOn_lte: '2026-02-28',
      }),
    ).toEqual({
      sql: '"x"."team_id" = $1 and "x"."stage" = any($2) and "x"."opened_on" >= $3 and "x"."opened_on" <= $4',
      values: ['t', ['intake', 'closed'], '2026-01-31', '2026-02-28'],
    });
  });

  it('compares an array column by overlap and an expression filter by its value', () => {
    expect(where({ grounds: ['a', 'b'], assigned: 'true', version: '3' })).toEqual({
      sql: '"x"."team_id" = $1 and "x"."grounds" && $2 and ("x"."assigned_to_id" is not null) = $3 and "x"."version" = $4',
      values: ['t', ['a', 'b'], true, 3],
    });
  });

  it('escapes LIKE wildcards in q', () => {
    const parsed = parseListQuery({ q: '50%_off' }, SPEC);
    expect(parsed.search?.pattern).toBe('%50\\%\\_off%');
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
    [{ openedOn: '2026-02-30' }, 'openedOn'],
    [{ openedOn_gte: '31.01.2026' }, 'openedOn_gte'],
    [{ version: 'many' }, 'version'],
    [{ stage_gte: 'intake' }, 'stage_gte'],
    [{ sort: 'x.reference; DROP TABLE x' }, 'sort'],
    [{ perPage: '1e2' }, 'perPage'],
    [{ q: ['a', 'b'] }, 'q'],
  ])('rejects %j naming %s', (query, field) => {
    expect(() => parseListQuery(query, SPEC)).toThrow(field);
  });

  it('lets a route claim extra keys', () => {
    expect(() => parseListQuery({ queue: 'mine' }, SPEC)).toThrow('queue');
    expect(parseListQuery({ queue: 'mine' }, SPEC, ['queue']).conditions).toEqual([]);
  });

  it('keeps the search apart from the filters, and none for a blank q', () => {
    const parsed = parseListQuery({ q: 'anna', stage: 'intake' }, SPEC);
    expect(parsed.search?.pattern).toBe('%anna%');
    expect(parsed.conditions).toHaveLength(1);
    expect(parseListQuery({ q: '  ' }, SPEC).search).toBeNull();
    expect(parseListQuery({ stage: 'intake' }, SPEC).search).toBeNull();
  });
});

describe('listStatement', () => {
  const searchWithin = sql<SqlBool>`x.id IN (SELECT s.case_id FROM case_search s WHERE s.team_id = ${'t'} AND s.case_reference ILIKE ${'%sokolov%'})`;
  const scoped: ListOptions = { generic: true };
  const plan = (options: ListOptions, query: Record<string, unknown>) =>
    listStatement(base(), parseListQuery(query, SPEC), options).plan;

  it('runs a scoped list its generic plan, an unscoped one prepared with PostgreSQL’s own choice', () => {
    expect(plan(scoped, { stage: 'intake' })).toBe('generic');
    expect(plan({}, { stage: 'intake' })).toBe('prepared');
  });

  it('runs a scoped search through its own index generic only when its text has a trigram', () => {
    expect(plan({ ...scoped, search: searchWithin }, { q: 'sokolov' })).toBe('generic');
    expect(plan({ ...scoped, search: searchWithin }, { q: 'so' })).toBe('unnamed');
    // Unscoped (an admin's), or through the spec's own expressions: planned for its pattern.
    expect(plan({ search: searchWithin }, { q: 'sokolov' })).toBe('unnamed');
    expect(plan(scoped, { q: 'sokolov' })).toBe('unnamed');
  });

  it('writes "any of" as one array parameter: the same text for any number of values', () => {
    const two = listStatement(base(), parseListQuery({ stage: ['intake', 'closed'] }, SPEC));
    const three = listStatement(
      base(),
      parseListQuery({ stage: ['closed', 'intake', 'closed'] }, SPEC),
    );
    expect(two.text).toBe(three.text);
    expect(two.values).toContainEqual(['intake', 'closed']);
  });

  it('counts over the lean base when the filters read only its tables, else over the whole base', () => {
    const count = {
      base: db.selectFrom('legal_case as x').where('x.team_id', '=', 't'),
      aliases: ['x'],
    };
    const total = (query: Record<string, unknown>) =>
      /"total" as \((.*?)\), "audit"|"total" as \((.*)\) select/
        .exec(listStatement(base(), parseListQuery(query, SPEC), { count }).text)!
        .slice(1)
        .find(Boolean)!;
    // The client's join kept the case's key in the count's columns: no index-only scan.
    expect(total({ stage: 'intake' })).not.toContain('join');
    expect(total({ stage: 'intake' })).toContain('"x"."stage" = $');
    expect(total({ nationality: 'RU' })).toContain('left join "client"');
    // A filter that is an expression: its tables are not known, so the whole base.
    expect(total({ assigned: 'true' })).toContain('left join "client"');
    expect(listStatement(base(), parseListQuery({ stage: 'intake' }, SPEC)).text).toMatch(
      /"total" as \(select count\(\*\)::int as "list_total" from "legal_case" as "x" left join/,
    );
  });

  it('sums a kept total when it covers the filters given, else counts', () => {
    const kept = {
      base: db.selectFrom('case_list_total as x').where('x.team_id', '=', 't'),
      sum: 'x.cases',
      filters: ['stage'],
    };
    const text = (query: Record<string, unknown>) =>
      listStatement(base(), parseListQuery(query, SPEC), { kept }).text;
    const sum =
      /"total" as \(select coalesce\(sum\("x"\."cases"\), 0\)::int as "list_total" from "case_list_total" as "x" where "x"\."team_id" = \$\d+( and "x"\."stage" = \$\d+)?\)/;
    expect(text({})).toMatch(sum);
    expect(text({ stage: 'intake' })).toMatch(sum);
    expect(text({ stage: 'intake' })).toContain('and "x"."stage" = $');
    expect(text({ stage: ['intake', 'closed'] })).toMatch(/"case_list_total" as "x" .*= any/);
    // A filter it does not key, a range key, a search: counted.
    for (const query of [
      { version: '2' },
      { stage: 'intake', openedOn_gte: '2026-01-01' },
      { q: 'so' },
    ])
      expect(text(query)).not.toContain('case_list_total');
  });

  it('pages, counts and audits in one statement; a search finds its matches once', () => {
    const audit: ListAudit = (creator) =>
      creator
        .insertInto('audit_event')
        .columns(['action', 'summary'])
        .expression(
          creator.selectFrom('total').select([sql`'read'`.as('action'), sql`'x'`.as('summary')]),
        );
    const plain = listStatement(base(), parseListQuery({ sort: 'openedOn', order: 'DESC' }, SPEC), {
      audit,
    }).text;
    expect(plain).toMatch(
      /^with "page" as \(.*\), "total" as \(.*\), "audit" as \(insert into "audit_event"/,
    );
    expect(plain).toContain(
      'order by "x"."opened_on" desc nulls first, "x"."id" desc limit $2 offset $3',
    );
    const searched = listStatement(base(), parseListQuery({ q: 'sokolov' }, SPEC)).text;
    expect(searched).toMatch(/^with "matches" as materialized \(/);
    expect(searched).toContain('"total" as (select count(*)::int as "list_total" from "matches")');
  });
});

describe('ListStatements', () => {
  const build = (team: string, query: Record<string, unknown>) => () =>
    listStatement(base().where('x.reference', '!=', team), parseListQuery(query, SPEC), {
      generic: true,
    });

  it('builds a shape once and binds each request’s filters and page into its template', () => {
    const statements = new ListStatements(1000, false);
    let builds = 0;
    const statement = (query: Record<string, unknown>) => {
      const parsed = parseListQuery(query, SPEC);
      return statements.statement('t', parsed, () => {
        builds += 1;
        return build('t', query)();
      });
    };
    const first = statement({ stage: 'intake', page: '1' });
    const second = statement({ stage: 'closed', page: '3', perPage: '10' });
    expect(builds).toBe(1);
    expect(second.text).toBe(first.text);
    expect(second.plan).toBe('generic');
    // Exactly what a fresh build of that request compiles to.
    const fresh = build('t', { stage: 'closed', page: '3', perPage: '10' })();
    expect(second.values).toEqual(fresh.values);
    expect(second.values).toEqual(['t', 't', 'closed', 10, 20, 't', 't', 'closed']);
    expect(second.query.parameters).toEqual(second.values);
    // Another shape (a filter given twice, another sort, a key more) is built anew.
    statement({ stage: ['intake', 'closed'] });
    statement({ stage: 'intake', sort: 'openedOn' });
    statement({ stage: 'intake', openedOn_gte: '2026-01-01' });
    expect(builds).toBe(4);
    // A search is built every time: its pattern is not a bound value.
    statement({ q: 'sokolov' });
    statement({ q: 'sokolov' });
    expect(builds).toBe(6);
  });

  it('fails under the tests when a build reads what its key does not name', () => {
    const statements = new ListStatements(1000, true);
    const parsed = parseListQuery({ stage: 'intake' }, SPEC);
    statements.statement('key', parsed, build('t', { stage: 'intake' }));
    expect(() => statements.statement('key', parsed, build('u', { stage: 'intake' }))).toThrow(
      /not what the build makes/,
    );
  });

  it('keeps at most its bound, dropping the least recently used', () => {
    const statements = new ListStatements(2, false);
    let builds = 0;
    const run = (key: string) =>
      statements.statement(key, parseListQuery({}, SPEC), () => {
        builds += 1;
        return build(key, {})();
      });
    run('a');
    run('b');
    run('a');
    run('c'); // drops b
    run('a');
    expect(builds).toBe(3);
    run('b');
    expect(builds).toBe(4);
  });

  it('never lets a placeholder reach the database unbound', () => {
    const parsed = parseListQuery({ stage: 'intake' }, SPEC);
    let q = base();
    for (const condition of parsed.conditions) q = q.where(condition);
    const placeholder = q.compile().parameters.at(-1) as { toPostgres(): unknown };
    expect(() => placeholder.toPostgres()).toThrow(/without its value bound/);
  });
});
