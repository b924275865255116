/**
 * `npm run bench [-- --cases 100000] [--duration 5]`: seeds a fresh embedded PostgreSQL, starts the
 * compiled Haven against it, and drives each workload over HTTP (autocannon, 1 and 16 connections)
 * and the same SQL directly through pg (the practical limit). Prints a Markdown table and writes it
 * with a JSON file to bench/results/.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { escapeLiteral } from 'pg';
import { DataSource } from 'typeorm';
import { seed } from '../src/cli/seed.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { freePort, startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { migrate } from '../src/database/migrate.js';
import { FieldEncryption } from '../src/encryption/field-encryption.js';
import type { Actor } from '../src/common/actor.js';
import {
  CASE_LIST_PATH,
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
    // Run only the workloads whose name contains this text (e.g. "dashboard").
    only: { type: 'string' },
    // Seed (with --data-dir) and stop: prepares a large database once, to measure against later.
    'seed-only': { type: 'boolean', default: false },
  },
});
const CASES = Number(values.cases);
const DURATION = Number(values.duration);
const ONLY = values.only?.toLowerCase();
const selected = (name: string) => ONLY === undefined || name.toLowerCase().includes(ONLY);

interface Measure {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  errors: number;
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

/** HTTP load with autocannon; latencies taken per response for exact percentiles. */
async function http(
  url: string,
  token: string,
  connections: number,
  requests: { method?: string; path: string; body?: string }[],
): Promise<Measure> {
  const latencies: number[] = [];
  let errors = 0;
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
  instance.on('response', (_client: unknown, status: number, _bytes: number, time: number) => {
    if (status >= 400) errors++;
    latencies.push(time);
  });
  await instance;
  return summarise(latencies, DURATION, errors);
}

