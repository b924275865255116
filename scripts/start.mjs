// npm start: build what is missing, then run the server (embedded PostgreSQL unless DATABASE_URL is set).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './ensure-built.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
ensureBuilt();
// A bounded old generation makes V8 collect before the process grows past ~300 MB (the same flag
// is in the Dockerfile's CMD and in the benchmark's server).
const child = spawn(
  process.execPath,
  ['--max-old-space-size=160', join(root, 'server/dist/server/src/main.js')],
  { cwd: root, stdio: 'inherit' },
);
// The server stops the embedded database itself; pass Ctrl-C / SIGTERM on and wait for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
