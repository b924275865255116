/**
 * `npm run bench [-- --cases 100000] [--duration 5]`: seeds an embedded PostgreSQL, restarts it with
 * the durability `npm start` runs with, starts the compiled Haven against it as `npm start` does (as
 * the runtime role), and drives each workload over HTTP (autocannon, 1 and 16 connections), then the
 * API's own statement directly through pg and, for lists, the bare page + count in raw SQL. Prints a
 * Markdown table and writes it with a JSON file to bench/results/ (bench/README.md explains it).
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg, { escapeLiteral } from 'pg';
import { DataSource } from 'typeorm';
import { seed } from '../src/cli/seed.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import {
  freePort,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../src/database/embedded-postgres.js';
import { migrate } from '../src/database/migrate.js';
import { FieldEncryption } from '../src/encryption/field-encryption.js';
import { countRollupChanges } from '../src/statistics/rollup.service.js';
import type { Actor } from '../src/common/actor.js';
import {
  DOCUMENT_LIST_PATH,
  bareList,
  CASE_LIST_PATH,
  CASE_LIST_PREPARATION_PATH,
  CLIENT_LIST_PATH,
  CLIENT_SEARCH_ACROSS_PATH,
  DUPLICATE_CHECK_PATH,
  explainedQueries,
  intakeRequestBody,
  sqlWorkloads,
  type Fixture,
} from './workloads.js';

const root = new URL('../../../../', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '5' },
    // Keep the seeded cluster in this directory and reuse it on the next run (seeding only when it
    // holds fewer cases than asked): for working on one query without reseeding each time.
    'data-dir': { type: 'string' },
    // Run only the workloads whose name contains this text (e.g. "dashboard"; "a|b": either).
    only: { type: 'string' },
    // Seed (with --data-dir) and stop: prepares a large database once, to measure against later.
    'seed-only': { type: 'boolean', default: false },
    // Seed with fsync, synchronous_commit and full_page_writes off. Seeding only: the cluster is
    // restarted with the durable settings before anything is measured.
    fast: { type: 'boolean', default: false },
  },
});
const CASES = Number(values.cases);
const DURATION = Number(values.duration);
const ONLY = values.only?.toLowerCase();
const selected = (name: string) =>
  ONLY === undefined || ONLY.split('|').some((part) => name.toLowerCase().includes(part));

interface Measure {
  rps: number;
  p50: number;
  p95: number;
  p975: number;
  p99: number;
  requests: number;
  errors: number;
  /** CPU per request, ms (`CpuMeter`): the server, PostgreSQL, and the load generator. */
  cpu?: { server: number; database: number; load: number };
}

/**
 * The issue's budget for every role's list, at 100 000 cases: at 16 connections the API serves at
 * least half the requests/s of the bare page + count in raw SQL, and at 1 and 16 its p97.5 is under
 * 50 ms.
 */
const LIST_BUDGET = { p975: 50, bareRatio: 0.5 } as const;

/** A read workload: its HTTP requests, the API's own statement and, for a list, its bare SQL. */
interface Read {
  name: string;
  token: string;
  requests: { path: string }[];
  sql: () => Promise<unknown>;
  /** A list's bare page + count (workloads.ts, `bareList`); lists are held to LIST_BUDGET. */
  bare?: () => Promise<unknown>;
  /** p95 budget, ms (a list's is LIST_BUDGET's p97.5). */
  budget: number;
  snapshot?: boolean;
}

interface Row {
  workload: string;
  connections: number;
  api: Measure;
  rssMb: number;
  sql: Measure | null;
  ratio: number | null;
  bare: Measure | null;
  ratioBare: number | null;
  list: boolean;
  budget: string;
  ok: boolean;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarise(latencies: number[], seconds: number, errors: number): Measure {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    rps: round(latencies.length / seconds),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p975: round(percentile(sorted, 97.5)),
    p99: round(percentile(sorted, 99)),
    requests: latencies.length,
    errors,
  };
}

/**
 * Each run first drives the same load for WARMUP seconds, unrecorded: the pool's new connections
 * prepare their statements and V8 compiles the hot paths then, not inside a five-second sample.
 * (For intake the warm-up writes too: a second's more cases before the sample.)
 */
const WARMUP = 1;

/**
 * CPU time used so far (ms) by the server, by PostgreSQL (the postmaster, its live processes and
 * those it has reaped) and by this process (autocannon and the pg pools). On a machine whose cores
 * the three share, req/s and latency move with everything else running; the CPU a request costs
 * each of them does not, and says where a list's time goes (and how many requests the cores could
 * serve at most). Linux only: elsewhere the figures are left out.
 */
class CpuMeter {
  private static readonly TICK_MS = 10; // USER_HZ = 100 on every Linux this runs on

  constructor(
    private readonly serverPid: number,
    private readonly postmasterPid: number,
  ) {}

