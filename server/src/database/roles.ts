import { sql } from 'kysely';
import { logger } from '../common/logger.js';
import { db, exec, first, type On } from './sql.js';

/** The runtime role of the embedded database (and of the test suite). */
export const EMBEDDED_RUNTIME_ROLE = 'haven_app';

/**
 * Something that runs SQL text: a DataSource, a pg client — the privilege check runs on whichever
 * connection it is asked about (the owner's, in a test), not only on Haven's pool.
 */
interface Queryable {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/**
 * DDL takes no parameters: role names and the password are written into the text, quoted by the
 * query layer's compiler (an identifier, a string literal), as `psql` would be given them.
 */
const ddl = (statement: ReturnType<typeof sql>) => statement.compile(db).sql;

/**
 * The role the server runs as: it logs in and nothing more — not a superuser, creates no roles or
 * databases, does not bypass row security, replicates nothing, and does not inherit another role's
 * rights. (Without superuser it cannot set session_replication_role either.)
 */
export function createRoleSql(role: string, password: string): string[] {
  const attributes = sql`LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS PASSWORD ${sql.lit(password)}`;
  return [
    ddl(sql`DO $$ BEGIN
       IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${sql.lit(role)}) THEN CREATE ROLE ${sql.id(role)} ${attributes};
       ELSE ALTER ROLE ${sql.id(role)} ${attributes};
       END IF;
     END $$`),
  ];
}

/**
 * The tables the list triggers keep (migrations 1767916800000, 1768262400000, 1768521600000): the runtime role
 * reads them; their trigger functions write them as their owner (SECURITY DEFINER).
 */
const KEPT_TOTALS = [
  'case_list_total',
  'client_list_total',
  'client_reach',
  'client_team_total',
  'client_assignee_total',
  'deadline_list_row',
  'deadline_list_total',
  'document_list_row',
  'document_list_total',
  // The persons' multi-case copy (1768435200000), written by its triggers as their owner.
  'stats_multi_case',
];

/**
 * What the runtime role may do in the current database, run by the owner of the schema's objects
 * (the role migrations run as). Ordinary tables: read and write rows (no TRUNCATE, TRIGGER or
 * REFERENCES, no ownership: it cannot alter or disable a trigger). The audit trail: INSERT and
 * SELECT only. The chain's head and the kept list totals: SELECT (their triggers write them as
 * their owner). Objects the
 * owner creates later get the same row rights by default; running this again after migrations
 * restores the exceptions for new objects. Idempotent.
 */
export function runtimeGrantsSql(role: string, schema = 'public'): string[] {
  const r = sql.id(role);
  const s = sql.id(schema);
  const table = (name: string) => sql.id(schema, name);
  return [
    sql`GRANT USAGE ON SCHEMA ${s} TO ${r}`,
    sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r}`,
    sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`,
    sql`ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`,
    sql`ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT USAGE, SELECT ON SEQUENCES TO ${r}`,
    sql`REVOKE ALL ON ${table('audit_event')} FROM ${r}`,
    sql`GRANT SELECT, INSERT ON ${table('audit_event')} TO ${r}`,
    sql`REVOKE ALL ON SEQUENCE ${table('audit_event_seq_seq')} FROM ${r}`,
    sql`REVOKE ALL ON ${table('audit_chain_head')} FROM ${r}`,
    sql`GRANT SELECT ON ${table('audit_chain_head')} TO ${r}`,
    // The kept list totals and client_reach: written only by their triggers, as their owner.
    ...KEPT_TOTALS.flatMap((name) => [
      sql`REVOKE ALL ON ${table(name)} FROM ${r}`,
      sql`GRANT SELECT ON ${table(name)} TO ${r}`,
    ]),
    sql`REVOKE ALL ON ${table('typeorm_migration')} FROM ${r}`,
    sql`GRANT SELECT ON ${table('typeorm_migration')} TO ${r}`,
    sql`REVOKE CREATE ON SCHEMA ${s} FROM ${r}`,
    // Nor anyone else (PostgreSQL before 15 lets PUBLIC create in public): functions that run as
    // their owner (the audit chain's, the kept totals') resolve names through the schema, and an
    // object created there could stand in for one they call.
    sql`REVOKE CREATE ON SCHEMA ${s} FROM PUBLIC`,
  ].map(ddl);
}

