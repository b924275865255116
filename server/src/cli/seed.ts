import type { DataSource, EntityManager } from 'typeorm';
import type { FieldEncryption } from '../encryption/field-encryption.js';
import { hashPassword } from '../auth/password.js';
import {
  CASE_COLUMNS,
  CLIENT_COLUMNS,
  DEADLINE_COLUMNS,
  NOTE_COLUMNS,
  TASK_COLUMNS,
  generate,
  insertRows,
  type StaffMember,
} from './case-generator.js';
import { DEMO_PASSWORD, seedAccounts } from './demo.js';
import { random } from './people.js';
import { transaction } from '../database/transaction.js';

export interface SeedOptions {
  cases: number;
  crypto: FieldEncryption;
  log: (line: string) => void;
  /** PRNG seed: the same seed on an empty database gives the same data. */
  seed?: number;
  /** Add seed offices and caseworkers so that caseloads stay realistic (≈ 500 cases each). */
  extraStaff?: boolean;
}

const BATCH = 2000;
const CASES_PER_CASEWORKER = 500;

/** Extra offices with a supervisor and eight caseworkers each, for large seeds. */
async function seedStaff(manager: EntityManager, cases: number): Promise<void> {
  const caseworkers = Math.ceil(cases / CASES_PER_CASEWORKER);
  const offices = Math.max(0, Math.ceil(caseworkers / 8) - 1);
  if (offices === 0) return;
  const hash = await hashPassword(DEMO_PASSWORD);
  const countries = ['GE', 'KZ', 'AM', 'DE', 'PL', 'FR', 'RS', 'TR', 'FI', 'EE', 'LV', 'IL'];
  for (let i = 1; i <= offices; i++) {
    const name = `Field office ${String(i).padStart(2, '0')}`;
    const [team] = await manager.query<{ id: string }[]>(
      `INSERT INTO team (name, country) VALUES ($1, $2)
       ON CONFLICT ON CONSTRAINT team_name_key DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [name, countries[i % countries.length]],
    );
    const rows: unknown[][] = [
      [`supervisor.field${i}@haven.local`, `Field supervisor ${i}`, hash, 'supervisor', team.id],
    ];
    for (let j = 1; j <= 8; j++)
      rows.push([
        `caseworker${j}.field${i}@haven.local`,
        `Field caseworker ${i}.${j}`,
        hash,
        'caseworker',
        team.id,
      ]);
    for (const row of rows) {
      await manager.query(
        `INSERT INTO app_user (email, full_name, password_hash, role, team_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ON CONSTRAINT app_user_email_key DO NOTHING`,
        row,
      );
    }
  }
}

/** Reserves `count` consecutive numbers of a reference counter and returns the first. */
async function reserve(
  manager: EntityManager,
  prefix: string,
  year: number,
  count: number,
): Promise<number> {
  const [row] = await manager.query<{ last: number }[]>(
    `INSERT INTO reference_counter (prefix, year, last) VALUES ($1, $2, $3)
     ON CONFLICT ON CONSTRAINT reference_counter_pkey DO UPDATE SET last = reference_counter.last + $3
     RETURNING last`,
    [prefix, year, count],
  );
  return row.last - count + 1;
}

/** Inserts generated clients and cases in batches, each batch in its own transaction. */
export async function seedCases(dataSource: DataSource, options: SeedOptions): Promise<void> {
  const started = Date.now();
  const rand = random(options.seed ?? Date.now());
  const today = new Date().toISOString().slice(0, 10);
  const staff = await dataSource.query<{ id: string; team_id: string }[]>(
    `SELECT id, team_id FROM app_user WHERE role = 'caseworker' AND active AND team_id IS NOT NULL ORDER BY email`,
  );
  if (staff.length === 0) throw new Error('no active caseworkers to assign cases to');
  const caseworkers: StaffMember[] = staff.map((s) => ({ id: s.id, teamId: s.team_id }));
  const teams = [...new Set(caseworkers.map((c) => c.teamId))];
  let made = 0;
  while (made < options.cases) {
    const size = Math.min(BATCH, options.cases - made);
    const placeholders: { prefix: 'CL' | 'HV'; year: number }[] = [];
    const reference = (prefix: 'CL' | 'HV', year: number) => {
      placeholders.push({ prefix, year });
      return `#${placeholders.length - 1}`;
    };
    const clients: unknown[][] = [];
    const cases: unknown[][] = [];
    const deadlines: unknown[][] = [];
    const notes: unknown[][] = [];
    const tasks: unknown[][] = [];
    for (let i = 0; i < size; i++) {
      const rows = generate(rand, { caseworkers, teams }, reference, options.crypto, today);
      clients.push(...rows.clients);
      cases.push(...rows.cases);
      deadlines.push(...rows.deadlines);
      notes.push(...rows.notes);
      tasks.push(...rows.tasks);
    }
    await transaction(dataSource, async (manager) => {
      // Turn placeholders into real references from ranges reserved per prefix and year.
      const next = new Map<string, number>();
      const counts = new Map<string, number>();
      for (const p of placeholders)
        counts.set(`${p.prefix}|${p.year}`, (counts.get(`${p.prefix}|${p.year}`) ?? 0) + 1);
      for (const [key, count] of counts) {
        const [prefix, year] = key.split('|');
        next.set(key, await reserve(manager, prefix, Number(year), count));
      }
      const resolve = (row: unknown[]) => {
        const p = placeholders[Number(String(row[1]).slice(1))];
        const key = `${p.prefix}|${p.year}`;
        const n = next.get(key)!;
        next.set(key, n + 1);
        row[1] = `${p.prefix}-${p.year}-${String(n).padStart(5, '0')}`;
      };
      clients.forEach(resolve);
      cases.forEach(resolve);
      await insertRows(manager, 'client', CLIENT_COLUMNS, clients, {
        languages: '::varchar[]',
        documents: '::jsonb',
        consent: '::jsonb',
      });
      await insertRows(manager, 'legal_case', CASE_COLUMNS, cases, {
        grounds: '::varchar[]',
        case_type: '::case_type',
        stage: '::case_stage',
        outcome: '::case_outcome',
        priority: '::case_priority',
        military_status: '::case_military_status',
        summons_kind: '::case_summons_kind',
      });
      // Bulk path: the per-row trigger that maintains next_deadline_on is paused for this batch
      // (inside its transaction) and the same value is set for the batch in one statement. Only the
      // table's owner may pause a trigger: the runtime role (npm start's demo) takes the per-row path.
      const [{ owner }] = await manager.query<{ owner: boolean }[]>(
        `SELECT pg_has_role(current_user, relowner, 'USAGE') AS owner FROM pg_class WHERE oid = 'deadline'::regclass`,
      );
      if (owner) await manager.query('ALTER TABLE deadline DISABLE TRIGGER deadline_refresh_case');
      await insertRows(manager, 'deadline', DEADLINE_COLUMNS, deadlines, {
        kind: '::deadline_kind',
        source: '::deadline_source',
        status: '::deadline_status',
      });
      if (owner) await manager.query('ALTER TABLE deadline ENABLE TRIGGER deadline_refresh_case');
      await manager.query(
        `UPDATE legal_case c SET next_deadline_on = d.first
           FROM (SELECT case_id, min(due_on) AS first FROM deadline WHERE case_id = ANY($1::uuid[]) AND status = 'open' GROUP BY case_id) d
          WHERE c.id = d.case_id`,
        [cases.map((c) => c[0])],
      );
      await insertRows(manager, 'task', TASK_COLUMNS, tasks, {
        status: '::task_status',
        priority: '::task_priority',
      });
      await insertRows(manager, 'note', NOTE_COLUMNS, notes, {
        ground: '::claim_ground',
        strength: '::note_strength',
        status: '::note_status',
      });
      await manager.query(
        `INSERT INTO audit_event (actor_id, action, entity_type, entity_id, team_id, summary, at)
         SELECT coalesce(assigned_to_id, NULL), 'create', 'case', id, team_id, 'opened case ' || reference, created_at
           FROM legal_case WHERE id = ANY($1::uuid[]) ORDER BY created_at`,
        [cases.map((c) => c[0])],
      );
    });
    made += size;
    if (options.cases >= 10_000 && (made % 10_000 === 0 || made === options.cases)) {
      options.log(
        `  ${made} / ${options.cases} clients with their cases (${((Date.now() - started) / 1000).toFixed(0)} s)`,
      );
    }
  }
}

/**
 * Fills the database for demos and benchmarks: the demo teams and accounts (if missing), extra
 * offices for large seeds, then `cases` fictional clients with their cases and audit events.
 */
export async function seed(dataSource: DataSource, options: SeedOptions): Promise<void> {
  const started = Date.now();
  await transaction(dataSource, async (manager) => {
    await seedAccounts(manager);
    if (options.extraStaff ?? true) await seedStaff(manager, options.cases);
  });
  await seedCases(dataSource, options);
  const [size] = await dataSource.query<{ size: string; cases: number }[]>(
    `SELECT pg_size_pretty(pg_database_size(current_database())) AS size, (SELECT count(*)::int FROM legal_case) AS cases`,
  );
  options.log(
    `Seeded ${options.cases} clients with their cases in ${((Date.now() - started) / 1000).toFixed(1)} s; the database now holds ${size.cases} cases (${size.size}).`,
  );
}
