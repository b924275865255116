import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeBody } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';
import { freePort } from '../src/database/embedded-postgres.js';

/**
 * A TCP proxy between the app and PostgreSQL: `cut()` drops every connection and refuses new ones
 * (the database stopped, or the network gone), `restore()` listens again on the same port.
 */
async function tcpProxy(target: { host: string; port: number }) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', resolve);
    });
  await listen();
  return {
    route(url: string): string {
      const routed = new URL(url);
      routed.host = `127.0.0.1:${port}`;
      return routed.toString();
    },
    /** Stops forwarding for good (after the test). */
    async close(): Promise<void> {
      await this.cut();
    },
    async cut(): Promise<void> {
      const current = server;
      server = null;
      const closing = new Promise<void>((resolve) =>
        current ? current.close(() => resolve()) : resolve(),
      );
      for (const socket of sockets) socket.destroy();
      await closing;
    },
    restore: listen,
  };
}

describe('the database away', () => {
  let t: TestApp;
  let proxy: Awaited<ReturnType<typeof tcpProxy>>;
  beforeAll(async () => {
    let target = { host: '127.0.0.1', port: 5432 };
    proxy = await tcpProxy({
      get host() {
        return target.host;
      },
      get port() {
        return target.port;
      },
    });
    t = await startTestApp(
      { sessionCacheSeconds: 0 },
      {
        route: (url) => {
          const parsed = new URL(url);
          target = { host: parsed.hostname, port: Number(parsed.port) };
          return proxy.route(url);
        },
      },
    );
  });
  afterAll(async () => {
    await t.close();
    await proxy.close();
  });

  it('answers 503 with Retry-After (never a 500) while it is gone, writes nothing, and recovers by itself', async () => {
    const token = await t.tokenFor('caseworker@haven.local');
    expect((await t.http().get('/api/cases').set('Authorization', token)).status).toBe(200);
    const [{ count: before }] = await t.dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM legal_case',
    );

    await proxy.cut();
    const answers = await Promise.all([
      t.http().get('/api/cases').set('Authorization', token),
      t.http().get(`/api/dashboard`).set('Authorization', token),
      t.http().post('/api/intake').set('Authorization', token).send(intakeBody()),
      t
        .http()
        .post('/api/auth/login')
        .send({ email: 'caseworker2@haven.local', password: 'haven-demo' }),
    ]);
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(503);
      expect(answer.headers['retry-after']).toBe('5');
      expect(answer.body.code).toBe('database.unavailable');
    }
    expect((await t.http().get('/api/health')).status).toBe(503);

    await proxy.restore();
    await expect
      .poll(async () => (await t.http().get('/api/cases').set('Authorization', token)).status, {
        timeout: 15_000,
        interval: 250,
      })
      .toBe(200);
    expect((await t.http().get('/api/health')).status).toBe(200);
    // The intake refused while the database was away left nothing behind.
    const [{ count: after }] = await t.dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM legal_case',
    );
    expect(after).toBe(before);
  });

  it('under a stream of intakes cut mid-flight: only 201 or 503, every acknowledged intake kept', async () => {
    const token = await t.tokenFor('caseworker@haven.local');
    const cases = async () =>
      Number(
        (await t.dataSource.query<{ count: string }[]>('SELECT count(*) FROM legal_case'))[0].count,
      );
    const before = await cases();
    const statuses = new Map<number, number>();
    const acknowledged: string[] = [];
    let running = true;
    // Four clients sending intakes back to back, as caseworkers on a busy morning.
    const streams = Array.from({ length: 4 }, async () => {
      while (running) {
        const answer = await t
          .http()
          .post('/api/intake')
          .set('Authorization', token)
          .send(intakeBody());
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status === 201) acknowledged.push(answer.body.case.id as string);
        else if (answer.status === 503) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    await proxy.cut(); // requests in flight lose their connections mid-statement
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await proxy.restore();
    await expect
      .poll(async () => (await t.http().get('/api/health')).status, { timeout: 15_000 })
      .toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 700));
    running = false;
    await Promise.all(streams);

    expect([...statuses.keys()].sort(), JSON.stringify([...statuses])).toEqual([201, 503]);
    // Every intake Haven acknowledged is there, with its client, after the outage.
    const kept = await t.dataSource.query<{ id: string }[]>(
      'SELECT c.id FROM legal_case c JOIN client cl ON cl.id = c.client_id WHERE c.id = ANY($1::uuid[])',
      [acknowledged],
    );
    expect(kept).toHaveLength(acknowledged.length);
    // One whose answer was lost with its connection may have committed; none is half-written.
    expect(await cases()).toBeGreaterThanOrEqual(before + acknowledged.length);
    const [{ orphans }] = await t.dataSource.query<{ orphans: string }[]>(
      `SELECT count(*) AS orphans FROM client cl
        WHERE cl.merged_into_id IS NULL AND NOT EXISTS (SELECT 1 FROM legal_case c WHERE c.client_id = cl.id)`,
    );
    expect(Number(orphans)).toBe(0);
  });
});