  /** utime+stime (+ reaped children's) of /proc/<pid>/stat, and its parent's pid. */
  private static stat(pid: number): { ticks: number; reaped: number; ppid: number } | null {
    try {
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // After the command name (in parentheses, may hold spaces): state, ppid, … utime is the 14th
      // field of the line, the 12th after the name.
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      return {
        ticks: Number(f[11]) + Number(f[12]),
        reaped: Number(f[13]) + Number(f[14]),
        ppid: Number(f[1]),
      };
    } catch {
      return null;
    }
  }

  snapshot(): { server: number; database: number; load: number } | null {
    const server = CpuMeter.stat(this.serverPid);
    const postmaster = CpuMeter.stat(this.postmasterPid);
    if (!server || !postmaster) return null;
    let database = postmaster.ticks + postmaster.reaped;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const child = CpuMeter.stat(Number(entry));
      if (child?.ppid === this.postmasterPid) database += child.ticks;
    }
    const own = process.cpuUsage();
    return {
      server: server.ticks * CpuMeter.TICK_MS,
      database: database * CpuMeter.TICK_MS,
      load: (own.user + own.system) / 1000,
    };
  }
}

let cpuMeter: CpuMeter | null = null;

/** HTTP load with autocannon; latencies taken per response for exact percentiles. */
async function http(
  url: string,
  token: string,
  connections: number,
  requests: { method?: string; path: string; body?: string }[],
): Promise<Measure> {
  const latencies: number[] = [];
  let errors = 0;
  let cpuAtStart: ReturnType<CpuMeter['snapshot']> = null;
  const instance = autocannon({
    url,
    connections,
    duration: DURATION,
    warmup: { connections, duration: WARMUP },
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: requests.map((r) => ({
      method: (r.method ?? 'GET') as 'GET',
      path: r.path,
      body: r.body,
    })),
  });
  // The recorded run's own start: the warm-up runs on a tracker of its own before it.
  instance.on('start', () => {
    cpuAtStart = cpuMeter?.snapshot() ?? null;
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, time: number) => {
    if (status >= 400) errors++;
    latencies.push(time);
  });
  await instance;
  const cpuAtEnd = cpuAtStart ? cpuMeter?.snapshot() : null;
  const measure = summarise(latencies, DURATION, errors);
  if (cpuAtStart && cpuAtEnd && latencies.length > 0) {
    const per = (key: 'server' | 'database' | 'load') =>
      Math.round(((cpuAtEnd[key] - cpuAtStart![key]) / latencies.length) * 100) / 100;
    measure.cpu = { server: per('server'), database: per('database'), load: per('load') };
  }
  return measure;
}

/** Queries straight through pg, at the same concurrency, for the same time. */
async function sql(connections: number, run: () => Promise<unknown>): Promise<Measure> {
  const warm = Date.now() + WARMUP * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < warm) await run();
    }),
  );
  const latencies: number[] = [];
  const end = Date.now() + DURATION * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const started = performance.now();
        await run();
        latencies.push(performance.now() - started);
      }
    }),
  );
  return summarise(latencies, DURATION, 0);
}

/**
 * How fast this machine is right now: SHA-256 over 1 MB buffers for one second on one core, in MB/s.
 * Taken before and after the workloads: a shared virtual machine's speed drifts over minutes, and
 * the raw-SQL columns move with it; this says by how much.
 */
