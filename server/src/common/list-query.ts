import { DEFAULT_PER_PAGE, MAX_PER_PAGE, type SortOrder } from '@haven/shared';
import {
  sql,
  CompiledQuery,
  type Expression,
  type ExpressionBuilder,
  type InsertQueryBuilder,
  type InsertResult,
  type Kysely,
  type QueryCreator,
  type ReferenceExpression,
  type SelectQueryBuilder,
  type SqlBool,
} from 'kysely';
import type { Statement } from '../database/prepared.js';
import type { DB } from '../database/schema.js';
import { db, rows, type On } from '../database/sql.js';
import { badRequest } from './errors.js';
import { isDateOnly, isUuid } from './validators.js';

export type FilterType = 'string' | 'uuid' | 'enum' | 'date' | 'instant' | 'number' | 'boolean';

/**
 * What a list sorts or filters on: a column of the list's base query (`'c.opened_on'`, checked
 * against the tables and aliases of that query, so a renamed column fails the typecheck) or an
 * expression built with kysely over them. Never built from client input.
 */
export type ListExpression<Q> =
  Q extends SelectQueryBuilder<infer QDB, infer TB, infer _O>
    ? ReferenceExpression<QDB, TB>
    : never;

/** The expression builder over a list's base query, for conditions a route adds itself. */
export type ListExpressionBuilder<Q> =
  Q extends SelectQueryBuilder<infer QDB, infer TB, infer _O> ? ExpressionBuilder<QDB, TB> : never;

export interface FilterSpec<Q = AnyQuery> {
  /** What the filter compares. */
  column: ListExpression<Q>;
  type: FilterType;
  /** Allowed values of an enum filter. */
  values?: readonly string[];
  /** Also accept `<field>_gte` and `<field>_lte`. */
  range?: boolean;
  /** Match elements of an array column (`column && values`). */
  array?: boolean;
}

/**
 * What one resource allows in its list — the per-resource allow-list of the contract's dialect —
 * over the columns of `Q`, the list's base query: API field names map to typed expressions; the
 * rows a list answers are the base query's select.
 */
export interface ListSpec<Q = AnyQuery> {
  sortable: Record<string, ListExpression<Q>>;
  defaultSort: { field: string; order: SortOrder };
  filters: Record<string, FilterSpec<Q>>;
  /** What `q` searches (case-insensitive substring). Omit to refuse `q`. */
  search?: ListExpression<Q>[];
  /** The unique key appended to every sort, for stable pages. */
  tieBreaker: ListExpression<Q>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the executor takes any base query
type AnyQuery = SelectQueryBuilder<any, any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- conditions over any base query
type AnyBuilder = ExpressionBuilder<any, any>;

/** A condition over the list's base query. */
export type ListCondition = (eb: AnyBuilder) => Expression<SqlBool>;

export interface ParsedList<Q = AnyQuery> {
  page: number;
  perPage: number;
  /** `field`: the API name sorted by. */
  orderBy: { field: string; expression: ListExpression<Q>; order: SortOrder };
  tieBreaker: ListExpression<Q>;
  /** The filters, in the order given. */
  conditions: ListCondition[];
  /**
   * `q`: its ILIKE pattern (escaped, within `%…%`) and the condition over the spec's search
   * expressions; a list may search another way (`listStatement`'s `search`). Null without `q`.
   * `trigrams`: the text holds a run of three letters or digits, so pg_trgm takes at least one
   * unpadded trigram from the pattern and its indexes narrow the search (see `hasTrigram`).
   */
  search: { pattern: string; trigrams: boolean; condition: ListCondition } | null;
  /**
   * The table aliases the filters read (`'cl'` for `cl.nationality`), or null when a filter is an
   * expression whose tables are not known: then the count runs over the whole base query.
   */
  aliases: string[] | null;
  /**
   * The filter keys given, as written (`stage`, `openedOn_gte`): whether a kept total covers them
   * (`ListOptions.kept`).
   */
  keys: string[];
  /**
   * The filters' values, in the order the conditions take them: the conditions hold placeholders
   * (`Bound`) that `listStatement` replaces with these when it compiles, so the compiled text is
   * the same for every request of the same shape and only these change (`ListStatements`).
   */
  values: unknown[];
  /**
   * Everything of the request that decides the statement's text besides the actor: the sort, the
   * order and each query key as given, in order, with the form of its condition (and the values of
   * the keys a route reads itself). Two requests of one shape differ only in `values`, `page`
   * and `perPage`.
   */
  shape: string;
}

/**
 * A request's value in a list statement's tree, compiled as a parameter whose value is taken per
 * request: `index` into the values a `listStatement` binds (the filters', then LIMIT and OFFSET).
 */
class Bound {
  constructor(readonly index: number) {}

