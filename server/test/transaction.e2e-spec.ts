import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditService } from '../src/audit/audit.service.js';
import { transaction } from '../src/database/transaction.js';
import { sealPending } from '../src/audit/audit-sealer.js';
import { startTestApp, type TestApp } from './harness.js';

/** Audited transactions write their events as they go: the insert takes no lock others wait for. */
describe('transaction', () => {
  let t: TestApp;
  let audit: AuditService;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    audit = new AuditService(t.dataSource);
    admin = await t.tokenFor('admin@haven.local');
  });
  afterAll(() => t.close());

  /** Connections of this database left inside a transaction, seen from a connection of its own. */
  const connectionsInTransaction = async () => {
    const client = new pg.Client({ connectionString: t.config.databaseUrl! });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'`,
      );
      return rows[0].n;
    } finally {
      await client.end();
    }
  };

  const eventsNamed = (summary: string) =>
    t.dataSource.query<
      {
        seq: string;
        chain_pos: string | null;
        summary: string;
        details: unknown;
        ip: string | null;
        actor_id: string | null;
      }[]
    >(
      `SELECT seq, chain_pos, summary, details, ip, actor_id FROM audit_event WHERE summary = $1 ORDER BY seq`,
      [summary],
    );

  it('lets other audited writes commit while a transaction that recorded an event is still at work', async () => {
    const first = `held open ${randomUUID()}`;
    const second = `committed meanwhile ${randomUUID()}`;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let recorded!: () => void;
    const hasRecorded = new Promise<void>((resolve) => (recorded = resolve));
    const held = transaction(t.dataSource, async (manager) => {
      await audit.record(manager, null, { action: 'update', summary: first });
      recorded();
      await gate;
    });
    await hasRecorded;
    // Had the insert taken the chain's lock until commit, this one would wait for `held` to
    // commit: it would still be waiting when the timer fires.
    const other = transaction(t.dataSource, (manager) =>
      audit.record(manager, null, { action: 'update', summary: second }),
    ).then(() => 'committed');
    let outcome: unknown;
    try {
      outcome = await Promise.race([
        other,
        new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3000)),
      ]);
      // The sealer links what is committed and passes over what is not yet.
      if (outcome === 'committed') await sealPending(t.dataSource);
    } finally {
      release();
    }
    await Promise.all([held, other]);
    expect(outcome).toBe('committed');
    const verify = await t.http().get('/api/audit-events/verify').set('Authorization', admin);
    expect(verify.body).toMatchObject({ ok: true, firstBroken: null });
    // Appended in the order recorded, linked in the order committed.
    const [a] = await eventsNamed(first);
    const [b] = await eventsNamed(second);
    expect(Number(a.seq)).toBeLessThan(Number(b.seq));
    expect(Number(a.chain_pos)).toBeGreaterThan(Number(b.chain_pos));
  });

  it('writes the values it was given exactly, quotes, backslashes and all', async () => {
    const summary = `O'Brien \\ "Соколов" '); DROP TABLE team; -- ${randomUUID()}`;
    const details = {
      note: "it's \\n not a newline\n but this is",
      quote: `"'`,
      list: [1, 'два'],
      nothing: null,
    };
    const actorId = await t.userId('caseworker@haven.local');
    await transaction(t.dataSource, async (manager) => {
      await audit.record(
        manager,
        { id: actorId, ip: "203.0.113.7'" },
        { action: 'update', summary, details },
      );
      // Inserted at once, as parameters, and seen by its own transaction only.
      expect(
        await manager.query(`SELECT 1 FROM audit_event WHERE summary = $1`, [summary]),
      ).toHaveLength(1);
      expect(await eventsNamed(summary)).toEqual([]);
    });
    const [event] = await eventsNamed(summary);
    expect(event).toMatchObject({ summary, details, ip: "203.0.113.7'", actor_id: actorId });
  });

  it('writes several events of one transaction in the order recorded', async () => {
    const tag = randomUUID();
    await transaction(t.dataSource, async (manager) => {
      await audit.record(manager, null, [
        { action: 'create', summary: `${tag} 1` },
        { action: 'create', summary: `${tag} 2` },
      ]);
      await audit.record(manager, null, { action: 'update', summary: `${tag} 3` });
    });
    const rows = await t.dataSource.query<{ summary: string }[]>(
      `SELECT summary FROM audit_event WHERE summary LIKE $1 ORDER BY seq`,
      [`${tag}%`],
    );
    expect(rows.map((r) => r.summary)).toEqual([`${tag} 1`, `${tag} 2`, `${tag} 3`]);
  });

  it.each([
    ['the work fails', () => Promise.reject(new Error('the work failed')), /the work failed/],
    [
      'a statement after the event fails',
      (manager: EntityManager) => manager.query(`INSERT INTO no_such_table VALUES (1)`),
      /no_such_table/,
    ],
  ])(
    'writes nothing, its events included, when %s, and leaves no connection in a transaction',
    async (_, fail, error) => {
      const summary = `rolled back ${randomUUID()}`;
      const team = `Team ${randomUUID().slice(0, 8)}`;
      await expect(
        transaction(t.dataSource, async (manager) => {
          await manager.query(`INSERT INTO team (name, country) VALUES ($1, 'DE')`, [team]);
          await audit.record(manager, null, { action: 'create', summary });
          await fail(manager);
        }),
      ).rejects.toThrow(error);
      expect(await t.dataSource.query(`SELECT id FROM team WHERE name = $1`, [team])).toEqual([]);
      expect(await eventsNamed(summary)).toEqual([]);
      expect(await connectionsInTransaction()).toBe(0);
      // Every pooled connection still works (none was returned inside an aborted transaction).
      const results = await Promise.all(
        Array.from({ length: 40 }, () =>
          transaction(t.dataSource, (manager) => manager.query(`SELECT 1 AS one`)),
        ),
      );
      expect(results.every((rows) => rows[0].one === 1)).toBe(true);
    },
  );

  it('keeps an event recorded inside a savepoint only if the savepoint is kept', async () => {
    const undone = `undone with its savepoint ${randomUUID()}`;
    const kept = `kept ${randomUUID()}`;
    await transaction(t.dataSource, async (manager) => {
      await manager
        .transaction(async (inner) => {
          await audit.record(inner, null, { action: 'create', summary: undone });
          throw new Error('the inner work failed');
        })
        .catch(() => undefined);
      await audit.record(manager, null, { action: 'create', summary: kept });
    });
    expect(await eventsNamed(undone)).toEqual([]);
    expect(await eventsNamed(kept)).toHaveLength(1);
  });

  it('rolls back, events included, when the COMMIT itself fails (a deferred constraint)', async () => {
    await t.ownerQuery(
      `CREATE TABLE IF NOT EXISTS deferred_probe (v int UNIQUE DEFERRABLE INITIALLY DEFERRED)`,
    );
    const summary = `failed at commit ${randomUUID()}`;
    await expect(
      transaction(t.dataSource, async (manager) => {
        await manager.query(`INSERT INTO deferred_probe (v) VALUES (1), (1)`);
        await audit.record(manager, null, { action: 'create', summary });
      }),
    ).rejects.toMatchObject({ driverError: { code: '23505' } });
    expect(await eventsNamed(summary)).toEqual([]);
    expect(await connectionsInTransaction()).toBe(0);
  });

  it('records at once outside a transaction, and inside one of TypeORM’s own', async () => {
    const summary = `at once ${randomUUID()}`;
    await audit.recordNow(null, { action: 'read', summary });
    expect(await eventsNamed(summary)).toHaveLength(1);
    const own = `typeorm's own ${randomUUID()}`;
    await t.dataSource.transaction(async (manager) => {
      await audit.record(manager, null, { action: 'read', summary: own });
      expect(
        await manager.query(`SELECT 1 FROM audit_event WHERE summary = $1`, [own]),
      ).toHaveLength(1);
    });
    expect(await eventsNamed(own)).toHaveLength(1);
  });
});
