import { seedDemoDocuments } from './demo-documents.js';
import { seedRetentionDemo } from '../retention/demo-retention.js';
import { seedDemoDataProtection } from '../data-requests/demo-data-protection.js';
import type { Role } from '@haven/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { db, exec, first, rows } from '../database/sql.js';
import { fieldContext } from '../encryption/field-encryption.js';
import type { ShowcaseCase } from './case-generator.js';
import { hashPassword } from '../auth/password.js';
import type { FieldEncryption } from '../encryption/field-encryption.js';
import { runRuleJobs } from '../deadlines/recheck.js';
import { seedCases } from './seed.js';
import { transaction } from '../database/transaction.js';

export const DEMO_PASSWORD = 'haven-demo';

interface DemoTeam {
  key: string;
  name: string;
  country: string;
}

interface DemoAccount {
  email: string;
  fullName: string;
  role: Role;
  team: string | null;
  locale: 'en' | 'ru';
}

export const DEMO_TEAMS: DemoTeam[] = [
  { key: 'tbilisi', name: 'Tbilisi office', country: 'GE' },
  { key: 'almaty', name: 'Almaty office', country: 'KZ' },
  { key: 'berlin', name: 'Berlin office', country: 'DE' },
];

/** The contract's five demo accounts first; further staff make the other teams real. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@haven.local', fullName: 'Maria Keller', role: 'admin', team: null, locale: 'en' },
  {
    email: 'supervisor@haven.local',
    fullName: 'Nino Beridze',
    role: 'supervisor',
    team: 'tbilisi',
    locale: 'en',
  },
  {
    email: 'caseworker@haven.local',
    fullName: 'Anna Volkova',
    role: 'caseworker',
    team: 'tbilisi',
    locale: 'en',
  },
  {
    email: 'caseworker2@haven.local',
    fullName: 'Giorgi Tsiklauri',
    role: 'caseworker',
    team: 'tbilisi',
    locale: 'en',
  },
  {
    email: 'analyst@haven.local',
    fullName: 'Jonas Berg',
    role: 'analyst',
    team: null,
    locale: 'en',
  },
];

const MORE_STAFF: DemoAccount[] = [
  {
    email: 'supervisor.almaty@haven.local',
    fullName: 'Aigerim Sadykova',
    role: 'supervisor',
    team: 'almaty',
    locale: 'ru',
  },
  {
    email: 'caseworker.almaty@haven.local',
    fullName: 'Timur Akhmetov',
    role: 'caseworker',
    team: 'almaty',
    locale: 'ru',
  },
  {
    email: 'caseworker2.almaty@haven.local',
    fullName: 'Elena Kim',
    role: 'caseworker',
    team: 'almaty',
    locale: 'ru',
  },
  {
    email: 'supervisor.berlin@haven.local',
    fullName: 'Katrin Weber',
    role: 'supervisor',
    team: 'berlin',
    locale: 'en',
  },
  {
    email: 'caseworker.berlin@haven.local',
    fullName: 'Yonas Tesfaye',
    role: 'caseworker',
    team: 'berlin',
    locale: 'en',
  },
  {
    email: 'former.caseworker@haven.local',
    fullName: 'Pavel Orlov',
    role: 'caseworker',
    team: 'tbilisi',
    locale: 'ru',
  },
];

export async function isEmpty(dataSource: DataSource): Promise<boolean> {
  const someone = await first(dataSource, db.selectFrom('app_user').select('id').limit(1));
  return someone === undefined;
}

/** A team by name, created when missing: its id. */
export const upsertTeam = (name: string, country: string) =>
  db
    .insertInto('team')
    .values({ name, country })
    .onConflict((oc) =>
      oc.constraint('team_name_key').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })),
    )
    .returning('id');

/** Creates the demo teams and accounts (every one with the password "haven-demo"). Returns team ids by key. */
export async function seedAccounts(manager: EntityManager): Promise<Map<string, string>> {
  const teamIds = new Map<string, string>();
  for (const team of DEMO_TEAMS) {
    const row = await first(manager, upsertTeam(team.name, team.country));
    teamIds.set(team.key, row!.id);
  }
  // One hash for all demo accounts: they share a published password anyway.
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const account of [...DEMO_ACCOUNTS, ...MORE_STAFF]) {
    await exec(
      manager,
      db
        .insertInto('app_user')
        .values({
          email: account.email,
          full_name: account.fullName,
          password_hash: hash,
          role: account.role,
          team_id: account.team ? (teamIds.get(account.team) ?? null) : null,
          locale: account.locale,
          active: !account.email.startsWith('former.'),
        })
        .onConflict((oc) => oc.constraint('app_user_email_key').doNothing()),
    );
  }
  return teamIds;
}

/** The demo data on an empty database. Later features add their records here. */
export async function seedDemo(dataSource: DataSource, crypto: FieldEncryption): Promise<void> {
  await transaction(dataSource, async (manager) => {
    await seedAccounts(manager);
  });
  // A fixed PRNG seed: every fresh demo shows the same people.
  await seedCases(dataSource, {
    cases: DEMO_CASES,
    crypto,
    seed: 20220921,
    log: () => undefined,
    showcase: await showcase(dataSource),
    documentRows: false,
  });
  await seedDemoDocuments(dataSource, crypto);
  await seedRetentionDemo(dataSource, crypto);
  // Consent as a history for every client, and a person's open request about their data.
  await seedDemoDataProtection(dataSource, crypto);
  // What the catalogue adds to the data (the end of temporary protection for every TP case) is
  // there from the first page, not a job tick later.
  await runRuleJobs(dataSource, crypto);
  await dueThisWeek(dataSource, crypto);
}