function calibrate(): number {
  const buffer = randomBytes(1 << 20);
  const end = performance.now() + 1000;
  let megabytes = 0;
  while (performance.now() < end) {
    createHash('sha256').update(buffer).digest();
    megabytes++;
  }
  return megabytes;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of a statement the API runs, in a transaction rolled back (its audit
 * insert leaves nothing). One the API runs with its generic plan is explained as such: prepared
 * under force_generic_plan and executed.
 */
async function explain(
  dataSource: DataSource,
  query: { sql: string; params: unknown[]; generic?: boolean },
): Promise<{ 'QUERY PLAN': string }[]> {
  const runner = dataSource.createQueryRunner();
  await runner.startTransaction();
  try {
    if (!query.generic)
      return await runner.query(
        `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) ${query.sql}`,
        query.params,
      );
    const { sql, params } = query;
    await runner.query('SET LOCAL plan_cache_mode = force_generic_plan');
    await runner.query(`PREPARE bench_explained AS ${sql}`);
    // EXECUTE takes no bound parameters: its arguments are written as literals (typed by the statement).
    const literal = (value: unknown): string => {
      if (value === null || value === undefined) return 'NULL';
      const text = Array.isArray(value)
        ? `{${value.map((e) => `"${String(e).replace(/["\\]/g, '\\$&')}"`).join(',')}}`
        : value instanceof Date
          ? value.toISOString()
          : typeof value === 'string'
            ? value
            : JSON.stringify(value);
      return escapeLiteral(text);
    };
    const rows = await runner.query(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) EXECUTE bench_explained(${params.map(literal).join(', ')})`,
    );
    await runner.query('DEALLOCATE bench_explained');
    return rows as { 'QUERY PLAN': string }[];
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

/**
 * The list budget's verdict per list workload: both connection counts within LIST_BUDGET, with the
 * figures it was judged on (16 connections: API and bare req/s, their ratio, p97.5).
 */
/** `Measure.cpu` as a table cell: server · PostgreSQL · load generator, ms a request. */
const cpuCell = (measure: Measure | undefined) =>
  measure?.cpu
    ? `${measure.cpu.server.toFixed(2)} · ${measure.cpu.database.toFixed(2)} · ${measure.cpu.load.toFixed(2)}`
    : '—';

function listVerdicts(rows: Row[]): string[] {
  const lists = [...new Set(rows.filter((r) => r.list).map((r) => r.workload))];
  if (lists.length === 0) return [];
  return [
    `## List budget: API ≥ ${LIST_BUDGET.bareRatio} × bare req/s at 16 connections, p97.5 < ${LIST_BUDGET.p975} ms`,
    '',
    '| list | API req/s (16) | bare req/s (16) | API÷bare | p97.5 at 1 / 16 | CPU ms a request at 16: server · db · load | verdict |',
    '| --- | --: | --: | --: | --: | --: | :-: |',
    ...lists.map((name) => {
      const one = rows.find((r) => r.workload === name && r.connections === 1);
      const sixteen = rows.find((r) => r.workload === name && r.connections === 16);
      const met = one?.ok === true && sixteen?.ok === true;
      return `| ${name} | ${sixteen?.api.rps ?? '—'} | ${sixteen?.bare?.rps ?? '—'} | ${sixteen?.ratioBare?.toFixed(2) ?? '—'} | ${one?.api.p975 ?? '—'} / ${sixteen?.api.p975 ?? '—'} | ${cpuCell(sixteen?.api)} | ${met ? 'met' : 'missed'} |`;
    }),
    '',
  ];
}

async function timed(times: number, run: () => Promise<unknown>): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    result.push(Math.round(performance.now() - started));
  }
  return result;
}

/**
 * The settings that make a committed change survive a crash, as `npm start` runs them (PostgreSQL's
 * defaults: embedded-postgres.ts turns them off only for `fast` clusters). Nothing is measured
 * unless the runtime role's sessions see every one of them on.
 */
const DURABLE = ['fsync', 'synchronous_commit', 'full_page_writes'] as const;
type Durability = Record<(typeof DURABLE)[number], string>;

