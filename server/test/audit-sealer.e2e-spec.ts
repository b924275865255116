import { randomBytes, randomUUID } from 'node:crypto';
import type { AuditCheckpoint, AuditVerifyResponse } from '@haven/shared';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCheckpoint } from '../src/audit/audit-chain.js';
import { sealPending } from '../src/audit/audit-sealer.js';
import { AuditService } from '../src/audit/audit.service.js';
import type { Actor } from '../src/common/actor.js';
import { auditKeyOnConnect } from '../src/database/data-source.js';
import { transaction } from '../src/database/transaction.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * The sealed audit chain (migration AuditSealer): events are appended without a lock and linked
 * afterwards, in order, by the sealer; verify still finds every edit, removal and gap.
 */

const event = (summary: string) => ({ action: 'update' as const, summary });

/** A connection of the runtime role carrying the chain key, outside the app's pool. */
async function keyedClient(t: TestApp): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: t.config.databaseUrl! });
  await client.connect();
  await auditKeyOnConnect(t.config.secret)(client);
  return client;
}

/** As the superuser, around the append-only triggers, holding the head so no sealer runs meanwhile. */
const tamper = (t: TestApp, sql: string) =>
  t.ownerQuery(
    `BEGIN; SET LOCAL session_replication_role = replica; SELECT 1 FROM audit_chain_head FOR UPDATE; ${sql}; COMMIT`,
  );