/**
 * Whatever day the demo is made, each demo caseworker's week has something in it: an open deadline
 * due within seven days, a task due this week and one overdue. The generated data has them for
 * most; the few it missed get them on their most recently opened open case.
 */
export async function dueThisWeek(dataSource: DataSource, crypto: FieldEncryption): Promise<void> {
  const workers = await rows(
    dataSource,
    sql<{
      id: string;
      teamId: string;
      caseId: string | null;
      deadlineSoon: boolean;
      taskOverdue: boolean;
      taskSoon: boolean;
    }>`SELECT u.id, u.team_id AS "teamId",
       (SELECT c.id FROM legal_case c WHERE c.assigned_to_id = u.id AND c.team_id = u.team_id AND c.stage <> 'closed'
         ORDER BY c.opened_on DESC, c.id LIMIT 1) AS "caseId",
       EXISTS (SELECT 1 FROM deadline d JOIN legal_case c ON c.id = d.case_id
                WHERE c.assigned_to_id = u.id AND c.team_id = u.team_id AND c.stage <> 'closed' AND d.status = 'open'
                  AND d.due_on BETWEEN current_date AND current_date + 7) AS "deadlineSoon",
       EXISTS (SELECT 1 FROM task t WHERE t.assignee_id = u.id AND t.team_id = u.team_id AND t.status <> 'done'
                  AND t.due_on < current_date) AS "taskOverdue",
       EXISTS (SELECT 1 FROM task t WHERE t.assignee_id = u.id AND t.team_id = u.team_id AND t.status <> 'done'
                  AND t.due_on BETWEEN current_date AND current_date + 7) AS "taskSoon"
     FROM app_user u WHERE u.role = 'caseworker' AND u.active AND u.team_id IS NOT NULL ORDER BY u.email`,
  );
  await transaction(dataSource, async (manager) => {
    for (const worker of workers) {
      if (!worker.caseId) continue;
      if (!worker.deadlineSoon) {
        const id = randomUUID();
        await exec(
          manager,
          db.insertInto('deadline').values({
            id,
            case_id: worker.caseId,
            kind: 'submission',
            title: crypto.encrypt(
              'Send the supporting documents',
              fieldContext('deadline', 'title', id),
            )!,
            due_on: sql<Date>`current_date + 3`,
            source: 'manual',
            status: 'open',
          }),
        );
      }
      const task = async (title: string, dueInDays: number) => {
        const id = randomUUID();
        await exec(
          manager,
          db.insertInto('task').values({
            id,
            case_id: worker.caseId,
            team_id: worker.teamId,
            title: crypto.encrypt(title, fieldContext('task', 'title', id))!,
            status: 'open',
            priority: 'normal',
            assignee_id: worker.id,
            due_on: sql<Date>`current_date + ${sql.lit(dueInDays)}`,
          }),
        );
      };
      if (!worker.taskOverdue) await task('Call the client back about the missing papers', -3);
      if (!worker.taskSoon) await task('Book an interpreter for the interview', 2);
    }
  });
}

/** Enough cases that each demo caseworker has a realistic handful across stages and jurisdictions. */
export const DEMO_CASES = 48;

/**
 * The demo caseworker's tour of where the NGO works: a Russian client's stay and procedure in every
 * host country, a decision in each kind of track (so the stay panel, the deemed service date and the
 * one appeal rule per track all show real dates relative to today), and a Ukrainian under EU
 * temporary protection.
 */
async function showcase(dataSource: DataSource): Promise<ShowcaseCase[]> {
  const worker = await first(
    dataSource,
    db
      .selectFrom('app_user')
      .select(['id', 'team_id'])
      .where('email', '=', 'caseworker@haven.local')
      .where('team_id', 'is not', null)
      .$narrowType<{ team_id: string }>(),
  );
  if (!worker) return [];
  const assignTo = { id: worker.id, teamId: worker.team_id };
  const RU = 0;
  const UA = 2;
  return [
    {
      pool: RU,
      jurisdiction: 'GE',
      stage: 'decision',
      outcome: 'rejected',
      track: 'regular',
      assignTo,
    },
    { pool: RU, jurisdiction: 'GE', stage: 'decision', outcome: 'inadmissible', assignTo },
    { pool: RU, jurisdiction: 'KZ', stage: 'intake', caseType: 'asylum', assignTo },
    { pool: UA, jurisdiction: 'KZ', stage: 'assessment', caseType: 'stay_extension', assignTo },
    { pool: RU, jurisdiction: 'AM', stage: 'assessment', caseType: 'residence_permit', assignTo },
    {
      pool: RU,
      jurisdiction: 'TR',
      stage: 'decision',
      outcome: 'rejected',
      track: 'regular',
      assignTo,
    },
    {
      pool: RU,
      jurisdiction: 'RS',
      stage: 'decision',
      outcome: 'rejected',
      track: 'accelerated',
      assignTo,
    },
    { pool: RU, jurisdiction: 'KG', stage: 'intake', caseType: 'stay_extension', assignTo },
    { pool: RU, jurisdiction: 'MN', stage: 'intake', caseType: 'stay_extension', assignTo },
    {
      pool: RU,
      jurisdiction: 'NL',
      stage: 'decision',
      outcome: 'rejected',
      track: 'accelerated',
      assignTo,
    },
    {
      pool: RU,
      jurisdiction: 'DE',
      stage: 'decision',
      outcome: 'rejected_manifestly_unfounded',
      assignTo,
    },
    { pool: RU, jurisdiction: 'DE', stage: 'decision', outcome: null, track: 'unknown', assignTo },
    { pool: UA, jurisdiction: 'DE', stage: 'lodged', caseType: 'temporary_protection', assignTo },
  ];
}
