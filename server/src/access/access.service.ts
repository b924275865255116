import { Injectable } from '@nestjs/common';
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
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
  /** Users: admins all; supervisors and caseworkers their team; analysts themselves. */
  scopeUsers<T extends ObjectLiteral>(
    actor: Actor,
    builder: SelectQueryBuilder<T>,
    alias: string,
  ): SelectQueryBuilder<T> {
    switch (actor.role) {
      case 'admin':
        return builder;
      case 'supervisor':
      case 'caseworker':
        return actor.teamId
          ? builder.andWhere(`(${alias}.teamId = :accessTeam OR ${alias}.id = :accessSelf)`, {
              accessTeam: actor.teamId,
              accessSelf: actor.id,
            })
          : builder.andWhere(`${alias}.id = :accessSelf`, { accessSelf: actor.id });
      case 'analyst':
        return builder.andWhere(`${alias}.id = :accessSelf`, { accessSelf: actor.id });
      default: {
        const exhaustive: never = actor.role;
        return exhaustive;
      }
    }
  }

  /** Teams: admins all; everyone else the team they belong to. */
  scopeTeams<T extends ObjectLiteral>(
    actor: Actor,
    builder: SelectQueryBuilder<T>,
    alias: string,
  ): SelectQueryBuilder<T> {
    if (actor.role === 'admin') return builder;
    if (!actor.teamId) return builder.andWhere('false');
    return builder.andWhere(`${alias}.id = :accessTeam`, { accessTeam: actor.teamId });
  }

  /**
   * The SQL condition for the cases an actor may see, over a `legal_case` alias (column names):
   * admins all; supervisors their team's; caseworkers those assigned to them in their own team
   * (a case of another team still naming them — they were moved, or it was — is not theirs); analysts
   * none. The same columns exist on `case_search`, so the condition scopes a search there too.
   */
  caseCondition(actor: Actor, alias: string): { sql: string; params: Record<string, unknown> } {
    switch (actor.role) {
      case 'admin':
        return { sql: 'true', params: {} };
      case 'supervisor':
        return actor.teamId
          ? { sql: `${alias}.team_id = :accessTeam`, params: { accessTeam: actor.teamId } }
          : { sql: 'false', params: {} };
      case 'caseworker':
        return actor.teamId
          ? {
              sql: `(${alias}.assigned_to_id = :accessSelf AND ${alias}.team_id = :accessTeam)`,
              params: { accessSelf: actor.id, accessTeam: actor.teamId },
            }
          : { sql: 'false', params: {} };
      case 'analyst':
        return { sql: 'false', params: {} };
      default: {
        const exhaustive: never = actor.role;
        return exhaustive;
      }
    }
  }

  /** Narrows a query over `legal_case` to the visible cases. */
  scopeCases<T extends ObjectLiteral>(
    actor: Actor,
    builder: SelectQueryBuilder<T>,
    alias: string,
  ): SelectQueryBuilder<T> {
    const condition = this.caseCondition(actor, alias);
    return condition.sql === 'true' ? builder : builder.andWhere(condition.sql, condition.params);
  }

  /**
   * The SQL condition for the clients an actor may see, over a `client` alias: those with at least
   * one case the actor may see (what "belongs to" a visible case).
   */
  clientCondition(actor: Actor, alias: string): { sql: string; params: Record<string, unknown> } {
    const condition = this.caseCondition(actor, 'vc');
    if (condition.sql === 'true') return condition;
    return {
      sql: `EXISTS (SELECT 1 FROM legal_case vc WHERE vc.client_id = ${alias}.id AND ${condition.sql})`,
      params: condition.params,
    };
  }

  /**
   * A text search within the actor's scope, through `case_search` (migration CaseSearch): the ids
   * (`case_id` or `client_id`, compared with `key.column`) of the visible cases whose `columns`
   * match `pattern`. The scope is decided on the same columns as `caseCondition`, inside the
   * subquery, so the index yields only the caller's rows; for admins it is every case, and the
   * columns of two tables are still searched through one index (an OR across a join cannot be).
   */
  searchWithinScope(
    actor: Actor,
    key: { column: string; via: 'case_id' | 'client_id' },
    columns: readonly ('case_reference' | 'client_text' | 'native_name')[],
    pattern: string,
  ): { sql: string; params: Record<string, unknown> } {
    const scope = this.caseCondition(actor, 's');
    const within = scope.sql === 'true' ? '' : `${scope.sql} AND `;
    return {
      sql: `${key.column} IN (SELECT s.${key.via} FROM case_search s WHERE ${within}(${columns.map((c) => `s.${c} ILIKE :scopedSearch`).join(' OR ')}))`,
      params: { ...scope.params, scopedSearch: pattern },
    };
  }

  /** Narrows a query over `client` to the visible clients. */
  scopeClients<T extends ObjectLiteral>(
    actor: Actor,
    builder: SelectQueryBuilder<T>,
    alias: string,
  ): SelectQueryBuilder<T> {
    const condition = this.clientCondition(actor, alias);
    return condition.sql === 'true' ? builder : builder.andWhere(condition.sql, condition.params);
  }

  /**
   * For nested creates and actions on a case (notes, deadlines, tasks): the case's team and
   * assignee when the actor may see it, otherwise a 404 — never a 403 that would confirm it exists.
   */
  async visibleCase(
    actor: Actor,
    manager: EntityManager,
    caseId: string,
    options: { lock?: boolean } = {},
  ): Promise<{ id: string; teamId: string; assignedToId: string | null; clientId: string }> {
    const builder = manager
      .createQueryBuilder()
      .select([
        'c.id AS id',
        'c.team_id AS "teamId"',
        'c.assigned_to_id AS "assignedToId"',
        'c.client_id AS "clientId"',
      ])
      .from('legal_case', 'c')
      .where('c.id = :caseId', { caseId });
    this.scopeCases(actor, builder, 'c');
    if (options.lock) builder.setLock('pessimistic_write');
    const row = await builder.getRawOne<{
      id: string;
      teamId: string;
      assignedToId: string | null;
      clientId: string;
    }>();
    if (!row) throw notFound('case');
    return row;
  }

  /**
   * Tasks, always within the actor's team: admins all; supervisors their team's; caseworkers their
   * own and their team's unassigned queue. A task of a case is seen only by who may see the case
   * (the case condition, probed by primary key), so a task whose team and case disagree is shown
   * to neither side. Each branch keeps `team_id` beside `assignee_id`, so the (assignee_id, status)
   * and (team_id, status) indexes still answer it.
   */
  taskCondition(actor: Actor, alias: string): { sql: string; params: Record<string, unknown> } {
    switch (actor.role) {
      case 'admin':
        return { sql: 'true', params: {} };
      case 'supervisor':
        return actor.teamId
          ? {
              sql: `(${alias}.team_id = :accessTeam
                AND (${alias}.case_id IS NULL OR EXISTS (SELECT 1 FROM legal_case tc WHERE tc.id = ${alias}.case_id AND tc.team_id = :accessTeam)))`,
              params: { accessTeam: actor.teamId },
            }
          : { sql: 'false', params: {} };
      case 'caseworker':
        return actor.teamId
          ? {
              sql: `(((${alias}.assignee_id = :accessSelf AND ${alias}.team_id = :accessTeam) OR (${alias}.assignee_id IS NULL AND ${alias}.team_id = :accessTeam))
                AND (${alias}.case_id IS NULL OR EXISTS (SELECT 1 FROM legal_case tc WHERE tc.id = ${alias}.case_id AND tc.assigned_to_id = :accessSelf AND tc.team_id = :accessTeam)))`,
              params: { accessSelf: actor.id, accessTeam: actor.teamId },
            }
          : { sql: 'false', params: {} };
      case 'analyst':
        return { sql: 'false', params: {} };
      default: {
        const exhaustive: never = actor.role;
        return exhaustive;
      }
    }
  }

  scopeTasks<T extends ObjectLiteral>(
    actor: Actor,
    builder: SelectQueryBuilder<T>,
    alias: string,
  ): SelectQueryBuilder<T> {
    const condition = this.taskCondition(actor, alias);
    return condition.sql === 'true' ? builder : builder.andWhere(condition.sql, condition.params);
  }

  // Record-level access as query-layer expressions (database/sql.ts): the one place that says who
  // sees which case, client, task, user and team. Each takes the alias the caller's query gives the
  // table; the columns are checked against the schema's types (`column`).

  /** Cases: admins all; supervisors their team's; caseworkers those assigned to them in their team. */
  cases(actor: Actor, alias: string): Expression<SqlBool> {
    const c = (name: keyof DB['legal_case'] & string) => column('legal_case', alias, name);
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
   * Tasks, always within the actor's team: admins all; supervisors their team's; caseworkers their
   * own and their team's unassigned queue; a task of a case only for who may see the case. Each
   * branch keeps `team_id` beside `assignee_id`, so the (assignee_id, status) and (team_id, status)
   * indexes still answer it.
   */
  tasks(actor: Actor, alias: string): Expression<SqlBool> {
    const t = (name: keyof DB['task'] & string) => column('task', alias, name);
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
    const u = (name: keyof DB['app_user'] & string) => column('app_user', alias, name);
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
   * `key` (a case or client id column of the caller's query) among the cases the actor may see
   * whose search text matches `pattern` (an ILIKE pattern), through the case_search copy and its
   * trigram indexes.
   */
  searchCases(
    actor: Actor,
    key: { column: Expression<unknown>; via: 'case_id' | 'client_id' },
    columns: readonly ('case_reference' | 'client_text' | 'native_name')[],
    pattern: string,
  ): Expression<SqlBool> {
    const scope = actor.role === 'admin' ? sql`` : sql`${this.cases(actor, 's')} AND `;
    const matches = sql.join(
      columns.map((name) => sql`${column('case_search', 's', name)} ILIKE ${pattern}`),
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
  name: keyof DB[T] & string,
): RawBuilder<unknown> {
  return sql.ref(`${alias}.${name}`);
}
