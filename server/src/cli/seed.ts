import { backfillConsentHistory } from '../consent/consent.history.js';
import { DOCUMENT_COLUMNS } from './document-rows.js';
import { sql } from 'kysely';
import type { DataSource, EntityManager } from 'typeorm';
import { db, exec, first, rows } from '../database/sql.js';
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
  type ShowcaseCase,
} from './case-generator.js';
import { DEMO_PASSWORD, seedAccounts, upsertTeam } from './demo.js';
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
  /** Cases generated first, as described (the demo's tour of every host country). */
  showcase?: ShowcaseCase[];
  /** Metadata-only document rows at an NGO's rate (default on; the demo files real ones instead). */
  documentRows?: boolean;
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
    const team = (await first(manager, upsertTeam(name, countries[i % countries.length])))!;
    const people: { email: string; full_name: string; role: 'supervisor' | 'caseworker' }[] = [
      {
        email: `supervisor.field${i}@haven.local`,
        full_name: `Field supervisor ${i}`,
        role: 'supervisor',
      },
    ];
    for (let j = 1; j <= 8; j++)
      people.push({
        email: `caseworker${j}.field${i}@haven.local`,
        full_name: `Field caseworker ${i}.${j}`,
        role: 'caseworker',
      });
    for (const person of people) {
      await exec(
        manager,
        db
          .insertInto('app_user')
          .values({ ...person, password_hash: hash, team_id: team.id })
          .onConflict((oc) => oc.constraint('app_user_email_key').doNothing()),
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
  const row = await first(
    manager,
    db
      .insertInto('reference_counter')
      .values({ prefix, year, last: count })
      .onConflict((oc) =>
        oc
          .constraint('reference_counter_pkey')
          .doUpdateSet((eb) => ({ last: eb('reference_counter.last', '+', count) })),
      )
      .returning('last'),
  );
  return row!.last - count + 1;
}

/** Inserts generated clients and cases in batches, each batch in its own transaction. */
export async function seedCases(dataSource: DataSource, options: SeedOptions): Promise<void> {
  const started = Date.now();
  const rand = random(options.seed ?? Date.now());
  const documentRand =
    options.documentRows === false ? undefined : random((options.seed ?? Date.now()) ^ 0x5eed);
  const today = new Date().toISOString().slice(0, 10);
  const staff = await rows(
    dataSource,
    db
      .selectFrom('app_user')
      .select(['id', 'team_id'])
      .where('role', '=', 'caseworker')
      .where('active', '=', true)
      .where('team_id', 'is not', null)
      .$narrowType<{ team_id: string }>()
      .orderBy('email'),
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
    const documents: unknown[][] = [];
    for (let i = 0; i < size; i++) {
      const rows = generate(
        rand,
        { caseworkers, teams },
        reference,
        options.crypto,
        today,
        options.showcase?.[made + i],
        documentRand,
      );
      clients.push(...rows.clients);
      cases.push(...rows.cases);
      deadlines.push(...rows.deadlines);
      notes.push(...rows.notes);
      tasks.push(...rows.tasks);
      documents.push(...rows.documents);
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
        consent: '::jsonb',
        stays: '::jsonb',
      });
      await insertRows(manager, 'legal_case', CASE_COLUMNS, cases, {
        grounds: '::varchar[]',
        case_type: '::case_type',
        stage: '::case_stage',
        outcome: '::case_outcome',
        priority: '::case_priority',
        military_status: '::case_military_status',
        summons_kind: '::case_summons_kind',
        procedure_track: '::case_procedure_track',
        service_method: '::case_service_method',
      });
      // Bulk path: the per-row trigger that maintains next_deadline_on is paused for this batch
      // (inside its transaction) and the same value is set for the batch in one statement. Only the
      // table's owner may pause a trigger: the runtime role (npm start's demo) takes the per-row path.
      const owner = await first(
        manager,
        sql<{
          owner: boolean;
        }>`SELECT pg_has_role(current_user, relowner, 'USAGE') AS owner FROM pg_class WHERE oid = 'deadline'::regclass`,
      );
      // DDL: unnamed, not prepared.
      const trigger = (action: 'DISABLE' | 'ENABLE') =>
        exec(manager, sql`ALTER TABLE deadline ${sql.raw(action)} TRIGGER deadline_refresh_case`, {
          plan: 'unnamed',
        });
      if (owner?.owner) await trigger('DISABLE');
      await insertRows(manager, 'deadline', DEADLINE_COLUMNS, deadlines, {
        kind: '::deadline_kind',
        source: '::deadline_source',
        status: '::deadline_status',
      });
      if (owner?.owner) await trigger('ENABLE');
      const caseIds = cases.map((c) => c[0] as string);
      await exec(
        manager,
        db
          .updateTable('legal_case as c')
          .from(
            db
              .selectFrom('deadline')
              .select(['case_id', (eb) => eb.fn.min('due_on').as('first')])
              .where('case_id', '=', (eb) => eb.fn.any(eb.val(caseIds)))
              .where('status', '=', 'open')
              .groupBy('case_id')
              .as('d'),
          )
          .set((eb) => ({ next_deadline_on: eb.ref('d.first') }))
          .whereRef('c.id', '=', 'd.case_id'),
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
      await insertRows(manager, 'document', DOCUMENT_COLUMNS, documents, {
        kind: '::document_kind',
      });
      await exec(
        manager,
        db
          .insertInto('audit_event')
          .columns(['actor_id', 'action', 'entity_type', 'entity_id', 'team_id', 'summary', 'at'])
          .expression(
            db
              .selectFrom('legal_case')
              .select([
                'assigned_to_id',
                sql.lit('create').as('action'),
                sql.lit('case').as('entity_type'),
                'id',
                'team_id',
                sql<string>`'opened case ' || reference`.as('summary'),
                'created_at',
              ])
              .where('id', '=', (eb) => eb.fn.any(eb.val(caseIds)))
              .orderBy('created_at'),
          ),
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
  // Each seeded client's consent as its history (one "given" event per scope), as the migration
  // did for clients before consent became a history: withdrawing one then works as for any other.
  await backfillConsentHistory(dataSource);
  const size = (await first(
    dataSource,
    db.selectNoFrom([
      sql<string>`pg_size_pretty(pg_database_size(current_database()))`.as('size'),
      sql<number>`(SELECT count(*)::int FROM legal_case)`.as('cases'),
    ]),
  ))!;
  options.log(
    `Seeded ${options.cases} clients with their cases in ${((Date.now() - started) / 1000).toFixed(1)} s; the database now holds ${size.cases} cases (${size.size}).`,
  );
}