/** The same queries straight through pg, at the same concurrency, for the same time. */
async function sql(
  dataSource: DataSource,
  connections: number,
  run: () => Promise<unknown>,
): Promise<Measure> {
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
 * Taken before and after the workloads: a shared virtual machine's speed drifts by tens of percent
 * over minutes, and the raw-SQL columns move with it; this says by how much.
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
 * EXPLAIN ANALYZE of a statement the API runs with its generic plan, as such: prepared under
 * force_generic_plan and executed, in a transaction rolled back (its audit insert leaves nothing).
 */
async function explainGeneric(
  dataSource: DataSource,
  sql: string,
  params: unknown[],
): Promise<{ 'QUERY PLAN': string }[]> {
  const runner = dataSource.createQueryRunner();
  await runner.startTransaction();
  try {
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
      `EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) EXECUTE bench_explained(${params.map(literal).join(', ')})`,
    );
    await runner.query('DEALLOCATE bench_explained');
    return rows as { 'QUERY PLAN': string }[];
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
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

async function main(): Promise<void> {
  const started = Date.now();
  const keep = values['data-dir'];
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'haven-bench-'));
  const database = await startEmbeddedPostgres({
    dataDir: dir,
    persistent: keep !== undefined,
    fast: true,
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
  const dataSource = new DataSource(dataSourceOptions(database.url, 20, { secret }));
  try {
    await dataSource.initialize();
    await migrate(dataSource);
    const crypto = new FieldEncryption(new Map([['k1', key]]), 'k1');
    const seedStarted = Date.now();
    const [{ held }] = await dataSource.query<{ held: number }[]>(
      'SELECT count(*)::int AS held FROM legal_case',
    );
    let seedSeconds = 0;
    if (held < CASES) {
      await seed(dataSource, { cases: CASES, crypto, seed: 1, log: (line) => console.log(line) });
      seedSeconds = (Date.now() - seedStarted) / 1000;
      await dataSource.query('VACUUM ANALYZE');
      // Write the seed's dirty pages out now: otherwise the checkpointer spreads them over the next
      // minutes (checkpoint_completion_target) and the first workloads measure it (lists ran at
      // two-thirds of their rate, API and raw SQL alike, right after a fresh seed).
      await dataSource.query('CHECKPOINT');
    } else {
      console.log(`Reusing the ${held} cases already seeded in ${dir}.`);
    }
    if (values['seed-only']) return;
    const [{ size }] = await dataSource.query<{ size: string }[]>(
      'SELECT pg_size_pretty(pg_database_size(current_database())) AS size',
    );

    const port = await freePort();
    // One user drives the duplicate check for seconds on end: its per-user limit is lifted (the check
    // still takes its lock and counts the user's recent checks, as it does under any limit).
    server = spawn(
      process.execPath,
      ['--max-old-space-size=160', join(root, 'server/dist/server/src/main.js')],
      {
        env: {
          ...process.env,
          DATABASE_URL: database.url,
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
    for (let i = 0; i < 120; i++) {
      if ((await fetch(`${base}/api/health`).catch(() => null))?.ok) break;
      await new Promise((r) => setTimeout(r, 500));
    }
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
      `SELECT u.id AS "caseworkerId", u.team_id AS "teamId", (SELECT c.id FROM legal_case c WHERE c.assigned_to_id = u.id ORDER BY c.opened_on DESC LIMIT 1) AS "caseId"
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
    };
    const raw = sqlWorkloads(dataSource, crypto, fixture);
    const plans: string[] = [];
    for (const query of explainedQueries(fixture, raw.statementOf, actors)) {
      const plan = query.generic
        ? await explainGeneric(dataSource, query.sql, query.params)
        : await dataSource.query<{ 'QUERY PLAN': string }[]>(
            `EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) ${query.sql}`,
            query.params,
          );
      plans.push(`### ${query.name}`, '', '```', ...plan.map((p) => p['QUERY PLAN']), '```', '');
    }

    const cpuBefore = calibrate();
    const rows: Record<string, unknown>[] = [];
    // Each read's raw SQL is the statement the API runs for the same path and user (workloads.ts).
    const read = (
      name: string,
      token: keyof typeof tokens & keyof typeof actors,
      paths: string[],
      budget: number,
    ) => ({
      name,
      token: tokens[token],
      requests: paths.map((path) => ({ path })),
      sql: raw.statements(actors[token], paths),
      budget,
    });
    const reads: {
      name: string;
      token: string;
      requests: { path: string }[];
      sql: () => Promise<unknown>;
      budget: number;
      snapshot?: boolean;
    }[] = [
      read('case list (stage, by next deadline)', 'caseworker', [CASE_LIST_PATH], 50),
      read('case list, supervisor (team)', 'supervisor', [CASE_LIST_PATH], 50),
      read('client search, Latin', 'supervisor', ['/api/clients?q=sokolov&perPage=25'], 50),
      read(
        'client search, Cyrillic',
        'supervisor',
        [`/api/clients?q=${encodeURIComponent('Соколов')}&perPage=25`],
        50,
      ),
      read('duplicate check (intake)', 'caseworker', [DUPLICATE_CHECK_PATH], 50),
      read(
        'case page reads',
        'caseworker',
        [
          `/api/cases/${fixture.caseId}`,
          `/api/deadlines?caseId=${fixture.caseId}`,
          `/api/notes?caseId=${fixture.caseId}`,
        ],
        30,
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
        sql: raw.caseworkerDashboard,
        budget: 150,
      },
      {
        name: 'dashboard, supervisor',
        token: tokens.supervisor,
        requests: [{ path: '/api/dashboard' }],
        sql: raw.supervisorDashboard,
        budget: 150,
      },
      // The API answers from a snapshot (recounted in the background); its SQL column is that recount.
      {
        name: 'dashboard, admin (all teams)',
        token: tokens.admin,
        requests: [{ path: '/api/dashboard' }],
        sql: raw.adminDashboard,
        budget: 150,
        snapshot: true,
      },
    ];
    for (const workload of reads.filter((w) => selected(w.name))) {
      for (const connections of [1, 16]) {
        takeWorkloadPeak();
        const api = await http(base, workload.token, connections, workload.requests);
        const rssMb = takeWorkloadPeak();
        const direct = await sql(dataSource, connections, workload.sql);
        rows.push({
          workload: workload.name,
          connections,
          api,
          rssMb,
          sql: direct,
          ratio: workload.snapshot ? null : Math.round((api.rps / direct.rps) * 100) / 100,
          budgetP95: workload.budget,
          ok: api.p95 < workload.budget && api.errors === 0,
        });
        console.log(
          `  ${workload.name} × ${connections}: API p95 ${api.p95} ms (${api.rps} req/s), SQL p95 ${direct.p95} ms (${direct.rps} req/s)`,
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
        budgetP95: 100,
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
    clearInterval(sampler);
    const cpuAfter = calibrate();

    const result = {
      at: new Date().toISOString(),
      cases: CASES,
      durationSeconds: DURATION,
      seedSeconds,
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
      '| workload | conns | API req/s | p50 | p95 | p99 | SQL req/s | SQL p95 | API÷SQL | budget p95 | ok | server MB |',
      '| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | :-: | --: |',
      ...rows.map((r) => {
        const api = r.api as Measure;
        const direct = r.sql as Measure | null;
        return `| ${String(r.workload)} | ${String(r.connections)} | ${api.rps} | ${api.p50} | ${api.p95} | ${api.p99} | ${direct?.rps ?? '—'} | ${direct?.p95 ?? '—'} | ${r.ratio === null ? '—' : (r.ratio as number).toFixed(2)} | ${String(r.budgetP95)} ms | ${r.ok ? '✓' : '✗'} | ${String(r.rssMb)} |`;
      }),
      '',
      '| export | timings (ms) | budget | ok | server MB |',
      '| --- | --- | --: | :-: | --: |',
      ...exports.map(
        (e) =>
          `| ${e.workload} | ${e.timingsMs.join(', ')} | ${e.budgetMs} ms | ${e.ok ? '✓' : '✗'} | ${e.rssMb} |`,
      ),
      '',
      `Server memory: peak ${result.serverPeakRssMb} MB (budget 300 MB) ${result.serverPeakRssMb < 300 ? '✓' : '✗'}`,
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
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
    if (keep === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
