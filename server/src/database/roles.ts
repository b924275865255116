import type { DataSource } from 'typeorm';
import { logger } from '../common/logger.js';

/** The runtime role of the embedded database (and of the test suite). */
export const EMBEDDED_RUNTIME_ROLE = 'haven_app';

/** Something that runs SQL: a DataSource, a QueryRunner, a pg client. */
interface Queryable {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * The role the server runs as: it logs in and nothing more — not a superuser, creates no roles or
 * databases, does not bypass row security, replicates nothing, and does not inherit another role's
 * rights. (Without superuser it cannot set session_replication_role either.)
 */
export function createRoleSql(role: string, password: string): string[] {
  const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS PASSWORD ${literal(password)}`;
  return [
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(role)}) THEN CREATE ROLE ${ident(role)} ${attributes};
       ELSE ALTER ROLE ${ident(role)} ${attributes};
       END IF;
     END $$`,
  ];
}

/**
 * What the runtime role may do in the current database, run by the owner of the schema's objects
 * (the role migrations run as). Ordinary tables: read and write rows (no TRUNCATE, TRIGGER or
 * REFERENCES, no ownership: it cannot alter or disable a trigger). The audit trail: INSERT and
 * SELECT only. The chain's head: SELECT (the insert trigger writes it as its owner). Objects the
 * owner creates later get the same row rights by default; running this again after migrations
 * restores the exceptions for new objects. Idempotent.
 */
export function runtimeGrantsSql(role: string, schema = 'public'): string[] {
  const r = ident(role);
  const s = ident(schema);
  return [
    `GRANT USAGE ON SCHEMA ${s} TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT USAGE, SELECT ON SEQUENCES TO ${r}`,
    `REVOKE ALL ON ${s}.audit_event FROM ${r}`,
    `GRANT SELECT, INSERT ON ${s}.audit_event TO ${r}`,
    `REVOKE ALL ON SEQUENCE ${s}.audit_event_seq_seq FROM ${r}`,
    `REVOKE ALL ON ${s}.audit_chain_head FROM ${r}`,
    `GRANT SELECT ON ${s}.audit_chain_head TO ${r}`,
    `REVOKE ALL ON ${s}.typeorm_migration FROM ${r}`,
    `GRANT SELECT ON ${s}.typeorm_migration TO ${r}`,
    `REVOKE CREATE ON SCHEMA ${s} FROM ${r}`,
  ];
}

export async function grantRuntimeRole(db: Queryable, role: string): Promise<void> {
  for (const statement of runtimeGrantsSql(role)) await db.query(statement);
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
}

/** How far the connected role exceeds the runtime role's rights on the audit trail. */
export async function auditPrivileges(db: Queryable): Promise<Privileges> {
  const [row] = (await db.query(`
    SELECT current_user AS role, r.rolsuper AS superuser, r.rolbypassrls OR r.rolreplication AS replication,
           pg_has_role(current_user, c.relowner, 'USAGE') AS owner,
           array_remove(ARRAY[
             CASE WHEN has_table_privilege(c.oid, 'UPDATE') THEN 'UPDATE' END,
             CASE WHEN has_table_privilege(c.oid, 'DELETE') THEN 'DELETE' END,
             CASE WHEN has_table_privilege(c.oid, 'TRUNCATE') THEN 'TRUNCATE' END,
             CASE WHEN has_table_privilege(c.oid, 'TRIGGER') THEN 'TRIGGER' END], NULL) AS excess
      FROM pg_roles r, pg_class c
     WHERE r.rolname = current_user AND c.oid = 'public.audit_event'::regclass`)) as Privileges[];
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
  for (const warning of warnings) logger().warn({ role: p.role }, `SECURITY: ${warning}`);
  return warnings;
}

/** Migrations as the owner, then the runtime role's grants when it is another role. */
export async function applyRuntimeGrantsAfterMigration(
  owner: DataSource,
  runtimeUrl: string,
): Promise<boolean> {
  const runtime = urlUser(runtimeUrl);
  const [{ role }] = await owner.query<{ role: string }[]>('SELECT current_user AS role');
  if (!runtime || runtime === role) return false;
  await grantRuntimeRole(owner, runtime);
  return true;
}
