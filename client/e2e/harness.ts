import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/**
 * Starts Haven the way a user does (the compiled server, its embedded PostgreSQL, demo data, the
 * built client on the same port) and a headless Chromium to drive it. Nothing is mocked.
 */

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER_MAIN = join(REPO_ROOT, 'server/dist/server/src/main.js');
export const CLIENT_INDEX = join(REPO_ROOT, 'client/dist/index.html');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'client/e2e/screenshots');

const HEALTH_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 10_000;
const LOG_TAIL_LINES = 80;

export interface RunningHaven {
  baseUrl: string;
  port: number;
  dataDir: string;
  /** The server's last output lines, for failure messages. */
  logTail(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const running = new Set<ChildProcess>();
let cleanupRegistered = false;

// If the test process dies without its teardown (a crash, Ctrl-C), don't leave Haven and its
// PostgreSQL running (stack-notes G6, G20). SIGTERM lets the server stop PostgreSQL itself.
// Registered only in the process that starts Haven, not in every test worker.
function registerCleanup(): void {
  if (cleanupRegistered) return;
  cleanupRegistered = true;
  process.once('exit', () => {
    for (const child of running) signalGroup(child, 'SIGTERM');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of running) signalGroup(child, 'SIGTERM');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/** Signals the server; SIGKILL goes to its whole process group so PostgreSQL dies with it. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (signal === 'SIGKILL') process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // Already gone.
  }
}

/** Starts a Haven of its own (embedded database, demo data); `extraEnv` adds or overrides settings. */
export async function startHaven(extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningHaven> {
  if (!existsSync(SERVER_MAIN)) {
    throw new Error(
      `No server build at ${SERVER_MAIN}. Run \`npm run build\` at the repository root first.`,
    );
  }
  if (!existsSync(CLIENT_INDEX)) {
    throw new Error(`No client build at ${CLIENT_INDEX}. Run \`npm run build -w client\` first.`);
  }

  registerCleanup();
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'haven-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HAVEN_DATA_DIR: dataDir,
    HAVEN_DEMO: '1',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  // A fresh embedded database every run, whatever the developer's shell points at.
  delete env.DATABASE_URL;

  const child = spawn(process.execPath, [SERVER_MAIN], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a last-resort SIGKILL also reaches PostgreSQL.
    detached: true,
  });
  running.add(child);

  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > LOG_TAIL_LINES) lines.splice(0, lines.length - LOG_TAIL_LINES);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const logTail = () => lines.join('\n');

  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', () => {
      running.delete(child);
      resolveExit();
    });
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup(child, 'SIGTERM');
      const timer = new Promise<'timeout'>((r) =>
        setTimeout(() => r('timeout'), STOP_GRACE_MS).unref(),
      );
      if ((await Promise.race([exited.then(() => 'exited' as const), timer])) === 'timeout') {
        signalGroup(child, 'SIGKILL');
        await exited;
      }
    }
    await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, exited, logTail);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, port, dataDir, logTail, stop };
}

async function waitForHealth(
  baseUrl: string,
  exited: Promise<void>,
  logTail: () => string,
): Promise<void> {
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`Haven exited before it was healthy. Its output:\n${logTail()}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `Haven was not healthy within ${HEALTH_TIMEOUT_MS / 1000} s (${last}). Its output:\n${logTail()}`,
  );
}

export interface RunningBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A test file's browser: launched before its tests, closed after them. Call it once at the top of
 * the file; `context` is there once the file's tests run.
 */
export function useBrowser(): { readonly context: BrowserContext } {
  let browser: RunningBrowser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get context() {
      if (!browser) throw new Error('useBrowser: the browser is launched in beforeAll');
      return browser.context;
    },
  };
}

async function chromiumPath(): Promise<string> {
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  // An optional root dependency: a self-contained Chromium for machines without one.
  const packageName = '@sparticuz/chromium';
  const sparticuz = (await import(packageName)) as {
    default: { executablePath(): Promise<string> };
  };
  return sparticuz.default.executablePath();
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
const CONTEXT_OPTIONS = { viewport: { width: 1280, height: 800 }, locale: 'en-GB' };

export async function launchBrowser(): Promise<RunningBrowser> {
  const executablePath = await chromiumPath();
  const profileDir = await mkdtemp(join(tmpdir(), 'haven-e2e-profile-'));
  // playwright-core refuses --user-data-dir in args: the profile goes here (stack-notes G18).
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    ...CONTEXT_OPTIONS,
    args: CHROMIUM_ARGS,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      await rm(profileDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/**
 * A test file's browser for tests that run at the same time (`it.concurrent`; such tests check
 * with the `expect` of their test context): each `newContext()` is a fresh profile of its own
 * (cookies, storage), so one test signing in or out does not touch another's session. Close a
 * context when its test ends; the browser is launched before the file's tests, closed after them.
 */
export function useBrowserContexts(): { newContext(): Promise<BrowserContext> } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: await chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
    });
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
  });
  return {
    newContext() {
      if (!browser) throw new Error('useBrowserContexts: the browser is launched in beforeAll');
      return browser.newContext(CONTEXT_OPTIONS);
    },
  };
}
