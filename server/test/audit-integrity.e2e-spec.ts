import { createHmac, createPublicKey, verify } from 'node:crypto';
import type { AuditCheckpoint, AuditProblem } from '@haven/shared';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { KeyedAuditChain1766102400000 } from '../../migrations/1766102400000-keyed-audit-chain.js';
import { AuditSealer1766448000000 } from '../../migrations/1766448000000-audit-sealer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointMessage, checkpointPublicKey } from '../src/audit/audit-chain.js';
import { sealPending } from '../src/audit/audit-sealer.js';
import { subkey } from '../src/config/subkeys.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { warnIfPrivileged } from '../src/database/roles.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * The audit trail against its own database: the role the server runs as cannot rewrite it, and
 * whatever a superuser does to it, verify — with the last checkpoint — reports.
 */

/** Links every committed event into the chain now, as verify and checkpoints do first. */
const seal = (t: TestApp) => sealPending(t.dataSource);

/** A trail with some history, all of it sealed: sign-ins of several people and a write. */
async function withHistory(): Promise<{ t: TestApp; admin: string }> {
  const t = await startTestApp();
  const admin = await t.tokenFor('admin@haven.local');
  await t.tokenFor('supervisor@haven.local');
  await t.tokenFor('caseworker@haven.local');
  expect(
    (
      await t
        .http()
        .post('/api/teams')
        .set('Authorization', admin)
        .send({ name: 'Riga office', country: 'LV' })
    ).status,
  ).toBe(201);
  await seal(t);
  return { t, admin };
}

/**
 * As the superuser, around the append-only triggers, holding the chain's head so that no sealer
 * runs meanwhile.
 */
const superuser = (t: TestApp, sql: string) =>
  t.ownerQuery(
    `BEGIN; SET LOCAL session_replication_role = replica; SELECT 1 FROM audit_chain_head FOR UPDATE; ${sql}; COMMIT`,
  );

/** The sealed events in chain order (`pos`: the chain position). */
const events = (t: TestApp) =>
  t.dataSource.query<{ id: string; seq: string; pos: string; hash: string }[]>(
    `SELECT id, seq, chain_pos AS pos, hash FROM audit_event WHERE chain_pos IS NOT NULL ORDER BY chain_pos`,
  );

async function verifyTrail(
  t: TestApp,
  admin: string,
  checkpoint?: AuditCheckpoint,
): Promise<{ ok: boolean; checked: number; problems: AuditProblem[] }> {
  const response = checkpoint
    ? await t
        .http()
        .post('/api/audit-events/verify')
        .set('Authorization', admin)
        .send({ checkpoint })
    : await t.http().get('/api/audit-events/verify').set('Authorization', admin);
  expect(response.status).toBe(200);
  return response.body;
}

async function checkpoint(t: TestApp, admin: string): Promise<AuditCheckpoint> {
  const response = await t.http().get('/api/audit-events/checkpoint').set('Authorization', admin);
  expect(response.status).toBe(200);
  return response.body;
}

