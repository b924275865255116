// npm test: typecheck, lint, unit and API tests on a real PostgreSQL, the migration drift check,
// then browser tests against the compiled server. Ends with one line: "N passed, N failed, N skipped".
//
// The steps run in stages, one stage after another. Steps of one stage are independent and each
// keeps about one core busy (tsc, ESLint, a build, a single-worker test run), so on CI's two cores
// they run side by side; their output is printed, whole, as each one ends. The server tests (two
// workers of their own) and the browser tests (timing-sensitive, one Haven) each have a stage to
// themselves. `node scripts/test.mjs <part of a step's name>…` runs only those steps;
// HAVEN_TEST_SERIAL=1 runs every step on its own, one after another.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const summaryDir = mkdtempSync(join(tmpdir(), 'haven-summary-'));
const summary = join(summaryDir, 'counts.jsonl');
const env = { ...process.env, HAVEN_TEST_SUMMARY: summary };
const only = process.argv.slice(2);
const serial = process.env.HAVEN_TEST_SERIAL === '1';

const STAGES = [
  [['build shared', ['npm', 'run', 'build', '-w', 'shared']]],
  [
    ['typecheck', ['npm', 'run', 'typecheck']],
    ['lint', ['npm', 'run', 'lint']],
    // Shared is built above: only what depends on it here (nothing else reads these outputs yet).
    ['build server and client', ['sh', '-c', 'npm run build -w server && npm run build -w client']],
  ],
  [['server tests (unit + API on PostgreSQL)', ['npm', 'test', '-w', 'server']]],
  [
    ['client unit tests', ['npm', 'test', '-w', 'client']],
    ['shared unit tests', ['npm', 'test', '-w', 'shared']],
    ['migration drift check', ['node', 'scripts/drift-check.mjs']],
  ],
  [['browser tests', ['npm', 'run', 'test:browser', '-w', 'client']]],
];

/** Runs a step; alone it prints as it goes, beside others its output comes whole at its end. */
function run([name, command], alone) {
  return new Promise((resolve) => {
    const started = Date.now();
    if (alone) console.log(`\n=== ${name} ===`);
    const child = spawn(command[0], command.slice(1), {
      cwd: root,
      env,
      stdio: alone ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    const output = [];
    child.stdout?.on('data', (chunk) => output.push(chunk));
    child.stderr?.on('data', (chunk) => output.push(chunk));
    const done = (status) => {
      const seconds = (Date.now() - started) / 1000;
      if (!alone) {
        console.log(`\n=== ${name} (${seconds.toFixed(1)} s, beside other steps) ===`);
        process.stdout.write(Buffer.concat(output));
      }
      resolve({ name, status, seconds });
    };
    child.on('error', (error) => {
      output.push(Buffer.from(`${error.message}\n`));
      done(1);
    });
    child.on('close', (status) => done(status));
  });
}

const failedSteps = [];
const timings = [];
const runStarted = Date.now();
for (const stage of STAGES) {
  const steps = stage.filter(([name]) => !only.length || only.some((o) => name.includes(o)));
  if (!steps.length) continue;
  const groups = serial ? steps.map((step) => [step]) : [steps];
  let buildFailed = false;
  for (const group of groups) {
    const started = Date.now();
    const results = await Promise.all(group.map((step) => run(step, group.length === 1)));
    for (const { name, status, seconds } of results) {
      timings.push(`${name}: ${seconds.toFixed(1)} s`);
      if (status !== 0) {
        failedSteps.push(name);
        if (name.startsWith('build')) buildFailed = true;
      }
    }
    if (group.length > 1) {
      timings.push(`  (side by side: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
    // Without a build nothing after it can run meaningfully.
    if (buildFailed) break;
  }
  if (buildFailed) break;
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(summary)) {
  for (const line of readFileSync(summary, 'utf8').split('\n').filter(Boolean)) {
    const counts = JSON.parse(line);
    passed += counts.passed;
    failed += counts.failed;
    skipped += counts.skipped;
  }
}
rmSync(summaryDir, { recursive: true, force: true });
// A failing step that ran no counted test (typecheck, lint, drift check) still counts as a failure.
const uncounted = failedSteps.filter((s) => !s.includes('tests')).length;
// And a counted failure fails the run whatever exit code its runner gave (a dependency's exit hook
// once turned failed server runs into exit 0).
if (failed > 0 && !failedSteps.some((s) => s.includes('tests'))) failedSteps.push('counted tests');
console.log(`\n${timings.join('\n')}`);
console.log(`all steps: ${((Date.now() - runStarted) / 1000).toFixed(1)} s`);
if (failedSteps.length) console.log(`Failed steps: ${failedSteps.join(', ')}`);
console.log(`\n${passed} passed, ${failed + uncounted} failed, ${skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
