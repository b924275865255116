import { Injectable } from '@nestjs/common';
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../database/schema.js';
import { db, first, type On } from '../database/sql.js';
import { notFound } from '../common/errors.js';
import type { Actor } from '../common/actor.js';

/**
 * Record-level access, in one place. Each method narrows a query (or gives the SQL condition that
 * does) to the rows the actor may see, set-based, so that lists, reads and writes share one rule and
 * an invisible row is simply absent (a 404 upstream). Features never decide visibility themselves;
 * the dashboards, which count one team or person by definition, filter on the actor's own ids —
 * a person's always within their own team, as here.
 */
@Injectable()
export class AccessService {
  // Record-level access as query-layer expressions (database/sql.ts): the one place that says who
  // sees which case, client, task, user and team. Each takes the alias the caller's query gives the
  // table; the columns are checked against the schema's types (`column`).

  /** Cases: admins all; supervisors their team's; caseworkers those assigned to them in their team. */
  cases(actor: Actor, alias: string): Expression<SqlBool> {
    const c = (name: Extract<keyof DB['legal_case'], string>) => column('legal_case', alias, name);
    switch (actor.role) {
      case 'admin':
        return sql<SqlBool>`true`;
      case 'supervisor':
        return actor.teamId ? sql<SqlBool>`${c('team_id')} = ${actor.teamId}` : sql<SqlBool>`false`;
      case 'caseworker':
        return actor.teamId
          ? sql<SqlBool>`(${c('assigned_to_id')} = ${actor.id} AND ${c('team_id')} = ${actor.teamId})`
          : sql<SqlBool>`false`;
      case 'analyst':
        return sql<SqlBool>`false`;
      default: {
        const exhaustive: never = actor.role;
        return exhaustive;
      }
    }
  }

  /** Clients: those with a case the actor may see (admins all). */
  clients(actor: Actor, alias: string): Expression<SqlBool> {
    if (actor.role === 'admin') return sql<SqlBool>`true`;
    return sql<SqlBool>`EXISTS (SELECT 1 FROM legal_case vc WHERE vc.client_id = ${column('client', alias, 'id')} AND ${this.cases(actor, 'vc')})`;
  }

  /**
   * The same rule as `clients`, shaped for a whole list: the ids of the clients of the actor's
   * cases gathered once (an index scan of the scope) and the clients fetched by key, instead of a
   * probe of each client in name order for a visible case — which, for a team holding a few
   * percent of the clients, read thousands of clients for a page and every client for its count.
   */
  clientsListed(actor: Actor, alias: string): Expression<SqlBool> {
    if (actor.role === 'admin') return sql<SqlBool>`true`;
    return sql<SqlBool>`${column('client', alias, 'id')} = ANY (ARRAY(SELECT vc.client_id FROM legal_case vc WHERE ${this.cases(actor, 'vc')}))`;
  }

  /**
   * Tasks, always within the actor's team: admins all; supervisors their team's; caseworkers their
   * own and their team's unassigned queue; a task of a case only for who may see the case. Each
   * branch keeps `team_id` beside `assignee_id`, so the (assignee_id, status) and (team_id, status)
   * indexes still answer it.
   */
  tasks(actor: Actor, alias: string): Expression<SqlBool> {
    const t = (name: Extract<keyof DB['task'], string>) => column('task', alias, name);
    switch (actor.role) {
      case 'admin':
        return sql<SqlBool>`true`;
      case 'supervisor':
        return actor.teamId
          ? sql<SqlBool>`(${t('team_id')} = ${actor.teamId} AND (${t('case_id')} IS NULL OR EXISTS (SELECT 1 FROM legal_case tc WHERE tc.id = ${t('case_id')} AND tc.team_id = ${actor.teamId})))`
          : sql<SqlBool>`false`;
      case 'caseworker':
        return actor.teamId
          ? sql<SqlBool>`(((${t('assignee_id')} = ${actor.id} AND ${t('team_id')} = ${actor.teamId}) OR (${t('assignee_id')} IS NULL AND ${t('team_id')} = ${actor.teamId})) AND (${t('case_id')} IS NULL OR EXISTS (SELECT 1 FROM legal_case tc WHERE tc.id = ${t('case_id')} AND tc.assigned_to_id = ${actor.id} AND tc.team_id = ${actor.teamId})))`
          : sql<SqlBool>`false`;
      case 'analyst':
        return sql<SqlBool>`false`;
      default: {
        const exhaustive: never = actor.role;
        return exhaustive;
      }
    }
  }

