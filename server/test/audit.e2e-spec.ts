import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealPending } from '../src/audit/audit-sealer.js';
import { startTestApp, type TestApp } from './harness.js';

describe('the audit trail', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.tokenFor('admin@haven.local');
    // Some history: logins of several people, a write.
    await t.tokenFor('supervisor@haven.local');
    await t.tokenFor('supervisor.almaty@haven.local');
    const team = await t
      .http()
      .post('/api/teams')
      .set('Authorization', admin)
      .send({ name: 'Riga office', country: 'LV' });
    expect(team.status).toBe(201);
  });
  afterAll(() => t.close());

  it('is append-only in the database itself: the app’s role may not change it, and the triggers refuse even the owner', async () => {
    await expect(
      t.dataSource.query(`UPDATE audit_event SET summary = 'rewritten'`),
    ).rejects.toThrow(/permission denied/);
    await expect(t.dataSource.query(`DELETE FROM audit_event`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(t.dataSource.query(`TRUNCATE audit_event`)).rejects.toThrow(/permission denied/);
    await expect(t.ownerQuery(`UPDATE audit_event SET summary = 'rewritten'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.ownerQuery(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    await expect(t.ownerQuery(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
  });

  it('chains every event to the previous one, once sealed', async () => {
    await sealPending(t.dataSource);
    const rows = await t.dataSource.query<{ seq: string; hash: string; prev_hash: string }[]>(
      `SELECT seq, hash, prev_hash FROM audit_event ORDER BY chain_pos`,
    );
    expect(rows.length).toBeGreaterThan(3);
    expect(rows[0].prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
  });

  it('keeps the chain in order under concurrent writes', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.dataSource.query(`INSERT INTO audit_event (action, summary) VALUES ('read', $1)`, [
          `concurrent ${i}`,
        ]),
      ),
    );
    const verify = await t.http().get('/api/audit-events/verify').set('Authorization', admin);
    expect(verify.body.ok).toBe(true);
  });

  it('lets admins see everything and supervisors only their team', async () => {
    const all = await t.http().get('/api/audit-events?perPage=100').set('Authorization', admin);
    expect(all.status).toBe(200);
    const supervisor = await t.tokenFor('supervisor@haven.local');
    const tbilisi = await t.teamId('Tbilisi office');
    const team = await t
      .http()
      .get('/api/audit-events?perPage=100')
      .set('Authorization', supervisor);
    expect(team.status).toBe(200);
    expect(team.body.total).toBeGreaterThan(0);
    expect(team.body.total).toBeLessThan(all.body.total);
    expect(team.body.data.every((e: { teamId: string }) => e.teamId === tbilisi)).toBe(true);
    const almatyEvent = all.body.data.find(
      (e: { teamId: string | null }) => e.teamId && e.teamId !== tbilisi,
    );
    expect(
      (await t.http().get(`/api/audit-events/${almatyEvent.id}`).set('Authorization', supervisor))
        .status,
    ).toBe(404);
  });

  it('verifies an intact chain, then names the first event edited behind its back', async () => {
    const intact = await t.http().get('/api/audit-events/verify').set('Authorization', admin);
    expect(intact.status).toBe(200);
    expect(intact.body).toMatchObject({ ok: true, firstBroken: null });
    expect(intact.body.checked).toBeGreaterThan(3);

    // A superuser bypasses the append-only trigger and rewrites one event.
    const [target] = await t.dataSource.query<{ id: string; seq: string }[]>(
      `SELECT id, seq FROM audit_event ORDER BY seq OFFSET 2 LIMIT 1`,
    );
    await t.ownerQuery(
      `BEGIN; SET LOCAL session_replication_role = replica; UPDATE audit_event SET summary = 'nothing happened here' WHERE id = '${target.id}'; COMMIT`,
    );
    const broken = await t.http().get('/api/audit-events/verify').set('Authorization', admin);
    expect(broken.body.ok).toBe(false);
    expect(broken.body.firstBroken).toEqual({
      id: target.id,
      seq: Number(target.seq),
      reason: 'hash_mismatch',
    });
    expect(broken.body.problems).toEqual([broken.body.firstBroken]);
  });

  it('detects a deleted event as a gap and a broken link', async () => {
    const t2 = await startTestApp();
    try {
      const token = await t2.tokenFor('admin@haven.local');
      await t2.tokenFor('caseworker@haven.local');
      await t2.tokenFor('analyst@haven.local');
      await sealPending(t2.dataSource);
      const [victim, next] = await t2.dataSource.query<
        { id: string; chain_pos: string; seq: string }[]
      >(`SELECT id, chain_pos, seq FROM audit_event ORDER BY chain_pos OFFSET 1 LIMIT 2`);
      await t2.ownerQuery(
        `BEGIN; SET LOCAL session_replication_role = replica; DELETE FROM audit_event WHERE id = '${victim.id}'; COMMIT`,
      );
      const result = await t2.http().get('/api/audit-events/verify').set('Authorization', token);
      expect(result.body.ok).toBe(false);
      const position = Number(victim.chain_pos);
      expect(result.body.problems).toEqual([
        { reason: 'seq_gap', seq: position, id: null, throughSeq: position },
        { reason: 'broken_link', seq: Number(next.seq), id: next.id },
      ]);
      expect(result.body.firstBroken).toEqual(result.body.problems[0]);
    } finally {
      await t2.close();
    }
  });

  it('has no write routes', async () => {
    expect(
      (await t.http().post('/api/audit-events').set('Authorization', admin).send({})).status,
    ).toBe(404);
    const [one] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM audit_event LIMIT 1`);
    expect(
      (await t.http().delete(`/api/audit-events/${one.id}`).set('Authorization', admin)).status,
    ).toBe(404);
    expect(
      (await t.http().patch(`/api/audit-events/${one.id}`).set('Authorization', admin).send({}))
        .status,
    ).toBe(404);
  });
});
