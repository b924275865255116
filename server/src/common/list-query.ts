import { DEFAULT_PER_PAGE, MAX_PER_PAGE, type SortOrder } from '@haven/shared';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { runStatement, type Statement } from '../database/prepared.js';
import { badRequest } from './errors.js';
import { isDateOnly, isUuid } from './validators.js';

export type FilterType = 'string' | 'uuid' | 'enum' | 'date' | 'instant' | 'number' | 'boolean';

export interface FilterSpec {
  /** SQL expression the filter compares, e.g. `u.team_id`. Never built from client input. */
  column: string;
  type: FilterType;
  /** Allowed values of an enum filter. */
  values?: readonly string[];
  /** Also accept `<field>_gte` and `<field>_lte`. */
  range?: boolean;
  /** Match elements of an array column (`column && :values`). */
  array?: boolean;
}

/** What one resource allows in its list: the per-resource allow-list of the contract's dialect. */
export interface ListSpec {
  /** API field → SQL expression. */
  sortable: Record<string, string>;
  defaultSort: { field: string; order: SortOrder };
  filters: Record<string, FilterSpec>;
  /** SQL expressions `q` searches (case-insensitive substring). Omit to refuse `q`. */
  search?: string[];
  /** SQL expression of the unique key appended to every sort, for stable pages. */
  tieBreaker: string;
}

export interface ParsedList {
  page: number;
  perPage: number;
  orderBy: { expression: string; order: SortOrder };
  tieBreaker: string;
  /** The filters. */
  conditions: { sql: string; params: Record<string, unknown> }[];
  /**
   * `q`: its ILIKE pattern (escaped, within `%…%`) and the condition over the spec's search
   * expressions; a list may search another way (SqlListSource.search). Null without `q`.
   * `trigrams`: the text holds a run of three letters or digits, so pg_trgm takes at least one
   * unpadded trigram from the pattern and its indexes narrow the search (see `hasTrigram`).
   */
  search: {
    pattern: string;
    trigrams: boolean;
    condition: { sql: string; params: Record<string, unknown> };
  } | null;
}

/**
 * Whether `%text%` gives pg_trgm a selective trigram: a run of three letters or digits (its word
 * characters) gives an unpadded one. Shorter words give only padded trigrams (`a b` → `' b '`) or,
 * next to a `%`, none at all (`q=an`); those searches are treated as having none: a trigram index
 * narrows them little or not at all, and their best plan is another one.
 */
export function hasTrigram(text: string): boolean {
  return /[\p{L}\p{N}]{3}/u.test(text);
}

const RESERVED = new Set(['page', 'perPage', 'sort', 'order', 'q']);

function single(name: string, value: unknown): string {
  if (Array.isArray(value)) throw badRequest(`${name}: give it once`);
  if (typeof value !== 'string') throw badRequest(`${name}: must be a plain value`);
  return value;
}

function positiveInt(name: string, value: unknown, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const text = single(name, value);
  const number = Number(text);
  if (!/^\d+$/.test(text) || number < 1 || number > max) {
    throw badRequest(`${name}: must be a whole number from 1 to ${max}`);
  }
  return number;
}

function convert(name: string, spec: FilterSpec, raw: string): unknown {
  switch (spec.type) {
    case 'string':
      if (raw.length > 200) throw badRequest(`${name}: at most 200 characters`);
      return raw;
    case 'uuid':
      if (!isUuid(raw)) throw badRequest(`${name}: must be a UUID`);
      return raw;
    case 'enum':
      if (!spec.values?.includes(raw)) {
        throw badRequest(`${name}: must be one of ${(spec.values ?? []).join(', ')}`);
      }
      return raw;
    case 'date':
      if (!isDateOnly(raw)) throw badRequest(`${name}: must be a date YYYY-MM-DD`);
      return raw;
    case 'instant': {
      if (!isDateOnly(raw.slice(0, 10)) || Number.isNaN(Date.parse(raw))) {
        throw badRequest(`${name}: must be a date or an ISO 8601 instant`);
      }
      const instant = new Date(raw).toISOString();
      // An offset can move the first day of year 1 back into year 0.
      if (!isDateOnly(instant.slice(0, 10)))
        throw badRequest(`${name}: must be a date or an ISO 8601 instant from year 1`);
      return instant;
    }
    case 'number': {
      const number = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(number))
        throw badRequest(`${name}: must be a number`);
      return number;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw badRequest(`${name}: must be true or false`);
      return raw === 'true';
    default: {
      const exhaustive: never = spec.type;
      return exhaustive;
    }
  }
}