  /** Users: admins all; staff their team's and themselves; analysts themselves. */
  users(actor: Actor, alias: string): Expression<SqlBool> {
    const u = (name: Extract<keyof DB['app_user'], string>) => column('app_user', alias, name);
    if (actor.role === 'admin') return sql<SqlBool>`true`;
    if (actor.role !== 'analyst' && actor.teamId)
      return sql<SqlBool>`(${u('team_id')} = ${actor.teamId} OR ${u('id')} = ${actor.id})`;
    return sql<SqlBool>`${u('id')} = ${actor.id}`;
  }

  /** Teams: admins all; everyone else their own. */
  teams(actor: Actor, alias: string): Expression<SqlBool> {
    if (actor.role === 'admin') return sql<SqlBool>`true`;
    if (!actor.teamId) return sql<SqlBool>`false`;
    return sql<SqlBool>`${column('team', alias, 'id')} = ${actor.teamId}`;
  }

  /**
   * Audit events: admins all; supervisors those filed under their team (`filedUnder` files an event
   * about several teams' records under each); nobody else reads the trail.
   */
  auditEvents(actor: Actor, alias: string): Expression<SqlBool> {
    if (actor.role === 'admin') return sql<SqlBool>`true`;
    if (actor.role !== 'supervisor' || !actor.teamId) return sql<SqlBool>`false`;
    return sql<SqlBool>`${column('audit_event', alias, 'team_id')} = ${actor.teamId}`;
  }

  /**
   * `key` (a case or client id column of the caller's query) among the cases the actor may see
   * whose search text matches `pattern` (an ILIKE pattern), or whose client's name key holds each
   * of `keyWords` (LIKE patterns, clients/client-search.ts `keyContains`), through the case_search
   * copy and its trigram indexes.
   */
  searchCases(
    actor: Actor,
    key: { column: Expression<unknown>; via: 'case_id' | 'client_id' },
    columns: readonly ('case_reference' | 'client_text' | 'native_name')[],
    pattern: string,
    keyWords: readonly string[] = [],
  ): Expression<SqlBool> {
    const scope = actor.role === 'admin' ? sql`` : sql`${this.cases(actor, 's')} AND `;
    const nameKey = column('case_search', 's', 'name_key');
    const matches = sql.join(
      [
        ...columns.map((name) => sql`${column('case_search', 's', name)} ILIKE ${pattern}`),
        ...(keyWords.length > 0
          ? [
              sql`(${sql.join(
                keyWords.map((word) => sql`${nameKey} LIKE ${word}`),
                sql` AND `,
              )})`,
            ]
          : []),
      ],
      sql` OR `,
    );
    return sql<SqlBool>`${key.column} IN (SELECT ${column('case_search', 's', key.via)} FROM case_search s WHERE ${scope}(${matches}))`;
  }

  /** A case the actor may see, optionally locked for update; otherwise a 404. */
  async visibleCaseRow(
    actor: Actor,
    on: On,
    caseId: string,
    options: { lock?: boolean } = {},
  ): Promise<{ id: string; teamId: string; assignedToId: string | null; clientId: string }> {
    let query = db
      .selectFrom('legal_case as c')
      .select([
        'c.id',
        'c.team_id as teamId',
        'c.assigned_to_id as assignedToId',
        'c.client_id as clientId',
      ])
      .where('c.id', '=', caseId)
      .where(this.cases(actor, 'c'));
    if (options.lock) query = query.forUpdate();
    const row = await first(on, query);
    if (!row) throw notFound('case');
    return row;
  }
}

/** `alias.column`, the column checked against the table's type: a renamed column fails the typecheck. */
function column<T extends keyof DB>(
  _table: T,
  alias: string,
  name: Extract<keyof DB[T], string>,
): RawBuilder<unknown> {
  return sql.ref(`${alias}.${name}`);
}