export async function grantRuntimeRole(on: On, role: string): Promise<void> {
  // Unnamed and without parameters: DDL is not prepared.
  for (const statement of runtimeGrantsSql(role))
    await exec(on, sql.raw(statement), { plan: 'unnamed' });
}

/** The user name in a postgres:// URL (decoded), or null. */
export function urlUser(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url).username) || null;
  } catch {
    return null;
  }
}

interface Privileges {
  role: string;
  superuser: boolean;
  owner: boolean;
  excess: string[];
  replication: boolean;
  /** May create objects in the schema `public` (directly or as PUBLIC). */
  creates: boolean;
}

/** How far the connected role exceeds the runtime role's rights on the audit trail. */
export async function auditPrivileges(connection: Queryable): Promise<Privileges> {
  // The catalogs are not among the schema's types: the query layer's `sql`, run on the connection asked about.
  const query = sql<Privileges>`
    SELECT current_user AS role, r.rolsuper AS superuser, r.rolbypassrls OR r.rolreplication AS replication,
           pg_has_role(current_user, c.relowner, 'USAGE') AS owner,
           has_schema_privilege(current_user, 'public', 'CREATE') AS creates,
           array_remove(ARRAY[
             CASE WHEN has_table_privilege(c.oid, 'UPDATE') THEN 'UPDATE' END,
             CASE WHEN has_table_privilege(c.oid, 'DELETE') THEN 'DELETE' END,
             CASE WHEN has_table_privilege(c.oid, 'TRUNCATE') THEN 'TRUNCATE' END,
             CASE WHEN has_table_privilege(c.oid, 'TRIGGER') THEN 'TRIGGER' END], NULL) AS excess
      FROM pg_roles r, pg_class c
     WHERE r.rolname = current_user AND c.oid = 'public.audit_event'::regclass`.compile(db);
  const [row] = (await connection.query(query.sql, [...query.parameters])) as Privileges[];
  return row;
}

/**
 * Warns loudly when the server runs with rights that let it rewrite its own audit trail: as a
 * superuser, as the owner of audit_event (it could disable the triggers), or with more than
 * INSERT and SELECT on it. Returns the warnings (empty when the role is as it should be).
 */
export async function warnIfPrivileged(db: Queryable): Promise<string[]> {
  const p = await auditPrivileges(db);
  const warnings: string[] = [];
  if (p.superuser)
    warnings.push(
      `Haven runs as the PostgreSQL superuser "${p.role}": it can rewrite or cut its own audit trail. Create a runtime role (npm run haven -- db-roles) and put it in DATABASE_URL; run migrations through DATABASE_MIGRATION_URL.`,
    );
  else if (p.owner)
    warnings.push(
      `Haven runs as "${p.role}", the owner of audit_event: it can disable the audit trail's triggers. Run the server as a runtime role (npm run haven -- db-roles) and migrations through DATABASE_MIGRATION_URL.`,
    );
  if (!p.superuser && p.excess.length)
    warnings.push(
      `Haven's role "${p.role}" holds ${p.excess.join(', ')} on audit_event; it needs only INSERT and SELECT (npm run haven -- db-roles --apply).`,
    );
  if (!p.superuser && !p.owner && p.creates)
    warnings.push(
      `Haven's role "${p.role}" may create objects in schema public (PostgreSQL before 15 grants it to PUBLIC): an object there could stand in for one the audit and totals functions call as their owner. Run npm run haven -- db-roles --apply (REVOKE CREATE ON SCHEMA public FROM PUBLIC).`,
    );
  for (const warning of warnings) logger().warn({ role: p.role }, `SECURITY: ${warning}`);
  return warnings;
}

/** Migrations as the owner, then the runtime role's grants when it is another role. */
export async function applyRuntimeGrantsAfterMigration(
  owner: On,
  runtimeUrl: string,
): Promise<boolean> {
  const runtime = urlUser(runtimeUrl);
  const row = await first(owner, db.selectNoFrom(sql<string>`current_user`.as('role')));
  if (!runtime || runtime === row?.role) return false;
  await grantRuntimeRole(owner, runtime);
  return true;
}