/**
 * Parses `?page&perPage&sort&order&q&<field>=<value>` against a resource's allow-list. Anything not
 * allowed is a 400 naming it; a raw client key never reaches SQL.
 * `extra` names further query keys the route reads itself (e.g. `queue`).
 */
export function parseListQuery(
  query: Record<string, unknown>,
  spec: ListSpec,
  extra: readonly string[] = [],
): ParsedList {
  const page = positiveInt('page', query.page, 1, 1_000_000);
  const perPage = positiveInt('perPage', query.perPage, DEFAULT_PER_PAGE, MAX_PER_PAGE);

  const sortField = query.sort === undefined ? spec.defaultSort.field : single('sort', query.sort);
  // Own keys only: `sort=toString` must not find Object.prototype's.
  const expression = Object.hasOwn(spec.sortable, sortField) ? spec.sortable[sortField] : undefined;
  if (!expression) {
    throw badRequest(
      `sort: cannot sort by "${sortField}"; allowed: ${Object.keys(spec.sortable).join(', ')}`,
    );
  }
  const orderRaw =
    query.order === undefined ? spec.defaultSort.order : single('order', query.order).toUpperCase();
  if (orderRaw !== 'ASC' && orderRaw !== 'DESC') throw badRequest('order: must be ASC or DESC');

  const conditions: ParsedList['conditions'] = [];
  let search: ParsedList['search'] = null;
  let n = 0;
  const param = () => `f${n++}`;

  if (query.q !== undefined) {
    if (!spec.search) throw badRequest('q: this list cannot be searched');
    const text = single('q', query.q).trim();
    if (text.length > 200) throw badRequest('q: at most 200 characters');
    if (text) {
      const p = param();
      const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      search = {
        pattern,
        trigrams: hasTrigram(text),
        condition: {
          sql: `(${spec.search.map((column) => `${column} ILIKE :${p}`).join(' OR ')})`,
          params: { [p]: pattern },
        },
      };
    }
  }

  for (const [key, value] of Object.entries(query)) {
    if (RESERVED.has(key) || extra.includes(key)) continue;
    const range = /^(.*)_(gte|lte)$/.exec(key);
    const own = (name: string) =>
      Object.hasOwn(spec.filters, name) ? spec.filters[name] : undefined;
    const field = range && own(range[1])?.range ? range[1] : key;
    const filter = own(field);
    if (!filter || (range && field !== key && !filter.range)) {
      throw badRequest(`${key}: unknown filter; allowed: ${describeFilters(spec)}`);
    }
    const values = (Array.isArray(value) ? value : [value]).map((v) => {
      if (typeof v !== 'string') throw badRequest(`${key}: must be a plain value`);
      return convert(key, filter, v);
    });
    const p = param();
    if (range && field !== key) {
      if (values.length > 1) throw badRequest(`${key}: give it once`);
      const operator = range[2] === 'gte' ? '>=' : '<=';
      conditions.push({ sql: `${filter.column} ${operator} :${p}`, params: { [p]: values[0] } });
    } else if (filter.array) {
      conditions.push({ sql: `${filter.column} && :${p}`, params: { [p]: values } });
    } else if (values.length === 1) {
      conditions.push({ sql: `${filter.column} = :${p}`, params: { [p]: values[0] } });
    } else {
      // A filter given twice means "any of": one array parameter, so the statement's text is the
      // same however many values (each text of a prepared statement takes one of a bounded set of names).
      conditions.push({ sql: `${filter.column} = ANY(:${p})`, params: { [p]: values } });
    }
  }

  return {
    page,
    perPage,
    orderBy: { expression, order: orderRaw },
    tieBreaker: spec.tieBreaker,
    conditions,
    search,
  };
}

