// npm start: build what is missing, then run the server (embedded PostgreSQL unless DATABASE_URL is set).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './ensure-built.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
ensureBuilt();
const child = spawn(process.execPath, [join(root, 'server/dist/server/src/main.js')], { cwd: root, stdio: 'inherit' });
// The server stops the embedded database itself; pass Ctrl-C / SIGTERM on and wait for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