describe('the runtime role', () => {
  let t: TestApp;
  beforeAll(async () => {
    ({ t } = await withHistory());
  });
  afterAll(() => t.close());

  it('is no superuser, owns nothing of the trail, and holds only INSERT and SELECT on it', async () => {
    const [role] = await t.dataSource.query<
      { superuser: boolean; owner: boolean; privileges: string[] }[]
    >(`
      SELECT r.rolsuper AS superuser, pg_has_role(current_user, c.relowner, 'USAGE') AS owner,
             array(SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p
                    WHERE has_table_privilege(c.oid, p)) AS privileges
        FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = 'audit_event'::regclass`);
    expect(role).toEqual({ superuser: false, owner: false, privileges: ['SELECT', 'INSERT'] });
    expect(await warnIfPrivileged(t.dataSource)).toEqual([]);
    // The superuser, by contrast, is warned about.
    expect(
      (
        await warnIfPrivileged({
          query: (sql: string, params?: unknown[]) => t.ownerQuery(sql, params),
        })
      ).join(' '),
    ).toMatch(/superuser/);
  });

  it('cannot update, delete, truncate, disable the triggers, replicate around them, or move the chain’s head', async () => {
    const before = await events(t);
    await expect(
      t.dataSource.query(`UPDATE audit_event SET summary = 'nothing happened'`),
    ).rejects.toThrow(/permission denied/);
    await expect(t.dataSource.query(`DELETE FROM audit_event WHERE seq = 2`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(t.dataSource.query(`TRUNCATE audit_event`)).rejects.toThrow(/permission denied/);
    await expect(
      t.dataSource.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change`),
    ).rejects.toThrow(/must be owner/);
    await expect(t.dataSource.query(`ALTER TABLE audit_event DISABLE TRIGGER ALL`)).rejects.toThrow(
      /must be owner/,
    );
    await expect(t.dataSource.query(`SET session_replication_role = replica`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      t.dataSource.query(
        `CREATE TRIGGER sneak BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`,
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(t.dataSource.query(`UPDATE audit_chain_head SET seq = seq - 1`)).rejects.toThrow(
      /permission denied/,
    );
    expect(await events(t)).toEqual(before);
  });

  it('can still append, and the trigger decides seq and MAC whatever the insert says; the sealer links it', async () => {
    const [last] = (await events(t)).slice(-1);
    const [{ max }] = await t.dataSource.query<{ max: string }[]>(
      `SELECT max(seq)::text AS max FROM audit_event`,
    );
    await t.dataSource.query(
      `INSERT INTO audit_event (action, summary, seq, hash, prev_hash, chain_version, chain_pos, content_mac) VALUES ('read', 'forged fields', 1, repeat('a', 64), repeat('b', 64), 1, 1, repeat('c', 64))`,
    );
    const appended = () =>
      t.dataSource.query<
        {
          seq: string;
          chain_pos: string | null;
          prev_hash: string | null;
          hash: string | null;
          chain_version: number;
          content_mac: string;
        }[]
      >(
        `SELECT seq, chain_pos, prev_hash, hash, chain_version, content_mac FROM audit_event WHERE summary = 'forged fields'`,
      );
    const [row] = await appended();
    expect(Number(row.seq)).toBeGreaterThan(Number(max));
    expect(row).toMatchObject({ chain_version: 3, chain_pos: null, prev_hash: null, hash: null });
    expect(row.content_mac).toMatch(/^[0-9a-f]{64}$/);
    expect(row.content_mac).not.toBe('c'.repeat(64));
    await seal(t);
    const [sealed] = await appended();
    expect(sealed).toMatchObject({
      chain_pos: String(Number(last.pos) + 1),
      prev_hash: last.hash,
    });
  });

  it('cannot write an event on a connection without the chain key', async () => {
    const keyless = new DataSource(dataSourceOptions(t.config.databaseUrl!, 1));
    await keyless.initialize();
    try {
      await expect(
        keyless.query(`INSERT INTO audit_event (action, summary) VALUES ('read', 'unkeyed')`),
      ).rejects.toThrow(/audit chain key is not set/);
      await expect(keyless.query(`SELECT audit_seal(10)`)).rejects.toThrow(
        /audit chain key is not set/,
      );
    } finally {
      await keyless.destroy();
    }
    expect(await t.dataSource.query(`SELECT 1 FROM audit_event WHERE summary = 'unkeyed'`)).toEqual(
      [],
    );
  });

  it('keys each event’s content and its link by HMAC-SHA256 under the audit-chain subkey of the secret', async () => {
    const [row] = await t.dataSource.query<
      { content: string; content_mac: string; link: string; hash: string }[]
    >(`
      SELECT json_build_array(e.chain_version, e.seq, e.id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               e.actor_id, e.action, e.entity_type, e.entity_id, e.team_id, e.ip, e.summary, e.details)::text AS content,
             e.content_mac, json_build_array(3, e.chain_pos, e.content_mac, e.prev_hash)::text AS link, e.hash
        FROM audit_event e WHERE chain_pos IS NOT NULL ORDER BY chain_pos DESC LIMIT 1`);
    const hmac = (message: string) =>
      createHmac('sha256', subkey(t.config.secret, 'audit-chain'))
        .update(message, 'utf8')
        .digest('hex');
    expect(row.content_mac).toBe(hmac(row.content));
    expect(row.hash).toBe(hmac(row.link));
  });

  it('leaves no gap in the chain when an insert rolls back', async () => {
    await seal(t);
    const [last] = (await events(t)).slice(-1);
    await t.dataSource
      .transaction(async (manager) => {
        await manager.query(
          `INSERT INTO audit_event (action, summary) VALUES ('read', 'rolled back')`,
        );
        await manager.query(`SELECT 1 / 0`);
      })
      .catch(() => undefined);
    await t.dataSource.query(
      `INSERT INTO audit_event (action, summary) VALUES ('read', 'after the rollback')`,
    );
    await seal(t);
    const [{ pos }] = await t.dataSource.query<{ pos: string }[]>(
      `SELECT chain_pos::text AS pos FROM audit_event WHERE summary = 'after the rollback'`,
    );
    expect(Number(pos)).toBe(Number(last.pos) + 1);
  });
});

describe('a superuser rewriting the trail', () => {
  it('edits an event and recomputes its hash the old, unkeyed way: verify names it', async () => {
    const { t, admin } = await withHistory();
    try {
      expect(await verifyTrail(t, admin)).toMatchObject({ ok: true, problems: [] });
      const [, , target] = await events(t);
      await superuser(
        t,
        `UPDATE audit_event e SET summary = 'nothing happened here' WHERE id = '${target.id}';
        UPDATE audit_event e SET hash = audit_event_digest(e) WHERE id = '${target.id}'`,
      );
      const result = await verifyTrail(t, admin);
      expect(result.ok).toBe(false);
      expect(result.problems[0]).toEqual({
        reason: 'hash_mismatch',
        seq: Number(target.seq),
        id: target.id,
      });

      // Passing it off as an event of before the keyed chain does not help either.
      await superuser(
        t,
        `UPDATE audit_event e SET chain_version = 1 WHERE id = '${target.id}'; UPDATE audit_event e SET hash = audit_event_digest(e) WHERE id = '${target.id}'`,
      );
      const again = await verifyTrail(t, admin);
      expect(again.problems).toContainEqual({
        reason: 'unkeyed',
        seq: Number(target.seq),
        id: target.id,
      });
    } finally {
      await t.close();
    }
  });

  it('deletes an event in the middle: verify reports the gap', async () => {
    const { t, admin } = await withHistory();
    try {
      const [, , victim] = await events(t);
      await superuser(t, `DELETE FROM audit_event WHERE id = '${victim.id}'`);
      const result = await verifyTrail(t, admin);
      expect(result.ok).toBe(false);
      expect(result.problems).toContainEqual({
        reason: 'seq_gap',
        seq: Number(victim.pos),
        id: null,
        throughSeq: Number(victim.pos),
      });
    } finally {
      await t.close();
    }
  });

  it('cuts the tail: the chain’s head shows it', async () => {
    const { t, admin } = await withHistory();
    try {
      const [last] = (await events(t)).slice(-1);
      const cut = Number(last.pos) - 1;
      await superuser(t, `DELETE FROM audit_event WHERE chain_pos >= ${cut}`);
      const result = await verifyTrail(t, admin);
      expect(result.ok).toBe(false);
      expect(result.problems).toContainEqual({
        reason: 'tail_cut',
        seq: cut,
        id: null,
        throughSeq: Number(last.pos),
      });
    } finally {
      await t.close();
    }
  });

  it('cuts the tail and moves the chain’s head back with it: verify with the last checkpoint reports it', async () => {
    const { t, admin } = await withHistory();
    try {
      const signed = await checkpoint(t, admin);
      await t.tokenFor('analyst@haven.local');
      await t.tokenFor('caseworker2@haven.local');
      await seal(t);
      await superuser(
        t,
        `DELETE FROM audit_event WHERE chain_pos >= ${signed.seq - 1};
        UPDATE audit_chain_head h SET seq = l.chain_pos, hash = l.hash FROM (SELECT chain_pos, hash FROM audit_event WHERE chain_pos IS NOT NULL ORDER BY chain_pos DESC LIMIT 1) l`,
      );
      // A consistent cut: without a record kept outside the database nothing is left to compare.
      expect((await verifyTrail(t, admin)).ok).toBe(true);
      const withCheckpoint = await verifyTrail(t, admin, signed);
      expect(withCheckpoint.ok).toBe(false);
      expect(withCheckpoint.problems).toEqual([
        { reason: 'checkpoint_missing', seq: signed.seq, id: null },
      ]);
    } finally {
      await t.close();
    }
  });

  it('disables the trigger and inserts a forged sealed event: verify reports it', async () => {
    const { t, admin } = await withHistory();
    try {
      const [last] = (await events(t)).slice(-1);
      const [{ next }] = await t.dataSource.query<{ next: string }[]>(
        `SELECT (max(seq) + 1)::text AS next FROM audit_event`,
      );
      const pos = Number(last.pos) + 1;
      await t.ownerQuery(`BEGIN; ALTER TABLE audit_event DISABLE TRIGGER audit_event_chain;
        INSERT INTO audit_event (seq, action, summary, prev_hash, hash, chain_version, chain_pos, content_mac)
          VALUES (${next}, 'read', 'forged', '${last.hash}', repeat('0', 64), 3, ${pos}, repeat('0', 64));
        ALTER TABLE audit_event ENABLE TRIGGER audit_event_chain; COMMIT`);
      const result = await verifyTrail(t, admin);
      expect(result.ok).toBe(false);
      expect(result.problems).toContainEqual(
        expect.objectContaining({ reason: 'hash_mismatch', seq: Number(next) }),
      );
      expect(result.problems).toContainEqual(
        expect.objectContaining({ reason: 'head_mismatch', seq: Number(next) }),
      );
      // Later events are still appended and sealed, past the forged one.
      await t.login('analyst@haven.local');
      const again = await verifyTrail(t, admin);
      expect(again.checked).toBeGreaterThan(result.checked);
      expect(again.problems).toContainEqual(
        expect.objectContaining({ reason: 'hash_mismatch', seq: Number(next) }),
      );
    } finally {
      await t.close();
    }
  });

  it('rewrites the whole chain by the unkeyed rule, head and all: verify with the last checkpoint reports it', async () => {
    const { t, admin } = await withHistory();
    try {
      const signed = await checkpoint(t, admin);
      const [, target] = await events(t);
      await superuser(
        t,
        `DO $$ DECLARE r audit_event; prev char(64) := repeat('0', 64); BEGIN
          FOR r IN SELECT * FROM audit_event ORDER BY seq LOOP
            r.chain_version := 1; r.prev_hash := prev;
            IF r.id = '${target.id}' THEN r.summary := 'nothing happened here'; END IF;
            r.hash := audit_event_digest(r);
            UPDATE audit_event SET chain_version = 1, chain_pos = NULL, content_mac = NULL, prev_hash = r.prev_hash, summary = r.summary, hash = r.hash WHERE id = r.id;
            prev := r.hash;
          END LOOP;
          UPDATE audit_chain_head SET seq = (SELECT max(seq) FROM audit_event), hash = prev,
            keyed_from = (SELECT max(seq) + 1 FROM audit_event), sealed_from = (SELECT max(seq) + 1 FROM audit_event);
        END $$`,
      );
      // A consistent forgery: without a record kept outside the database nothing is left to compare.
      expect((await verifyTrail(t, admin)).ok).toBe(true);
      const result = await verifyTrail(t, admin, signed);
      expect(result.ok).toBe(false);
      // The position the checkpoint attests now holds another event, or none.
      expect(result.problems).toContainEqual(
        expect.objectContaining({
          reason: expect.stringMatching(/^checkpoint_(mismatch|missing)$/),
          seq: signed.seq,
        }),
      );
    } finally {
      await t.close();
    }
  });
});

describe('a trail begun before the keyed chain', () => {
  it('keeps its unkeyed events verifiable, tolerates the old sequence’s gaps, and keys everything after', async () => {
    const { t, admin } = await withHistory();
    try {
      // The owner's connection is one (a pool of one): BEGIN … COMMIT around a migration hold, as the migration runner's do.
      const owner = {
        query: (sql: string, params?: unknown[]) => t.ownerQuery(sql, params),
      } as unknown as QueryRunner;
      const migration = async (
        step: 'up' | 'down',
        which: MigrationInterface = new KeyedAuditChain1766102400000(),
      ) => {
        await t.ownerQuery('BEGIN');
        await which[step](owner);
        await t.ownerQuery('COMMIT');
      };
      const sealer = new AuditSealer1766448000000();
      // Back to the unkeyed chain, on an empty trail: events as the old trigger wrote them, one
      // number taken by an insert that rolled back.
      await seal(t);
      await migration('down', sealer);
      await migration('down');
      await t.ownerQuery(
        `BEGIN; SET LOCAL session_replication_role = replica; DELETE FROM audit_event; COMMIT`,
      );
      await t.ownerQuery(`SELECT setval('audit_event_seq_seq', 1, false)`);
      await t.ownerQuery(
        `INSERT INTO audit_event (action, summary) VALUES ('read', 'legacy 1'), ('read', 'legacy 2')`,
      );
      await t.ownerQuery(
        `BEGIN; INSERT INTO audit_event (action, summary) VALUES ('read', 'rolled back'); ROLLBACK`,
      );
      await t.ownerQuery(`INSERT INTO audit_event (action, summary) VALUES ('read', 'legacy 4')`);
      await migration('up');
      await migration('up', sealer);

      await t.login('supervisor@haven.local');
      const rows = await t.dataSource.query<{ seq: string; chain_version: number }[]>(
        `SELECT seq, chain_version FROM audit_event ORDER BY seq`,
      );
      expect(rows.slice(0, 4)).toEqual([
        { seq: '1', chain_version: 1 },
        { seq: '2', chain_version: 1 },
        { seq: '4', chain_version: 1 },
        { seq: '5', chain_version: 3 },
      ]);
      expect(await verifyTrail(t, admin)).toMatchObject({ ok: true, problems: [] });

      // An edit of a legacy event still shows.
      await superuser(t, `UPDATE audit_event SET summary = 'rewritten' WHERE seq = 2`);
      expect((await verifyTrail(t, admin)).problems).toEqual([
        { reason: 'hash_mismatch', seq: 2, id: expect.any(String) },
      ]);
    } finally {
      await t.close();
    }
  });
});

describe('checkpoints', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    ({ t, admin } = await withHistory());
  });
  afterAll(() => t.close());

  it('attest the last event, signed with Ed25519 under a key derived from the secret', async () => {
    const signed = await checkpoint(t, admin);
    const [last] = await t.dataSource.query<{ seq: string; hash: string }[]>(
      `SELECT chain_pos AS seq, hash FROM audit_event WHERE chain_pos <= $1 ORDER BY chain_pos DESC LIMIT 1`,
      [signed.seq],
    );
    expect(signed).toMatchObject({ seq: Number(last.seq), hash: last.hash });
    expect(Date.parse(signed.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(
      verify(
        null,
        checkpointMessage(signed),
        createPublicKey(checkpointPublicKey(t.config.secret)),
        Buffer.from(signed.signature, 'base64url'),
      ),
    ).toBe(true);
    expect(await verifyTrail(t, admin, signed)).toMatchObject({ ok: true, problems: [] });
  });

  it('are for admins only', async () => {
    const supervisor = await t.tokenFor('supervisor@haven.local');
    expect(
      (await t.http().get('/api/audit-events/checkpoint').set('Authorization', supervisor)).status,
    ).toBe(403);
    const signed = await checkpoint(t, admin);
    expect(
      (
        await t
          .http()
          .post('/api/audit-events/verify')
          .set('Authorization', supervisor)
          .send({ checkpoint: signed })
      ).status,
    ).toBe(403);
  });

  it('refuse a checkpoint whose signature does not verify, or that was altered after signing', async () => {
    const signed = await checkpoint(t, admin);
    const flipped = Buffer.from(signed.signature, 'base64url');
    flipped[10] ^= 1;
    for (const forged of [
      { ...signed, signature: flipped.toString('base64url') },
      { ...signed, seq: signed.seq - 1 },
      { ...signed, hash: '0'.repeat(64) },
      { ...signed, at: new Date(Date.parse(signed.at) + 1000).toISOString() },
    ]) {
      const response = await t
        .http()
        .post('/api/audit-events/verify')
        .set('Authorization', admin)
        .send({ checkpoint: forged });
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/checkpoint\.signature/);
    }
  });

  it('refuse a malformed checkpoint with a 400 naming the field', async () => {
    const signed = await checkpoint(t, admin);
    const post = (body: unknown) =>
      t
        .http()
        .post('/api/audit-events/verify')
        .set('Authorization', admin)
        .send(body as object);
    expect((await post({})).body.message).toMatch(/checkpoint/);
    const badHash = await post({ checkpoint: { ...signed, hash: 'xyz' } });
    expect(badHash.status).toBe(400);
    expect(JSON.stringify(badHash.body)).toMatch(/checkpoint\.hash/);
    const badSeq = await post({ checkpoint: { ...signed, seq: -1 } });
    expect(badSeq.status).toBe(400);
    expect(JSON.stringify(badSeq.body)).toMatch(/checkpoint\.seq/);
  });
});