describe('the audit sealer', () => {
  let t: TestApp;
  let audit: AuditService;
  let admin: Actor;

  /** Some events, recorded and committed one transaction each. */
  const recordSome = async (n: number, tag = randomUUID()) => {
    for (let i = 0; i < n; i++)
      await transaction(t.dataSource, (manager) =>
        audit.record(manager, null, event(`${tag} ${i}`)),
      );
    return tag;
  };
  const sealed = () =>
    t.dataSource.query<
      { id: string; seq: string; pos: string; prev_hash: string; hash: string; summary: string }[]
    >(
      `SELECT id, seq, chain_pos AS pos, prev_hash, hash, summary FROM audit_event WHERE chain_pos IS NOT NULL ORDER BY chain_pos`,
    );
  const verify = (checkpoint?: AuditCheckpoint): Promise<AuditVerifyResponse> =>
    audit.verify(admin, checkpoint);

  beforeAll(async () => {
    t = await startTestApp();
    audit = new AuditService(t.dataSource, t.config);
    admin = {
      id: await t.userId('admin@haven.local'),
      role: 'admin',
      teamId: null,
      sessionId: randomUUID(),
      ip: null,
    };
  });
  afterAll(() => t.close());

  it('lets an audited write commit while another transaction that recorded an event is still open', async () => {
    const client = await keyedClient(t);
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO audit_event (action, summary) VALUES ('update', 'held open')`,
      );
      const summary = `meanwhile ${randomUUID()}`;
      const outcome = await Promise.race([
        transaction(t.dataSource, (manager) => audit.record(manager, null, event(summary))).then(
          () => 'committed',
        ),
        new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3000)),
      ]);
      expect(outcome).toBe('committed');
      // Sealed while the other is still open: the open one is passed over, linked after it commits.
      await sealPending(t.dataSource);
      const [mine] = await t.dataSource.query<{ pos: string | null }[]>(
        `SELECT chain_pos AS pos FROM audit_event WHERE summary = $1`,
        [summary],
      );
      expect(mine.pos).not.toBeNull();
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    expect(await verify()).toMatchObject({ ok: true, problems: [] });
  });

  it('links committed events in the order appended, each to the one before, the head following', async () => {
    const tag = await recordSome(5);
    await sealPending(t.dataSource);
    const chain = await sealed();
    chain.forEach((link, i) => {
      expect(Number(link.pos)).toBe(Number(chain[0].pos) + i);
      expect(link.prev_hash).toBe(i === 0 ? link.prev_hash : chain[i - 1].hash);
    });
    const mine = chain.filter((link) => link.summary.startsWith(tag));
    expect(mine.map((link) => link.summary)).toEqual([0, 1, 2, 3, 4].map((i) => `${tag} ${i}`));
    expect(mine.map((link) => Number(link.seq))).toEqual(
      [...mine.map((link) => Number(link.seq))].sort((a, b) => a - b),
    );
    const [head] = await t.dataSource.query<{ seq: string; hash: string }[]>(
      `SELECT seq, hash FROM audit_chain_head`,
    );
    const last = chain[chain.length - 1];
    expect(head).toEqual({ seq: last.pos, hash: last.hash });
  });

  it('seals on its own, within a moment, in the running app', async () => {
    const summary = `left to the sealer ${randomUUID()}`;
    await audit.recordNow(null, event(summary));
    const deadline = Date.now() + 5000;
    let pos: string | null = null;
    while (pos === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      [{ pos }] = await t.dataSource.query<{ pos: string | null }[]>(
        `SELECT chain_pos AS pos FROM audit_event WHERE summary = $1`,
        [summary],
      );
    }
    expect(pos).not.toBeNull();
  });

  it('never forks the chain when several seal at once', async () => {
    const clients = await Promise.all(Array.from({ length: 4 }, () => keyedClient(t)));
    try {
      // Appending and sealing at the same time, from several connections, in small batches.
      await Promise.all(
        clients.map(async (client, c) => {
          for (let i = 0; i < 30; i++) {
            await client.query(`INSERT INTO audit_event (action, summary) VALUES ('read', $1)`, [
              `concurrent ${c}.${i}`,
            ]);
            await client.query(`SELECT audit_seal(3)`);
          }
        }),
      );
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    await sealPending(t.dataSource);
    const chain = await sealed();
    const positions = chain.map((link) => Number(link.pos));
    expect(positions).toEqual(positions.map((_, i) => positions[0] + i));
    for (let i = 1; i < chain.length; i++) expect(chain[i].prev_hash).toBe(chain[i - 1].hash);
    expect(await verify()).toMatchObject({ ok: true, problems: [] });
  });

  it('leaves no problem behind a rolled-back event', async () => {
    await expect(
      transaction(t.dataSource, async (manager) => {
        await audit.record(manager, null, event('rolled back'));
        throw new Error('the work failed');
      }),
    ).rejects.toThrow(/the work failed/);
    await recordSome(2);
    expect(await verify()).toMatchObject({ ok: true, problems: [] });
  });

  it('refuses every change of an event but its sealing, even to the owner', async () => {
    const summary = `unsealed ${randomUUID()}`;
    const refused = async (sql: string, error: RegExp) => {
      await t.ownerQuery('SAVEPOINT attempt');
      await expect(t.ownerQuery(sql, [summary])).rejects.toThrow(error);
      await t.ownerQuery('ROLLBACK TO SAVEPOINT attempt');
    };
    // The head held throughout, so the event stays unsealed while the owner tries.
    await t.ownerQuery('BEGIN');
    try {
      await t.ownerQuery('SELECT 1 FROM audit_chain_head FOR UPDATE');
      await audit.recordNow(null, event(summary));
      await refused(
        `UPDATE audit_event SET summary = 'rewritten' WHERE summary = $1`,
        /append-only/,
      );
      // Shaped as a sealing, but made without the key.
      await refused(
        `UPDATE audit_event SET chain_pos = 999999, prev_hash = repeat('0', 64), hash = repeat('1', 64) WHERE summary = $1`,
        /audit chain key/,
      );
      await refused(
        `UPDATE audit_event SET chain_pos = 999999, prev_hash = repeat('0', 64), hash = repeat('1', 64), ip = 'x' WHERE summary = $1`,
        /append-only/,
      );
      await refused(`DELETE FROM audit_event WHERE summary = $1`, /append-only/);
    } finally {
      await t.ownerQuery('ROLLBACK');
    }
    await expect(
      t.dataSource.query(`UPDATE audit_event SET chain_pos = NULL WHERE summary = $1`, [summary]),
    ).rejects.toThrow(/permission denied/);
    await sealPending(t.dataSource);
    // Sealed, it is refused every change, its link included.
    await expect(
      t.ownerQuery(`UPDATE audit_event SET prev_hash = repeat('0', 64) WHERE summary = $1`, [
        summary,
      ]),
    ).rejects.toThrow(/append-only/);
  });
});

/** An app of its own, with some history sealed and verified intact, for a test that damages it. */
async function damageable(): Promise<{
  t: TestApp;
  audit: AuditService;
  admin: Actor;
  chain: { id: string; seq: string; pos: string; hash: string }[];
}> {
  const t = await startTestApp();
  const audit = new AuditService(t.dataSource, t.config);
  const admin: Actor = {
    id: await t.userId('admin@haven.local'),
    role: 'admin',
    teamId: null,
    sessionId: randomUUID(),
    ip: null,
  };
  for (let i = 0; i < 6; i++) await audit.recordNow(null, event(`history ${i}`));
  expect(await audit.verify(admin)).toMatchObject({ ok: true, problems: [] });
  // The verify's own event too: nothing is left pending.
  await sealPending(t.dataSource);
  const chain = await t.dataSource.query<{ id: string; seq: string; pos: string; hash: string }[]>(
    `SELECT id, seq, chain_pos AS pos, hash FROM audit_event WHERE chain_pos IS NOT NULL ORDER BY chain_pos`,
  );
  return { t, audit, admin, chain };
}

describe('verify against a superuser', () => {
  it('names a sealed event whose content was edited', async () => {
    const { t, audit, admin, chain } = await damageable();
    try {
      const target = chain[chain.length - 3];
      await tamper(
        t,
        `UPDATE audit_event SET summary = 'nothing happened' WHERE id = '${target.id}'`,
      );
      expect((await audit.verify(admin)).problems).toEqual([
        { reason: 'hash_mismatch', seq: Number(target.seq), id: target.id },
      ]);
    } finally {
      await t.close();
    }
  });

  it('names an event edited before it was sealed', async () => {
    const { t, audit, admin } = await damageable();
    try {
      const summary = `to be edited ${randomUUID()}`;
      // Appended and committed while the head is held: no sealer can link it before the edit.
      await t.ownerQuery('BEGIN');
      try {
        await t.ownerQuery('SELECT 1 FROM audit_chain_head FOR UPDATE');
        await audit.recordNow(null, event(summary));
        await t.ownerQuery(
          `SET LOCAL session_replication_role = replica; UPDATE audit_event SET summary = 'nothing happened' WHERE summary = '${summary}'`,
        );
      } finally {
        await t.ownerQuery('COMMIT');
      }
      const [edited] = await t.dataSource.query<{ id: string; seq: string }[]>(
        `SELECT id, seq FROM audit_event WHERE summary = 'nothing happened'`,
      );
      expect((await audit.verify(admin)).problems).toEqual([
        { reason: 'hash_mismatch', seq: Number(edited.seq), id: edited.id },
      ]);
    } finally {
      await t.close();
    }
  });

  it('reports a sealed event deleted in the middle as a gap and a broken link', async () => {
    const { t, audit, admin, chain } = await damageable();
    try {
      const victim = chain[chain.length - 3];
      const next = chain[chain.length - 2];
      await tamper(t, `DELETE FROM audit_event WHERE id = '${victim.id}'`);
      expect((await audit.verify(admin)).problems).toEqual([
        { reason: 'seq_gap', seq: Number(victim.pos), id: null, throughSeq: Number(victim.pos) },
        { reason: 'broken_link', seq: Number(next.seq), id: next.id },
      ]);
    } finally {
      await t.close();
    }
  });

  it('reports sealed events deleted at the tail, and still once the chain has moved on', async () => {
    const { t, audit, admin, chain } = await damageable();
    try {
      const cut = chain[chain.length - 2];
      const last = chain[chain.length - 1];
      await tamper(t, `DELETE FROM audit_event WHERE chain_pos >= ${cut.pos}`);
      expect((await audit.verify(admin)).problems).toEqual([
        { reason: 'tail_cut', seq: Number(cut.pos), id: null, throughSeq: Number(last.pos) },
      ]);
      // The verify's own event is linked after the head, past the hole.
      const problems = (await audit.verify(admin)).problems;
      expect(problems).toContainEqual({
        reason: 'seq_gap',
        seq: Number(cut.pos),
        id: null,
        throughSeq: Number(last.pos),
      });
      expect(problems).toContainEqual(expect.objectContaining({ reason: 'broken_link' }));
    } finally {
      await t.close();
    }
  });

  it('names a row inserted around the trigger, and keeps appending and sealing past it', async () => {
    const { t, audit, admin } = await damageable();
    try {
      const id = randomUUID();
      const [{ next }] = await t.dataSource.query<{ next: string }[]>(
        `SELECT (max(seq) + 1)::text AS next FROM audit_event`,
      );
      // Passed off as an unsealed version 3 event at the next number: the sealer links it, its
      // MAC gives it away, and the next insert is not refused for its number.
      await t.ownerQuery(`BEGIN; ALTER TABLE audit_event DISABLE TRIGGER audit_event_chain;
        INSERT INTO audit_event (id, seq, action, summary, chain_version, content_mac) VALUES ('${id}', ${next}, 'read', 'forged', 3, repeat('a', 64));
        ALTER TABLE audit_event ENABLE TRIGGER audit_event_chain; COMMIT`);
      // And one the sealer cannot link (no MAC at all): left unsealed, named, and in nobody's way.
      const unlinkable = randomUUID();
      await t.ownerQuery(`BEGIN; ALTER TABLE audit_event DISABLE TRIGGER audit_event_chain;
        INSERT INTO audit_event (id, seq, action, summary, chain_version, at) VALUES ('${unlinkable}', ${Number(next) + 1}, 'read', 'forged', 3, now() - interval '2 minutes');
        ALTER TABLE audit_event ENABLE TRIGGER audit_event_chain; COMMIT`);
      await audit.recordNow(null, event('after the forgery'));
      expect((await audit.verify(admin)).problems).toEqual([
        { reason: 'hash_mismatch', seq: Number(next), id },
        { reason: 'hash_mismatch', seq: Number(next) + 1, id: unlinkable },
        { reason: 'unsealed', seq: Number(next) + 1, id: unlinkable },
      ]);
      const [after] = await t.dataSource.query<{ pos: string | null }[]>(
        `SELECT chain_pos AS pos FROM audit_event WHERE summary = 'after the forgery'`,
      );
      expect(after.pos).not.toBeNull();
      const [{ pos }] = await t.dataSource.query<{ pos: string | null }[]>(
        `SELECT chain_pos AS pos FROM audit_event WHERE id = $1`,
        [id],
      );
      expect(pos).not.toBeNull();
    } finally {
      await t.close();
    }
  });

  it('reports an event left unsealed for more than a minute', async () => {
    const { t, audit, admin } = await damageable();
    try {
      const summary = `stuck ${randomUUID()}`;
      await t.ownerQuery('BEGIN');
      try {
        // The head held by someone else: nobody can seal.
        await t.ownerQuery('SELECT 1 FROM audit_chain_head FOR UPDATE');
        await t.dataSource.query(
          `INSERT INTO audit_event (action, summary, at) VALUES ('read', $1, now() - interval '2 minutes')`,
          [summary],
        );
        const [stuck] = await t.dataSource.query<{ id: string; seq: string }[]>(
          `SELECT id, seq FROM audit_event WHERE summary = $1`,
          [summary],
        );
        expect((await audit.verify(admin)).problems).toEqual([
          { reason: 'unsealed', seq: Number(stuck.seq), id: stuck.id },
        ]);
      } finally {
        await t.ownerQuery('COMMIT');
      }
      expect((await audit.verify(admin)).problems).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('refuses a forged checkpoint, and finds the event one attests changed', async () => {
    const { t, audit, admin } = await damageable();
    try {
      const signed = await audit.checkpoint();
      const [head] = await t.dataSource.query<{ seq: string; hash: string }[]>(
        `SELECT seq, hash FROM audit_chain_head`,
      );
      expect(signed).toMatchObject({ seq: Number(head.seq), hash: head.hash });
      // Signed by another key, or altered after signing: refused.
      const stranger = signCheckpoint(randomBytes(32).toString('hex'), signed);
      await expect(audit.verify(admin, stranger)).rejects.toThrow(/checkpoint\.signature/);
      await expect(audit.verify(admin, { ...signed, seq: signed.seq - 1 })).rejects.toThrow(
        /checkpoint\.signature/,
      );
      expect(await audit.verify(admin, signed)).toMatchObject({ ok: true, problems: [] });
      await tamper(
        t,
        `UPDATE audit_event SET hash = repeat('f', 64) WHERE chain_pos = ${signed.seq}`,
      );
      expect((await audit.verify(admin, signed)).problems).toContainEqual(
        expect.objectContaining({ reason: 'checkpoint_mismatch', seq: signed.seq }),
      );
    } finally {
      await t.close();
    }
  });
});