function describeFilters(spec: ListSpec): string {
  return Object.entries(spec.filters)
    .flatMap(([name, filter]) => (filter.range ? [name, `${name}_gte`, `${name}_lte`] : [name]))
    .join(', ');
}

/** Applies filters, sort and the page to a query builder. */
export function applyListQuery<T extends ObjectLiteral>(
  builder: SelectQueryBuilder<T>,
  list: ParsedList,
): SelectQueryBuilder<T> {
  for (const condition of [...list.conditions, ...(list.search ? [list.search.condition] : [])])
    builder.andWhere(condition.sql, condition.params);
  return builder
    .orderBy(
      list.orderBy.expression,
      list.orderBy.order,
      list.orderBy.order === 'ASC' ? 'NULLS LAST' : 'NULLS FIRST',
    )
    .addOrderBy(list.tieBreaker, list.orderBy.order)
    .offset((list.page - 1) * list.perPage)
    .limit(list.perPage);
}

/**
 * The page and the total, as two queries issued at once on two pool connections (the count needs
 * no ORDER BY or LIMIT), so a list costs one round trip of latency instead of two. The count is a
 * plain `count(*)`: every list's joins must be to-one (a task's case), so no row is counted twice
 * and no DISTINCT is needed. For the lists that are neither hot nor large (users, teams, tasks, note
 * revisions, audit events), over a TypeORM query builder and so over property names; the hot lists
 * use `pageCountAndAudit` below, whose specs are written in column names.
 */
export function pageAndCount<T extends ObjectLiteral>(
  builder: SelectQueryBuilder<T>,
): Promise<[T[], number]> {
  const count = async () => {
    const row = await builder
      .clone()
      .orderBy()
      .offset(undefined)
      .limit(undefined)
      .select('count(*)::int', 'total')
      .getRawOne<{ total: number }>();
    return row?.total ?? 0;
  };
  return Promise.all([builder.getMany(), count()]);
}

/** A condition in SQL over column names, with `:name` (or `:...name` for a list) parameters. */
export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

/** Appends a value to a statement's parameters and returns its placeholder (`$n`). */
export function param(values: unknown[], value: unknown): string {
  values.push(value);
  return `$${values.length}`;
}

/**
 * Rewrites the `:name` and `:...name` parameters of a condition to positional ones, appending their
 * values. Only names present in `params` are replaced, so casts (`::int`) and literals are left alone.
 */