  /** pg calls this for an object parameter: a placeholder never reaches the database unbound. */
  toPostgres(): never {
    throw new Error(
      'a list condition reached the database without its value bound (listParameters)',
    );
  }
}
/**
 * Whether `%text%` gives pg_trgm a selective trigram: a run of three letters or digits (its word
 * characters) gives an unpadded one. Shorter words give only padded trigrams (`a b` → `' b '`) or,
 * next to a `%`, none at all (`q=an`); those searches are treated as having none: a trigram index
 * narrows them little or not at all, and their best plan is another one.
 */
/** The all-zeros uuid: never a record's id in Haven (ids are random v4). */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export function hasTrigram(text: string): boolean {
  return /[\p{L}\p{N}]{3}/u.test(text);
}

const RESERVED = new Set(['page', 'perPage', 'sort', 'order', 'q']);

function single(name: string, value: unknown): string {
  if (Array.isArray(value))
    throw badRequest(`${name}: give it once`, 'query.once', { field: name });
  if (typeof value !== 'string')
    throw badRequest(`${name}: must be a plain value`, 'query.plain', { field: name });
  return value;
}

/** `page` / `perPage` as every list takes them: a whole number from 1 to `max`, else a 400. */
export function positiveInt(name: string, value: unknown, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const text = single(name, value);
  const number = Number(text);
  if (!/^\d+$/.test(text) || number < 1 || number > max) {
    throw badRequest(`${name}: must be a whole number from 1 to ${max}`, 'query.whole_number', {
      field: name,
      args: { min: 1, max },
    });
  }
  return number;
}

function convert(name: string, spec: Pick<FilterSpec, 'type' | 'values'>, raw: string): unknown {
  switch (spec.type) {
    case 'string':
      if (raw.length > 200)
        throw badRequest(`${name}: at most 200 characters`, 'query.too_long', {
          field: name,
          args: { max: 200 },
        });
      return raw;
    case 'uuid':
      if (!isUuid(raw)) throw badRequest(`${name}: must be a UUID`, 'query.uuid', { field: name });
      return raw;
    case 'enum':
      if (!spec.values?.includes(raw)) {
        const allowed = (spec.values ?? []).join(', ');
        throw badRequest(`${name}: must be one of ${allowed}`, 'query.one_of', {
          field: name,
          args: { allowed },
        });
      }
      return raw;
    case 'date':
      if (!isDateOnly(raw))
        throw badRequest(`${name}: must be a date YYYY-MM-DD`, 'query.date', { field: name });
      return raw;
    case 'instant': {
      if (!isDateOnly(raw.slice(0, 10)) || Number.isNaN(Date.parse(raw))) {
        throw badRequest(`${name}: must be a date or an ISO 8601 instant`, 'query.instant', {
          field: name,
        });
      }
      const instant = new Date(raw).toISOString();
      // An offset can move the first day of year 1 back into year 0.
      if (!isDateOnly(instant.slice(0, 10)))
        throw badRequest(
          `${name}: must be a date or an ISO 8601 instant from year 1`,
          'query.instant',
          {
            field: name,
          },
        );
      return instant;
    }
    case 'number': {
      const number = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(number))
        throw badRequest(`${name}: must be a number`, 'query.number', { field: name });
      return number;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false')
        throw badRequest(`${name}: must be true or false`, 'query.boolean', { field: name });
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
export function parseListQuery<Q>(
  query: Record<string, unknown>,
  spec: ListSpec<Q>,
  extra: readonly string[] = [],
): ParsedList<Q> {
  const page = positiveInt('page', query.page, 1, 1_000_000);
  const perPage = positiveInt('perPage', query.perPage, DEFAULT_PER_PAGE, MAX_PER_PAGE);

  const sortField = query.sort === undefined ? spec.defaultSort.field : single('sort', query.sort);
  // Own keys only: `sort=toString` must not find Object.prototype's.
  const expression = Object.hasOwn(spec.sortable, sortField) ? spec.sortable[sortField] : undefined;
  if (!expression) {
    const allowed = Object.keys(spec.sortable).join(', ');
    throw badRequest(
      `sort: cannot sort by "${sortField}"; allowed: ${allowed}`,
      'list.sort_unknown',
      {
        args: { sort: sortField, allowed },
      },
    );
  }
  const orderRaw =
    query.order === undefined ? spec.defaultSort.order : single('order', query.order).toUpperCase();
  if (orderRaw !== 'ASC' && orderRaw !== 'DESC')
    throw badRequest('order: must be ASC or DESC', 'list.order', {
      args: { allowed: 'ASC, DESC' },
    });

  const conditions: ListCondition[] = [];
  let search: ParsedList['search'] = null;
  let aliases: string[] | null = [];
  const keys: string[] = [];
  const bound: unknown[] = [];
  // The condition takes a placeholder; its value is bound when the statement compiles.
  const bind = (value: unknown): unknown => new Bound(bound.push(value) - 1);
  const shape: string[] = [sortField, orderRaw];

  if (query.q !== undefined) {
    if (!spec.search) throw badRequest('q: this list cannot be searched', 'list.not_searchable');
    const text = single('q', query.q).trim();
    if (text.length > 200)
      throw badRequest('q: at most 200 characters', 'query.too_long', { args: { max: 200 } });
    if (text) {
      const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const columns = spec.search.map(untyped);
      search = {
        pattern,
        trigrams: hasTrigram(text),
        condition: (eb) => eb.or(columns.map((column) => eb(column, 'ilike', pattern))),
      };
    }
  }

  for (const [key, value] of Object.entries(query)) {
    if (RESERVED.has(key)) {
      // The page is bound, the sort is in the shape already; `q`, even blank, is audited by name.
      if (key === 'q') shape.push(key);
      continue;
    }
    if (extra.includes(key)) {
      shape.push(`${key}=${JSON.stringify(value)}`);
      continue;
    }
    const range = /^(.*)_(gte|lte)$/.exec(key);
    const own = (name: string) =>
      Object.hasOwn(spec.filters, name) ? spec.filters[name] : undefined;
    const field = range && own(range[1])?.range ? range[1] : key;
    const filter = own(field);
    if (!filter || (range && field !== key && !filter.range)) {
      const allowed = describeFilters(spec);
      throw badRequest(`${key}: unknown filter; allowed: ${allowed}`, 'list.unknown_filter', {
        field: key,
        args: { allowed },
      });
    }
    const values = (Array.isArray(value) ? value : [value]).map((v) => {
      if (typeof v !== 'string')
        throw badRequest(`${key}: must be a plain value`, 'query.plain', { field: key });
      return convert(key, filter, v);
    });
    // The kept totals file "no one" (an unassigned case) under the nil uuid: a filter naming it
    // matches no row of the list, so it is counted, never summed (`key` then covers nothing).
    keys.push(filter.type === 'uuid' && values.includes(NIL_UUID) ? `${key}=nil` : key);
    shape.push(`${keys[keys.length - 1]}:${values.length === 1 ? 'one' : 'many'}`);
    const column = operand(filter.column);
    const alias =
      typeof filter.column === 'string' ? /^(\w+)\./.exec(filter.column)?.[1] : undefined;
    aliases = alias && aliases ? [...aliases, alias] : null;
    if (range && field !== key) {
      if (values.length > 1) throw badRequest(`${key}: give it once`, 'query.once', { field: key });
      const operator = range[2] === 'gte' ? '>=' : '<=';
      const value = bind(values[0]);
      conditions.push((eb) => eb(column, operator, value));
    } else if (filter.array) {
      const value = bind(values);
      conditions.push((eb) => eb(column, '&&', eb.val(value)));
    } else if (values.length === 1) {
      const value = bind(values[0]);
      conditions.push((eb) => eb(column, '=', value));
    } else {
      // A filter given twice means "any of": one array parameter, so the statement's text is the
      // same however many values (each text of a prepared statement takes one of a bounded set of names).
      const value = bind(values) as unknown[];
      conditions.push((eb) => eb(column, '=', eb.fn.any(eb.val(value))));
    }
  }

  return {
    page,
    perPage,
    orderBy: { field: sortField, expression, order: orderRaw },
    tieBreaker: spec.tieBreaker,
    conditions,
    search,
    aliases,
    keys,
    values: bound,
    shape: JSON.stringify(shape),
  };
}

function describeFilters<Q>(spec: ListSpec<Q>): string {
  return Object.entries(spec.filters)
    .flatMap(([name, filter]) => (filter.range ? [name, `${name}_gte`, `${name}_lte`] : [name]))
    .join(', ');
}

/** A spec's expression as the executor uses it: it builds over any base query (checked at the spec). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
const untyped = <Q>(expression: ListExpression<Q>) => expression as ReferenceExpression<any, any>;

/**
 * A filter's left-hand side: a column as it is, an expression in parentheses (`x IS NOT NULL = $1`
 * would not parse as meant).
 */
function operand<Q>(expression: ListExpression<Q>) {
  const reference = untyped(expression);
  return typeof reference === 'string'
    ? reference
    : (eb: AnyBuilder) => eb.parens(expressionOf(eb, reference));
}

/** The expression a reference stands for, to select it under another name. */
function expressionOf(
  eb: AnyBuilder,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see `untyped`
  reference: ReferenceExpression<any, any>,
): Expression<unknown> {
  if (typeof reference === 'string') return eb.ref(reference);
  if (typeof reference === 'function') return reference(eb);
  return reference as Expression<unknown>;
}

/**
 * What a list statement's audit insert reads: `page`, the rows shown (`list_position` their order,
 * `id` each row's id), and `total`.
 */
export interface ListCtes {
  page: { id: string; list_position: string };
  total: { list_total: number };
}

/**
 * The list-read audit event, as the INSERT of a data-modifying CTE of the list's own statement, fed
 * by its `page` and `total` (AuditService.listReadInsert), so the event commits with the read.
 */
export type ListAudit = (
  creator: QueryCreator<DB & ListCtes>,
) => InsertQueryBuilder<DB & ListCtes, 'audit_event', InsertResult>;

export interface ListOptions {
  /**
   * How this list answers `q`, when not through the spec's search expressions: within a scope,
   * through `case_search` (AccessService.searchCases).
   */
  search?: Expression<SqlBool>;
  /**
   * Run the generic plan: for a list scoped to a team or a person, whose scope's index anchors
   * every plan, so the values do not change the best plan — and PostgreSQL would otherwise re-plan
   * a team's list on every request, planning costing as much as the work. Unscoped lists (admins)
   * keep plans made for their values: a rare filter value there may call for another index. A
   * search runs it too when it goes through `search` above (the scope and the trigrams intersected
   * in one GIN index: one plan shape whatever the name) and its text has a trigram; planning that
   * search for its pattern costs more than running it. A search without a trigram (`q=an`) is
   * planned for its pattern: the generic plan would scan the whole index for it.
   */
  generic?: boolean;
  /** The read's audit event; none for lists whose reads are not audited. */
  audit?: ListAudit;
  /**
   * A search's ranking over the base query's row (lower first: an exact match before a prefix
   * before the rest), sorted before the requested order. Only a search is ranked.
   */
  rank?: (eb: AnyBuilder) => Expression<number>;
  /**
   * What the total counts over when the filters read only the tables it has (`aliases`): the base
   * query's scope without its to-one joins for display (a case's client). PostgreSQL drops an
   * unread LEFT JOIN, but the join's key column still keeps the count from an index-only scan:
   * at 100 000 cases a stage's count read ~5 900 heap pages instead of ~100 index pages.
   */
  count?: { base: AnyQuery; aliases: readonly string[] };
  /**
   * A total kept by writes (docs/decisions/0019): `base` selects the rows of a totals table that
   * the actor's scope lets through, under the list's table alias and with the list's column names
   * for what it is keyed by (`legal_case as c` → `case_list_total as c`, keyed by `c.stage`…), so
   * the scope's and the filters' own conditions select them; `sum` is the column summed. Used
   * when the request has no `q` and gives only the `filters` named (by key, as written: a range
   * key `openedOn_gte` is its own), else the total is counted.
   */
  kept?: { base: AnyQuery; sum: string; filters: readonly string[] };
  /**
   * A page kept in order by writes (docs/decisions/0022): `base` selects the rows of a copy the
   * actor's scope lets through, one per row of the list, each holding the list's row key (`id`,
   * the value of the spec's tie-breaker) and, under `sortable`, a copy of the list's sort keys by
   * API name, indexed in the list's order after the scope. Used when the request has no `q`, gives
   * only the `filters` named (as `kept`'s: the copy has the filtered columns under the list's
   * names; none by default) and sorts by a key of `sortable`: the page is read from `base` in that
   * order (LIMIT and OFFSET over it) and its rows fetched from the base query by key, in that order,
   * the filters applied again to them. The copy must
   * compare as the base query's expression does (same type and collation) and hold exactly the
   * list's rows. The rows fetched are checked again with `check` (the base query's rule, shaped for
   * a few rows: a probe each), so a copy that drifted can shorten a page but never show a row the
   * actor may not see.
   */
  keptPage?: {
    base: AnyQuery;
    id: string;
    sortable: Readonly<Record<string, string>>;
    check: Expression<SqlBool>;
    filters?: readonly string[];
  };
}

type ListExtras = { list_total: number; list_position: string | null };

/** The row a base query selects. */
export type ListRow<Q> = Q extends SelectQueryBuilder<infer _DB, infer _TB, infer O> ? O : never;

/** A list's one statement, compiled, with how it runs (`text`/`values`/`plan` for the benchmark). */
export interface ListStatement<Row> extends Statement {
  query: CompiledQuery<Row & ListExtras>;
  /** The same, its request values still placeholders: what `ListStatements` keeps per shape. */
  template: ListTemplate<Row>;
}

/** A compiled list statement whose parameters hold `Bound` placeholders for the request's values. */
interface ListTemplate<Row> {
  query: CompiledQuery<Row & ListExtras>;
  plan: Statement['plan'];
}

/** The values a list's placeholders stand for: the filters', then LIMIT and OFFSET. */
const boundValues = (list: ParsedList<unknown>): unknown[] => [
  ...list.values,
  list.perPage,
  (list.page - 1) * list.perPage,
];

/**
 * A compiled statement's parameters with the list's values in place of its placeholders — for a
 * statement built from `list`'s conditions (`listStatement` binds its own).
 */
export function listParameters(
  parameters: readonly unknown[],
  list: ParsedList<unknown>,
): unknown[] {
  const values = boundValues(list);
  return parameters.map((parameter) =>
    parameter instanceof Bound ? values[parameter.index] : parameter,
  );
}

/** The template with the request's values in place of its placeholders. */
function bindTemplate<Row>(
  template: ListTemplate<Row>,
  list: ParsedList<unknown>,
): ListStatement<Row> {
  const parameters = listParameters(template.query.parameters, list);
  return {
    query: { ...template.query, parameters },
    text: template.query.sql,
    values: parameters,
    plan: template.plan,
    template,
  };
}

/**
 * The one list executor: the page, its total and the read's audit event in one statement — one
 * round trip — over `base`, the actor's base query (its tables, its select, the access expression
 * in its where), with the filters, search, sort and page `list` parsed from the query string
 * against the list's spec. The total is a plain `count(*)` of the base query's FROM: every list's
 * joins must be to-one (a task's case), so no row is counted twice and no DISTINCT is needed, and
 * PostgreSQL drops a LEFT JOIN to a unique key that no condition reads, so the count touches only
 * the tables its filters need — or, when the request's filters are those a kept total covers, the
 * sum of that total's rows (`ListOptions.kept`). Run it with `pageCountAndAudit`.
 */
export function listStatement<Q extends AnyQuery>(
  base: Q,
  list: ParsedList<Q>,
  options: ListOptions = {},
): ListStatement<ListRow<Q>> {
  const searched = list.search !== null;
  // LIMIT and OFFSET as placeholders too, after the filters' (`boundValues`).
  const limit = new Bound(list.values.length) as unknown as number;
  const offset = new Bound(list.values.length + 1) as unknown as number;
  let filtered: AnyQuery = base;
  for (const condition of list.conditions) filtered = filtered.where(condition);
  if (list.search) filtered = filtered.where(options.search ?? list.search.condition);
  const desc = list.orderBy.order === 'DESC';
  const direction = desc ? 'desc' : 'asc';
  const sort = untyped(list.orderBy.expression);
  const tie = untyped(list.tieBreaker);
  // Nulls last ascending and first descending: PostgreSQL's own order, so a btree index serves it.
  const paged = (query: AnyQuery, by: typeof sort, then: typeof tie, rank?: string) =>
    (rank ? query.orderBy(rank, 'asc') : query)
      .orderBy(by, (ob) => (desc ? ob.desc().nullsFirst() : ob.asc().nullsLast()))
      .orderBy(then, direction)
      .limit(limit)
      .offset(offset);
  const position = sql<string>`row_number() over ()`.as('list_position');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CTEs are of any base query
  const anyDb = db as unknown as Kysely<any>;
  // A search finds its matches once (through the trigram indexes) and pages and counts them from
  // there: the planner cannot walk the sort index hoping to meet a page of matches early (a trap
  // when few matches are visible to the caller), and the search runs once, not twice.
  const ctes = searched
    ? anyDb
        .with(
          (cte) => cte('matches').materialized(),
          () =>
            filtered
              .clearSelect()
              .select((eb) => [
                sql`${expressionOf(eb, tie)}`.as('list_id'),
                sql`${expressionOf(eb, sort)}`.as('list_sort'),
                ...(options.rank ? [sql`${options.rank(eb)}`.as('list_rank')] : []),
              ]),
        )
        .with('page', (qc) =>
          (base as AnyQuery)
            .clearWhere()
            .innerJoin(
              qc
                .selectFrom(
                  paged(
                    qc.selectFrom('matches').selectAll(),
                    'list_sort',
                    'list_id',
                    options.rank ? 'list_rank' : undefined,
                  ).as('m'),
                )
                .select(position)
                .selectAll('m')
                .as('chosen'),
              (join) => join.on((eb) => eb(tie, '=', eb.ref('chosen.list_id'))),
            )
            .select('chosen.list_position'),
        )
        .with('total', (qc) =>
          qc.selectFrom('matches').select(sql<number>`count(*)::int`.as('list_total')),
        )
    : anyDb
        .with('page', (qc) => {
          const kept = options.keptPage;
          const keptSort =
            kept &&
            list.keys.every((key) => kept.filters?.includes(key)) &&
            Object.hasOwn(kept.sortable, list.orderBy.field)
              ? kept.sortable[list.orderBy.field]
              : undefined;
          if (!kept || keptSort === undefined)
            return qc
              .selectFrom(paged(filtered, sort, tie).as('p'))
              .select(position)
              .selectAll('p');
          // The page's keys in order from the copy's index, then its rows by key, in that order.
          let keys: AnyQuery = kept.base;
          for (const condition of list.conditions) keys = keys.where(condition);
          const chosen = qc
            .selectFrom(
              paged(
                keys.clearSelect().select(sql.ref(kept.id).as('list_id')),
                keptSort,
                kept.id,
              ).as('k'),
            )
            .select(position)
            .selectAll('k')
            .as('chosen');
          let fetched: AnyQuery = (base as AnyQuery)
            .clearWhere()
            .innerJoin(chosen, (join) => join.on((eb) => eb(tie, '=', eb.ref('chosen.list_id'))))
            .where(kept.check);
          for (const condition of list.conditions) fetched = fetched.where(condition);
          return fetched.select('chosen.list_position');
        })
        .with('total', () => {
          const kept = options.kept;
          if (kept && list.keys.every((key) => kept.filters.includes(key))) {
            let selected: AnyQuery = kept.base;
            for (const condition of list.conditions) selected = selected.where(condition);
            return selected
              .clearSelect()
              .select(sql<number>`coalesce(sum(${sql.ref(kept.sum)}), 0)::int`.as('list_total'));
          }
          const lean =
            options.count && list.aliases?.every((alias) => options.count!.aliases.includes(alias));
          let counted: AnyQuery = lean ? options.count!.base : filtered;
          if (lean) for (const condition of list.conditions) counted = counted.where(condition);
          return counted.clearSelect().select(sql<number>`count(*)::int`.as('list_total'));
        });
  const statement = (options.audit ? ctes.with('audit', options.audit) : ctes)
    .selectFrom('total')
    .leftJoin('page', (join) => join.onTrue())
    .select('total.list_total')
    .selectAll('page')
    .orderBy('page.list_position');
  const query = statement.compile() as CompiledQuery<ListRow<Q> & ListExtras>;
  // Prepared, unless a text search whose best plan depends on its pattern is part of it (see `generic`).
  const genericSearch =
    list.search !== null &&
    list.search.trigrams &&
    options.search !== undefined &&
    options.generic === true;
  return bindTemplate(
    {
      // Its text and parameters only: the operation tree is not kept with a template.
      query: CompiledQuery.raw(query.sql, [...query.parameters]),
      plan:
        searched && !genericSearch ? 'unnamed' : options.generic === true ? 'generic' : 'prepared',
    },
    list,
  );
}

const CHECK_TEMPLATES = process.env.NODE_ENV === 'test';

/**
 * List statements compiled once per shape and bound per request. Building a list's statement
 * (kysely's immutable builders: the base query's select, the scope, the CTEs of page, total and
 * audit) and compiling it is the same work for every request of a shape, and a large share of the
 * server's time per list request (docs/decisions/0024); here it is done once per key and shape, and
 * a request of that shape only puts its values (filters, LIMIT, OFFSET) in the parameters.
 * At most `max` templates, the least recently used dropped first.
 */
export class ListStatements {
  private readonly templates = new Map<string, ListTemplate<unknown>>();

  constructor(
    private readonly max = 1000,
    private readonly check = CHECK_TEMPLATES,
  ) {}

  /**
   * The statement `build` makes for `list`, from the template of its key and shape when there is
   * one. `key` must name everything `build` reads besides `list` — the list, and each field of the
   * actor its scope and audit read — so that two requests of one key and `list.shape` differ only
   * in the values `listStatement` binds. A search is built every time: its pattern and name keys
   * are values of the scope's search, not bound ones. With `check` (by default under the tests,
   * NODE_ENV=test) every template used is checked against a fresh build: a build reading
   * something its key does not name fails there.
   */
  statement<Row>(
    key: string,
    list: ParsedList<unknown>,
    build: () => ListStatement<Row>,
  ): ListStatement<Row> {
    if (list.search !== null) return build();
    const full = `${key}\u0000${list.shape}`;
    const template = this.templates.get(full) as ListTemplate<Row> | undefined;
    if (template) {
      // Least recently used first in the map's order.
      this.templates.delete(full);
      this.templates.set(full, template);
      const statement = bindTemplate(template, list);
      if (this.check) assertSameStatement(statement, build());
      return statement;
    }
    const statement = build();
    if (this.templates.size >= this.max)
      this.templates.delete(this.templates.keys().next().value as string);
    this.templates.set(full, statement.template);
    return statement;
  }
}

/** The error names neither the key nor the shape: they carry the actor's id and address. */
function assertSameStatement(kept: Statement, built: Statement): void {
  if (
    kept.text !== built.text ||
    kept.plan !== built.plan ||
    JSON.stringify(kept.values) !== JSON.stringify(built.values)
  )
    throw new Error(
      'ListStatements: a kept template is not what the build makes (its key misses something the build reads)',
    );
}

/** Runs a `listStatement` where `on` says: the rows in page order, and the total. */
export async function pageCountAndAudit<Row>(
  on: On,
  statement: ListStatement<Row>,
): Promise<{ rows: Row[]; total: number }> {
  const result = (await rows(on, statement.query, { plan: statement.plan })) as (Row &
    ListExtras)[];
  const total = result[0]?.list_total ?? 0;
  const page = result[0]?.list_position == null ? [] : result;
  return { rows: page, total };
}
