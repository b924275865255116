// Builds each workspace whose output is missing or older than its sources ("builds what is not built").
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const WORKSPACES = [
  {
    name: 'shared',
    sources: ['shared/src', 'shared/tsconfig.json'],
    output: 'shared/dist/index.js',
  },
  {
    name: 'server',
    sources: [
      'server/src',
      'server/bench',
      'migrations',
      'server/tsconfig.json',
      'server/tsconfig.build.json',
    ],
    output: 'server/dist/server/src/main.js',
  },
  {
    name: 'client',
    sources: ['client/src', 'client/index.html', 'client/vite.config.ts'],
    output: 'client/dist/index.html',
  },
];

function newest(path) {
  const full = join(root, path);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(full)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

export function ensureBuilt(names = WORKSPACES.map((w) => w.name)) {
  let rebuiltUpstream = false;
  for (const workspace of WORKSPACES.filter((w) => names.includes(w.name))) {
    const output = join(root, workspace.output);
    const stale =
      !existsSync(output) ||
      rebuiltUpstream ||
      Math.max(...workspace.sources.map(newest)) > statSync(output).mtimeMs;
    if (!stale) continue;
    console.log(`Building ${workspace.name}…`);
    const result = spawnSync('npm', ['run', 'build', '-w', workspace.name], {
      cwd: root,
      stdio: 'inherit',
    });
    if (result.status !== 0) {
      console.error(`Building ${workspace.name} failed.`);
      process.exit(result.status ?? 1);
    }
    rebuiltUpstream = workspace.name === 'shared';
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  ensureBuilt(process.argv.slice(2).length ? process.argv.slice(2) : undefined);