async function durability(url: string): Promise<Durability> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const settings: Partial<Durability> = {};
    for (const name of DURABLE) {
      const { rows } = await client.query<Record<string, string>>(`SHOW ${name}`);
      settings[name] = rows[0][name];
    }
    return settings as Durability;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const keep = values['data-dir'];
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'haven-bench-'));
  // Persistent either way (a throwaway dir is removed at the end): the cluster is stopped and
  // started again between seeding and measuring.
  let database: EmbeddedDatabase | null = await startEmbeddedPostgres({
    dataDir: dir,
    persistent: true,
    fast: values.fast,
  });
  // A kept cluster keeps its encryption key and secret beside it, so its encrypted columns stay
  // readable and its audit chain keeps one key.
  const keyFile = join(dir, 'bench-key');
  const key = keep !== undefined && existsSync(keyFile) ? readFileSync(keyFile) : randomBytes(32);
  if (keep !== undefined) writeFileSync(keyFile, key, { mode: 0o600 });
  const secretFile = join(dir, 'bench-secret');
  const secret =
    keep !== undefined && existsSync(secretFile)
      ? readFileSync(secretFile, 'utf8')
      : randomBytes(32).toString('hex');
  if (keep !== undefined) writeFileSync(secretFile, secret, { mode: 0o600 });
  let server: ChildProcess | null = null;
  let measuring: DataSource | null = null;
  let barePool: pg.Pool | null = null;
  try {
    const crypto = FieldEncryption.fromConfig({
      encryptionKeys: new Map([['k1', key]]),
      currentKeyId: 'k1',
      secret,
    });
    let seedSeconds = 0;
    // The statistics rollup's first count (a fresh seed's cases, or the migration's backlog on a kept
    // cluster): what the background job does once after deploying, timed here so the exports
    // measure the rollup caught up (docs/decisions/0015).
    let rollupCount: { changes: number; cells: number; seconds: number } | null = null;
    const seeding = new DataSource(dataSourceOptions(database.url, 20, { secret }));
    await seeding.initialize();
    try {
      await migrate(seeding);
      const seedStarted = Date.now();
      const [{ held }] = await seeding.query<{ held: number }[]>(
        'SELECT count(*)::int AS held FROM legal_case',
      );
      if (held < CASES) {
        await seed(seeding, { cases: CASES, crypto, seed: 1, log: (line) => console.log(line) });
        seedSeconds = (Date.now() - seedStarted) / 1000;
        await seeding.query('VACUUM ANALYZE');
        // Write the seed's dirty pages out now: otherwise the checkpointer spreads them over the
        // next minutes (checkpoint_completion_target) and the first workloads measure it.
        await seeding.query('CHECKPOINT');
      } else {
        console.log(`Reusing the ${held} cases already seeded in ${dir}.`);
      }
      const countStarted = Date.now();
      const counted = await countRollupChanges(seeding);
      rollupCount = { ...counted, seconds: (Date.now() - countStarted) / 1000 };
      if (counted.changes > 0) {
        console.log(
          `Statistics rollup: ${counted.changes} changes counted into ${counted.cells} cells in ${rollupCount.seconds.toFixed(1)} s.`,
        );
        await seeding.query('VACUUM ANALYZE stats_rollup, stats_rollup_delta');
        await seeding.query('CHECKPOINT');
      }
    } finally {
      await seeding.destroy();
    }
    if (values['seed-only']) return;
    if (values.fast) {
      const fastCluster = database;
      database = null;
      await fastCluster.stop();
      database = await startEmbeddedPostgres({ dataDir: dir, persistent: true });
    }
    const settings = await durability(database.appUrl);
    const lax = DURABLE.filter((name) => settings[name] !== 'on');
    if (lax.length > 0)
      throw new Error(`Refusing to measure: ${lax.map((n) => `${n}=${settings[n]}`).join(', ')}`);
    console.log(`Measuring with ${DURABLE.map((n) => `${n}=${settings[n]}`).join(', ')}.`);
    const dataSource = new DataSource(dataSourceOptions(database.url, 20, { secret }));
    measuring = dataSource;
    await dataSource.initialize();
    const bare = new pg.Pool({ connectionString: database.url, max: 20 });
    // The cluster stopping under an idle connection (the end of a run) must not end the process
    // before it exits on its own, results written.
    bare.on('error', () => undefined);
    barePool = bare;
    const [{ size }] = await dataSource.query<{ size: string }[]>(
      'SELECT pg_size_pretty(pg_database_size(current_database())) AS size',
    );

    const port = await freePort();
    // As `npm start` runs it: as the runtime role, migrations (none pending) as the owner.
    // One user drives the duplicate check for seconds on end: its per-user limit is lifted (the check
    // still takes its lock and counts the user's recent checks, as it does under any limit).
    server = spawn(
      process.execPath,
      ['--max-old-space-size=160', join(root, 'server/dist/server/src/main.js')],
      {
        env: {
          ...process.env,
          DATABASE_URL: database.appUrl,
          DATABASE_MIGRATION_URL: database.url,
          HAVEN_SECRET: secret,
          HAVEN_ENCRYPTION_KEY: key.toString('base64'),
          HAVEN_DEMO: '0',
          PORT: String(port),
          LOG_LEVEL: 'warn',
          HAVEN_JOB_INTERVAL_SECONDS: '0',
          HAVEN_DUPLICATE_CHECKS_PER_MINUTE: '1000000',
          HAVEN_MFA_REQUIRED_ROLES: 'none',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const base = `http://127.0.0.1:${port}`;
    // Its start-up work (the encryption backfill's check, generic plans) grows with the database:
    // wait up to 10 minutes, and say so plainly when it exits or never answers.
    const starting = Date.now();
    for (;;) {
      if ((await fetch(`${base}/api/health`).catch(() => null))?.ok) break;
      if (server.exitCode !== null)
        throw new Error(`the server exited (${server.exitCode}) while starting`);
      if (Date.now() - starting > 600_000)
        throw new Error('the server did not answer /api/health within 10 minutes');
      await new Promise((r) => setTimeout(r, 500));
    }
    // PostgreSQL's postmaster: the first line of its pid file, in the cluster's directory.
    const postmasterPid = Number(
      readFileSync(join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    if (process.platform === 'linux' && server.pid !== undefined && postmasterPid > 0)
      cpuMeter = new CpuMeter(server.pid, postmasterPid);
    const startSeconds = (Date.now() - starting) / 1000;
    if (startSeconds > 30) console.log(`the server took ${startSeconds.toFixed(0)} s to start`);
    let peakRss = 0;
    // The peak within the current workload too, to name the one that needs the memory.
    let workloadPeak = 0;
    const takeWorkloadPeak = () => {
      const peak = Math.round(workloadPeak / 1048576);
      workloadPeak = 0;
      return peak;
    };
    const sampler = setInterval(() => {
      try {
        const rss =
          Number(
            /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server!.pid}/status`, 'utf8'))?.[1] ?? 0,
          ) * 1024;
        peakRss = Math.max(peakRss, rss);
        workloadPeak = Math.max(workloadPeak, rss);
      } catch {
        /* the process ended */
      }
    }, 250);

    const login = async (email: string) => {
      const response = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'haven-demo' }),
      });
      return ((await response.json()) as { accessToken: string }).accessToken;
    };
    const tokens = {
      intake: await login('caseworker.almaty@haven.local'),
      caseworker: await login('caseworker@haven.local'),
      supervisor: await login('supervisor@haven.local'),
      analyst: await login('analyst@haven.local'),
      admin: await login('admin@haven.local'),
    };
    const [fixture] = await dataSource.query<Fixture[]>(
      `SELECT u.id AS "caseworkerId", u.team_id AS "teamId", (SELECT c.id FROM legal_case c WHERE c.assigned_to_id = u.id ORDER BY c.opened_on DESC LIMIT 1) AS "caseId",
              (SELECT c.reference FROM legal_case c WHERE c.assigned_to_id = u.id ORDER BY c.opened_on DESC LIMIT 1) AS "caseReference"
         FROM app_user u WHERE u.email = 'caseworker@haven.local'`,
    );
    const actorOf = async (email: string): Promise<Actor> => {
      const [user] = await dataSource.query<
        { id: string; role: Actor['role']; team_id: string | null }[]
      >('SELECT id, role, team_id FROM app_user WHERE email = $1', [email]);
      return {
        id: user.id,
        role: user.role,
        teamId: user.team_id,
        sessionId: 'bench',
        ip: '127.0.0.1',
      };
    };
    const actors = {
      caseworker: await actorOf('caseworker@haven.local'),
      supervisor: await actorOf('supervisor@haven.local'),
      admin: await actorOf('admin@haven.local'),
    };
    const raw = sqlWorkloads(dataSource, crypto, fixture);
    const plans: string[] = [];
    for (const query of explainedQueries(fixture, raw.statementOf, actors)) {
      const plan = await explain(dataSource, query);
      plans.push(`### ${query.name}`, '', '```', ...plan.map((p) => p['QUERY PLAN']), '```', '');
    }

    const cpuBefore = calibrate();
    const rows: Row[] = [];
    // Each read's "same statement" column is the statement the API runs for the same path and user
    // (workloads.ts); a list's "bare" column is its page + count in raw SQL, unscoped and unaudited.
    const read = (
      name: string,
      role: keyof typeof actors,
      paths: string[],
      budget: number,
    ): Read => ({
      name,
      token: tokens[role],
      requests: paths.map((path) => ({ path })),
      sql: raw.statements(actors[role], paths),
      budget,
    });
    const list = (name: string, role: keyof typeof actors, path: string): Read => ({
      ...read(name, role, [path], LIST_BUDGET.p975),
      bare: bareList(bare, path),
    });
    const roles = ['caseworker', 'supervisor', 'admin'] as const;
    const reads: Read[] = [
      ...roles.map((role) =>
        list(`case list, ${role} (stage=lodged, by next deadline)`, role, CASE_LIST_PATH),
      ),
      ...roles.map((role) =>
        list(
          `case list, ${role} (stage=preparation, by next deadline)`,
          role,
          CASE_LIST_PREPARATION_PATH,
        ),
      ),
      ...roles.map((role) => list(`client list, ${role} (by family name)`, role, CLIENT_LIST_PATH)),
      read('client search, Latin', 'supervisor', ['/api/clients?q=sokolov&perPage=25'], 50),
      read(
        'client search, Cyrillic',
        'supervisor',
        [`/api/clients?q=${encodeURIComponent('Соколов')}&perPage=25`],
        50,
      ),
      // Through the name keys: Dmitry finds Dmitrii and Дмитрий (the team's in case_search, an
      // admin's through the client table's own index).
      ...(['caseworker', 'supervisor', 'admin'] as const).map((role) =>
        read(`client search, across scripts (${role})`, role, [CLIENT_SEARCH_ACROSS_PATH], 50),
      ),
      read(
        'client search, a case reference (caseworker)',
        'caseworker',
        [`/api/clients?q=${encodeURIComponent(fixture.caseReference)}&perPage=25`],
        50,
      ),
      read('duplicate check (intake)', 'caseworker', [DUPLICATE_CHECK_PATH], 50),
      // Titles are ciphertext: each row of the page is decrypted (issue 24).
      ...roles.map((role) =>
        read(
          `deadline list, ${role} (open, by due date)`,
          role,
          ['/api/deadlines?status=open&page=1&perPage=25&sort=dueOn&order=ASC'],
          LIST_BUDGET.p975,
        ),
      ),
      read(
        'case page reads',
        'caseworker',
        [
          `/api/cases/${fixture.caseId}`,
          `/api/deadlines?caseId=${fixture.caseId}`,
          `/api/notes?caseId=${fixture.caseId}`,
          `/api/documents?caseId=${fixture.caseId}`,
        ],
        30,
      ),
      ...roles.map((role) =>
        list(
          `document list of a case, ${role} (the Documents tab)`,
          role,
          `/api/documents?caseId=${fixture.caseId}&page=1&perPage=25&sort=createdAt&order=DESC`,
        ),
      ),
      ...roles.map((role) =>
        list(`document list, ${role} (all within reach, newest first)`, role, DOCUMENT_LIST_PATH),
      ),
      read(
        'caseload, supervisor (team)',
        'supervisor',
        ['/api/caseload?sort=overdueDeadlines&order=DESC'],
        50,
      ),
      {
        name: 'dashboard, caseworker',
        token: tokens.caseworker,
        requests: [{ path: '/api/dashboard' }],
        sql: () => raw.caseworkerDashboard(actors.caseworker),
        budget: 150,
      },
      {
        name: 'dashboard, supervisor',
        token: tokens.supervisor,
        requests: [{ path: '/api/dashboard' }],
        sql: () => raw.supervisorDashboard(actors.supervisor),
        budget: 150,
      },
      // The API answers from a snapshot (recounted in the background); its SQL column is that recount.
      {
        name: 'dashboard, admin (all teams)',
        token: tokens.admin,
        requests: [{ path: '/api/dashboard' }],
        sql: () => raw.adminDashboard(actors.admin),
        budget: 150,
        snapshot: true,
      },
    ];
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    for (const workload of reads.filter((w) => selected(w.name))) {
      for (const connections of [1, 16]) {
        takeWorkloadPeak();
        const api = await http(base, workload.token, connections, workload.requests);
        const rssMb = takeWorkloadPeak();
        const direct = await sql(connections, workload.sql);
        const bareMeasure = workload.bare ? await sql(connections, workload.bare) : null;
        const ratioBare = bareMeasure ? ratio(api.rps, bareMeasure.rps) : null;
        rows.push({
          workload: workload.name,
          connections,
          api,
          rssMb,
          sql: direct,
          ratio: workload.snapshot ? null : ratio(api.rps, direct.rps),
          bare: bareMeasure,
          ratioBare,
          list: workload.bare !== undefined,
          budget: workload.bare
            ? `p97.5 < ${LIST_BUDGET.p975} ms${connections === 16 ? `, ≥ ${LIST_BUDGET.bareRatio}× bare` : ''}`
            : `p95 < ${workload.budget} ms`,
          ok: workload.bare
            ? api.p975 < LIST_BUDGET.p975 &&
              api.errors === 0 &&
              (connections !== 16 || (ratioBare ?? 0) >= LIST_BUDGET.bareRatio)
            : api.p95 < workload.budget && api.errors === 0,
        });
        console.log(
          `  ${workload.name} × ${connections}: API p97.5 ${api.p975} ms (${api.rps} req/s, CPU ms/req ${cpuCell(api)}), same statement ${direct.rps} req/s` +
            (bareMeasure ? `, bare ${bareMeasure.rps} req/s (API ÷ bare ${ratioBare})` : ''),
        );
      }
    }
    for (const connections of selected('intake (write)') ? [1, 16] : []) {
      takeWorkloadPeak();
      const api = await http(base, tokens.intake, connections, [
        { method: 'POST', path: '/api/intake', body: JSON.stringify(intakeRequestBody()) },
      ]);
      rows.push({
        workload: 'intake (write)',
        connections,
        api,
        rssMb: takeWorkloadPeak(),
        sql: null,
        ratio: null,
        bare: null,
        ratioBare: null,
        list: false,
        budget: 'p95 < 100 ms',
        ok: api.p95 < 100 && api.errors === 0,
      });
      console.log(
        `  intake × ${connections}: p95 ${api.p95} ms (${api.rps} req/s, ${api.errors} errors)`,
      );
    }
    const exportRun = (path: string) => async () => {
      const response = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${tokens.analyst}` },
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
    };
    // What the writes above (intake) logged, counted as the background job would before a table
    // is asked for: the exports measure the rollup caught up, and this its cost for those writes.
    let rollupCatchUp: { changes: number; cells: number; seconds: number } | null = null;
    if (selected('aggregate export')) {
      const countStarted = Date.now();
      const counted = await countRollupChanges(dataSource);
      rollupCatchUp = { ...counted, seconds: (Date.now() - countStarted) / 1000 };
      console.log(
        `  statistics rollup: ${counted.changes} pending changes counted in ${rollupCatchUp.seconds} s`,
      );
    }
    const [rollupSize] = await dataSource.query<{ cells: number; size: string }[]>(
      `SELECT count(*)::int AS cells, pg_size_pretty(pg_total_relation_size('stats_rollup')) AS size FROM stats_rollup`,
    );
    const lastYear = new Date().getUTCFullYear() - 1;
    const exports = [];
    for (const e of [
      {
        workload: 'aggregate export (3 dimensions)',
        path: '/api/stats/aggregate?dimensions=nationality,jurisdiction,outcome',
        times: 5,
        budgetMs: 2000,
      },
      {
        workload: 'aggregate export (CSV, ground × age)',
        path: '/api/stats/aggregate?dimensions=ground,ageBand&format=csv',
        times: 3,
        budgetMs: 2000,
      },
      {
        workload: 'aggregate export (team × outcome, decided in a year)',
        path: `/api/stats/aggregate?dimensions=team,outcome&periodBy=decided&from=${lastYear}-01&to=${lastYear}-12`,
        times: 3,
        budgetMs: 2000,
      },
      {
        // Team with two other dimensions is not kept in the rollup: counted from the cases.
        workload: 'aggregate export (team × sex × outcome, from the cases)',
        path: '/api/stats/aggregate?dimensions=team,sex,outcome',
        times: 3,
        budgetMs: 2000,
      },
      {
        workload: 'aggregate export (persons, 2 dimensions)',
        path: '/api/stats/aggregate?dimensions=nationality,jurisdiction&unit=persons',
        times: 3,
        budgetMs: 2000,
      },
      {
        workload: 'microdata export (CSV)',
        path: '/api/stats/microdata?format=csv',
        times: 3,
        budgetMs: 5000,
      },
    ].filter((e) => selected(e.workload))) {
      takeWorkloadPeak();
      const timingsMs = await timed(e.times, exportRun(e.path));
      exports.push({
        workload: e.workload,
        timingsMs,
        rssMb: takeWorkloadPeak(),
        budgetMs: e.budgetMs,
        ok: Math.max(...timingsMs) < e.budgetMs,
      });
      console.log(`  ${e.workload}: ${timingsMs.join(', ')} ms`);
    }
    if (selected('release export')) {
      // The latest ended quarter's release: made once (a kept cluster may hold it: 409), then
      // downloaded as published — the same stored bytes each time.
      const now = new Date();
      const ended = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 1));
      const quarter = `${ended.getUTCFullYear()}-Q${Math.floor(ended.getUTCMonth() / 3) + 1}`;
      const headers = {
        authorization: `Bearer ${tokens.analyst}`,
        'content-type': 'application/json',
      };
      takeWorkloadPeak();
      const made = performance.now();
      const created = await fetch(`${base}/api/stats/releases`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ quarter, k: 5 }),
      });
      const makeMs = Math.round(performance.now() - made);
      if (created.status !== 201 && created.status !== 409)
        throw new Error(`release ${quarter}: ${created.status}`);
      const list = (await (await fetch(`${base}/api/stats/releases`, { headers })).json()) as {
        data: { id: string; quarter: string; k: number }[];
      };
      const release = list.data.find((r) => r.quarter === quarter && r.k === 5)!;
      exports.push({
        workload: `release export ${quarter} (made${created.status === 409 ? ' before' : ''})`,
        timingsMs: created.status === 201 ? [makeMs] : [],
        rssMb: takeWorkloadPeak(),
        budgetMs: 10_000,
        ok: created.status === 409 || makeMs < 10_000,
      });
      const timingsMs = await timed(
        3,
        exportRun(`/api/stats/releases/${release.id}/microdata?format=csv`),
      );
      exports.push({
        workload: `release export ${quarter} (download, CSV)`,
        timingsMs,
        rssMb: takeWorkloadPeak(),
        budgetMs: 5000,
        ok: Math.max(...timingsMs) < 5000,
      });
      console.log(
        `  release ${quarter}: made in ${makeMs} ms, downloads ${timingsMs.join(', ')} ms`,
      );
    }
    if (selected('document upload')) {
      // A 20 MB scan (a PDF of incompressible bytes) uploaded to the caseworker's case and read
      // back: the time of each, and the server's peak memory while they run (streamed, it should
      // not grow by the file's size).
      const size = 20 * 1024 * 1024;
      const pdf = Buffer.concat([
        Buffer.from('%PDF-1.4\n'),
        randomBytes(size - 16),
        Buffer.from('\n%%EOF\n'),
      ]);
      const headers = { authorization: `Bearer ${tokens.caseworker}` };
      takeWorkloadPeak();
      let id = '';
      const uploads = await timed(3, async () => {
        const form = new FormData();
        form.set('kind', 'evidence');
        form.set('title', 'Bench scan');
        form.set('file', new Blob([pdf], { type: 'application/pdf' }), 'scan.pdf');
        const response = await fetch(`${base}/api/cases/${fixture.caseId}/documents`, {
          method: 'POST',
          headers,
          body: form,
        });
        if (response.status !== 201) throw new Error(`upload: ${response.status}`);
        id = ((await response.json()) as { id: string }).id;
      });
      exports.push({
        workload: 'document upload (20 MB PDF)',
        timingsMs: uploads,
        rssMb: takeWorkloadPeak(),
        budgetMs: 5000,
        ok: Math.max(...uploads) < 5000,
      });
      const downloads = await timed(3, async () => {
        const response = await fetch(`${base}/api/documents/${id}/content`, { headers });
        const body = Buffer.from(await response.arrayBuffer());
        if (response.status !== 200 || body.length !== size)
          throw new Error(`download: ${response.status}, ${body.length} bytes`);
      });
      exports.push({
        workload: 'document download (20 MB PDF)',
        timingsMs: downloads,
        rssMb: takeWorkloadPeak(),
        budgetMs: 5000,
        ok: Math.max(...downloads) < 5000,
      });
      console.log(
        `  document 20 MB: uploads ${uploads.join(', ')} ms, downloads ${downloads.join(', ')} ms`,
      );
    }
    clearInterval(sampler);
    const cpuAfter = calibrate();

    const result = {
      at: new Date().toISOString(),
      cases: CASES,
      durationSeconds: DURATION,
      seedSeconds,
      rollupCount,
      rollupCatchUp,
      rollup: rollupSize,
      // What the cluster was measured under (seeding may have run with them off: `seededFast`).
      durability: settings,
      seededFast: values.fast,
      databaseSize: size,
      serverPeakRssMb: Math.round(peakRss / 1048576),
      totalSeconds: Math.round((Date.now() - started) / 1000),
      cpuMbPerSecond: { before: cpuBefore, after: cpuAfter },
      reads: rows,
      exports,
    };
    const md = [
      `# Haven benchmark — ${CASES.toLocaleString('en')} cases (${result.at})`,
      '',
      `Seed ${seedSeconds > 0 ? `${seedSeconds.toFixed(0)} s` : 'reused'} · database ${size} · server peak RSS ${result.serverPeakRssMb} MB · ${DURATION} s per run · total ${result.totalSeconds} s · machine speed (SHA-256, one core) ${cpuBefore} MB/s before, ${cpuAfter} after`,
      '',
      `Measured with ${DURABLE.map((n) => `${n}=${settings[n]}`).join(', ')} (as \`npm start\`)${values.fast ? '; seeded with them off (--fast)' : ''}`,
      '',
      '| workload | conns | API req/s | p50 | p95 | p97.5 | p99 | CPU ms/req server · db · load | same statement req/s | API÷same | bare req/s | API÷bare | budget | ok | server MB |',
      '| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- | :-: | --: |',
      ...rows.map((r) => {
        const { api, sql: direct } = r;
        const fixed = (n: number | null) => (n === null ? '—' : n.toFixed(2));
        return `| ${r.workload} | ${r.connections} | ${api.rps} | ${api.p50} | ${api.p95} | ${api.p975} | ${api.p99} | ${cpuCell(api)} | ${direct?.rps ?? '—'} | ${fixed(r.ratio)} | ${r.bare?.rps ?? '—'} | ${fixed(r.ratioBare)} | ${r.budget} | ${r.ok ? '✓' : '✗'} | ${r.rssMb} |`;
      }),
      '',
      ...listVerdicts(rows),
      '| export | timings (ms) | budget | ok | server MB |',
      '| --- | --- | --: | :-: | --: |',
      ...exports.map(
        (e) =>
          `| ${e.workload} | ${e.timingsMs.join(', ')} | ${e.budgetMs} ms | ${e.ok ? '✓' : '✗'} | ${e.rssMb} |`,
      ),
      '',
      `Server memory: peak ${result.serverPeakRssMb} MB (budget 300 MB) ${result.serverPeakRssMb < 300 ? '✓' : '✗'}`,
      '',
      `Statistics rollup: ${rollupSize.cells} cells, ${rollupSize.size}` +
        (rollupCount && rollupCount.changes > 0
          ? `; first count ${rollupCount.changes} changes in ${rollupCount.seconds.toFixed(1)} s`
          : '') +
        (rollupCatchUp
          ? `; before the exports ${rollupCatchUp.changes} changes counted in ${rollupCatchUp.seconds} s`
          : ''),
      '',
      '## Query plans',
      '',
      ...plans,
    ].join('\n');
    mkdirSync(join(root, 'bench/results'), { recursive: true });
    const stamp = result.at.replace(/[:.]/g, '-');
    writeFileSync(
      join(root, `bench/results/${CASES}-${stamp}.json`),
      JSON.stringify(result, null, 2),
    );
    writeFileSync(join(root, `bench/results/${CASES}-${stamp}.md`), md + '\n');
    console.log('\n' + md);
  } finally {
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    await barePool?.end();
    if (measuring?.isInitialized) await measuring.destroy();
    await database?.stop();
    if (keep === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
