// npm test: typecheck, lint, unit and API tests on a real PostgreSQL, the migration drift check,
// then browser tests against the compiled server. Ends with one line: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const summaryDir = mkdtempSync(join(tmpdir(), 'haven-summary-'));
const summary = join(summaryDir, 'counts.jsonl');
const env = { ...process.env, HAVEN_TEST_SUMMARY: summary };
const only = process.argv.slice(2);

const STEPS = [
  ['build shared', ['npm', 'run', 'build', '-w', 'shared']],
  ['typecheck', ['npm', 'run', 'typecheck']],
  ['lint', ['npm', 'run', 'lint']],
  ['server tests (unit + API on PostgreSQL)', ['npm', 'test', '-w', 'server']],
  ['client unit tests', ['npm', 'test', '-w', 'client']],
  ['shared unit tests', ['npm', 'test', '-w', 'shared']],
  ['build server and client', ['npm', 'run', 'build']],
  ['migration drift check', ['node', 'scripts/drift-check.mjs']],
  ['browser tests', ['npm', 'run', 'test:browser', '-w', 'client']],
];

const failedSteps = [];
const timings = [];
for (const [name, command] of STEPS) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = spawnSync(command[0], command.slice(1), { cwd: root, env, stdio: 'inherit' });
  timings.push(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) {
    failedSteps.push(name);
    // Without a build nothing after it can run meaningfully.
    if (name.startsWith('build')) break;
  }
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
if (failedSteps.length) console.log(`Failed steps: ${failedSteps.join(', ')}`);
console.log(`\n${passed} passed, ${failed + uncounted} failed, ${skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