export function positional(condition: SqlCondition, values: unknown[]): string {
  return condition.sql.replace(
    /(?<!:):(\.\.\.)?([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, spread: string | undefined, name: string) => {
      if (!Object.prototype.hasOwnProperty.call(condition.params, name)) return match;
      const value = condition.params[name];
      if (!spread) return param(values, value);
      if (!Array.isArray(value) || value.length === 0)
        throw new Error(`list parameter ${name} must be a non-empty array`);
      return value.map((item) => param(values, item)).join(', ');
    },
  );
}

/** What a list reads, written as SQL for `pageCountAndAudit`. */
export interface SqlListSource {
  /** The FROM clause, e.g. `legal_case c LEFT JOIN client cl ON cl.id = c.client_id`; joins must be to-one. */
  from: string;
  /** The select list; must include the row's unique `id`. */
  columns: string;
  /** Conditions besides the parsed list's own (the access scope). */
  where: SqlCondition[];
  /**
   * How this list answers `q`, when not through the spec's search expressions: within a scope,
   * through `case_search` (AccessService.searchWithinScope).
   */
  search?: SqlCondition;
  /**
   * Run the generic plan (queryPrepared's `generic`): for a list scoped to a team or a person, whose
   * scope's index anchors every plan, so the values do not change the best plan — and PostgreSQL
   * would otherwise re-plan a team's list on every request (1.4 ms of planning for 1.2 ms of work).
   * Unscoped lists (admins) keep plans made for their values: a rare filter value there may call
   * for another index. A search runs it too when it goes through the source's own `search` (the
   * scope and the trigrams intersected in one GIN index: one plan shape whatever the name) and its
   * text has a trigram; planning that search for its pattern cost more than running it (~1 ms of
   * trigram selectivity estimates for ~1 ms of work). A search without a trigram (`q=an`) is
   * planned for its pattern: the generic plan would scan the index for it (70 ms, not 4).
   */
  generic?: boolean;
}

type ListExtras = { list_total: number; list_position: string | null };

/**
 * An audit event's INSERT, written as a data-modifying CTE of the statement that reads what it
 * records (AuditService.listReadInsert, readInsert); it appends its parameters to `values`.
 */
export type AuditInsert = (values: unknown[]) => string;

/**
 * The page, its total and the list-read audit event in one statement: one round trip, and no query
 * builder or entity hydration on the hottest routes (the case, client, deadline and note lists). `list` comes from
 * `parseListQuery` over a spec written in column names. Run it with `pageCountAndAudit`.
 */
export function listStatement(
  source: SqlListSource,
  list: ParsedList,
  audit?: AuditInsert,
): Statement {
  const values: unknown[] = [];
  const searched = list.search !== null;
  const search = list.search ? [source.search ?? list.search.condition] : [];
  const where =
    [...source.where, ...list.conditions, ...search]
      .map((condition) => `(${positional(condition, values)})`)
      .join(' AND ') || 'true';
  const nulls = list.orderBy.order === 'ASC' ? 'NULLS LAST' : 'NULLS FIRST';
  const limit = `LIMIT ${param(values, list.perPage)} OFFSET ${param(values, (list.page - 1) * list.perPage)}`;
  const order = (sort: string, tie: string) =>
    `${sort} ${list.orderBy.order} ${nulls}, ${tie} ${list.orderBy.order}`;
  // A search finds its matches once (through the trigram indexes) and pages and counts them from
  // there: the planner cannot walk the sort index hoping to meet 25 matches early (a trap that cost
  // half a second when few matches were visible to the caller), and the search runs once, not twice.
  const matches = searched
    ? `matches AS MATERIALIZED (
         SELECT ${list.tieBreaker} AS list_id, ${list.orderBy.expression} AS list_sort FROM ${source.from} WHERE ${where}
       ), page AS (
         SELECT chosen.list_position, ${source.columns}
           FROM (SELECT row_number() OVER () AS list_position, m.* FROM (SELECT * FROM matches ORDER BY ${order('list_sort', 'list_id')} ${limit}) m) chosen,
                ${source.from}
          WHERE ${list.tieBreaker} = chosen.list_id
       ), total AS (
         SELECT count(*)::int AS list_total FROM matches
       )`
    : `page AS (
         SELECT row_number() OVER () AS list_position, p.* FROM (
           SELECT ${source.columns} FROM ${source.from} WHERE ${where} ORDER BY ${order(list.orderBy.expression, list.tieBreaker)} ${limit}) p
       ), total AS (
         SELECT count(*)::int AS list_total FROM ${source.from} WHERE ${where}
       )`;
  const sql = `WITH ${matches}${audit ? `, audit AS (${audit(values)})` : ''}
    SELECT total.list_total, page.* FROM total LEFT JOIN page ON true ORDER BY page.list_position`;
  // Prepared, unless a text search whose best plan depends on its pattern is part of it (see `generic`).
  const genericSearch =
    list.search !== null &&
    list.search.trigrams &&
    source.search !== undefined &&
    source.generic === true;
  return {
    text: sql,
    values,
    plan: searched && !genericSearch ? 'unnamed' : source.generic === true ? 'generic' : 'prepared',
  };
}

/** Runs a `listStatement`: the rows as the database returned them, in page order, and the total. */
export async function pageCountAndAudit<Row>(
  dataSource: DataSource,
  statement: Statement,
): Promise<{ rows: Row[]; total: number }> {
  const result = await runStatement<Row & ListExtras>(dataSource, statement);
  const total = result[0]?.list_total ?? 0;
  const rows = result[0]?.list_position == null ? [] : result;
  return { rows, total };
}
