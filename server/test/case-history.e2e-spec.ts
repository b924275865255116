import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reencryptAll } from '../src/cli/rotate-key.js';
import { FieldEncryption } from '../src/encryption/field-encryption.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

interface HistoryEvent {
  id: string;
  action: string;
  entityId: string;
  actorId: string | null;
  actorElsewhere: boolean;
  teamId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
  stageReason: string | null;
}

/** Item 6–8 of issue 18: what a case's history tab, a client's events and their side effects show across a team boundary. */
describe('case history across teams', () => {
  let t: TestApp;
  let admin: string;
  let tbilisi: string;
  let almaty: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.tokenFor('admin@haven.local');
    tbilisi = await t.teamId('Tbilisi office');
    almaty = await t.teamId('Almaty office');
  });
  afterAll(() => t.close());

  const history = async (email: string, caseId: string) => {
    const response = await t
      .http()
      .get(`/api/cases/${caseId}/history?perPage=100&sort=seq&order=ASC`)
      .set('Authorization', await t.tokenFor(email));
    expect(response.status).toBe(200);
    return response.body.data as HistoryEvent[];
  };

  /** A Tbilisi caseworker's client who also has a case in Almaty (opened by the admin, assigned to caseworker.almaty). */
  const sharedClient = async (almatyCase: Record<string, unknown> = {}) => {
    const own = await intake(t, 'caseworker@haven.local', { case: { openedOn: '2026-01-10' } });
    const other = await t
      .http()
      .post('/api/cases')
      .set('Authorization', admin)
      .send({
        clientId: own.client.id,
        caseType: 'asylum',
        jurisdiction: 'KZ',
        teamId: almaty,
        assignedToId: await t.userId('caseworker.almaty@haven.local'),
        ...almatyCase,
      });
    expect(other.status).toBe(201);
    return {
      client: own.client,
      tbilisiCase: own.case,
      almatyCase: other.body as { id: string; version: number },
    };
  };

  const patchClient = async (email: string, id: string, body: Record<string, unknown>) => {
    const token = await t.tokenFor(email);
    const current = await t.http().get(`/api/clients/${id}`).set('Authorization', token);
    expect(current.status).toBe(200);
    const response = await t
      .http()
      .patch(`/api/clients/${id}`)
      .set('Authorization', token)
      .send({ version: current.body.version, ...body });
    expect(response.status).toBe(200);
    return response;
  };

  it('shows a caseworker no address and no actor of another team; the admin sees both', async () => {
    const { client, tbilisiCase } = await sharedClient();
    await patchClient('caseworker.almaty@haven.local', client.id, { currentCity: 'Almaty' });
    const almatyWorker = await t.userId('caseworker.almaty@haven.local');
    const own = await t.userId('caseworker@haven.local');

    const mine = await history('caseworker@haven.local', tbilisiCase.id);
    const foreign = mine.filter((e) => e.entityId === client.id && e.action === 'update');
    expect(foreign).toHaveLength(1);
    expect(foreign[0]).toMatchObject({
      actorId: null,
      actorElsewhere: true,
      ip: null,
      teamId: tbilisi,
      details: { fields: ['currentCity'] },
    });
    expect(mine.every((e) => e.ip === null)).toBe(true);
    expect(mine.some((e) => e.actorId === almatyWorker)).toBe(false);
    // Their own acts keep their name.
    expect(mine.some((e) => e.actorId === own && !e.actorElsewhere)).toBe(true);
    // Nor can a filter on the hidden actor tell who it was.
    const probe = await t
      .http()
      .get(`/api/cases/${tbilisiCase.id}/history?actorId=${almatyWorker}`)
      .set('Authorization', await t.tokenFor('caseworker@haven.local'));
    expect(probe.status).toBe(200);
    expect(probe.body.data).toEqual([]);
    const bad = await t
      .http()
      .get(`/api/cases/${tbilisiCase.id}/history?actorId=someone`)
      .set('Authorization', await t.tokenFor('caseworker@haven.local'));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/actorId/);

    const all = await history('admin@haven.local', tbilisiCase.id);
    const seen = all.filter((e) => e.entityId === client.id && e.action === 'update');
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(
      seen.every((e) => e.actorId === almatyWorker && e.ip !== null && !e.actorElsewhere),
    ).toBe(true);
    const filtered = await t
      .http()
      .get(`/api/cases/${tbilisiCase.id}/history?actorId=${almatyWorker}`)
      .set('Authorization', admin);
    expect(filtered.body.data.length).toBeGreaterThanOrEqual(1);
  });

  it('shows non-admins only the details that name no other record', async () => {
    const { client, tbilisiCase } = await sharedClient();
    const mine = await history('supervisor@haven.local', tbilisiCase.id);
    // The case's creation names its client and assignee: the admin sees them, the supervisor does not.
    const created = mine.find((e) => e.entityId === tbilisiCase.id && e.action === 'create');
    expect(created?.details).toBeNull();
    const all = await history('admin@haven.local', tbilisiCase.id);
    expect(
      all.find((e) => e.entityId === tbilisiCase.id && e.action === 'create')?.details,
    ).toMatchObject({ clientId: client.id });
  });

  it('does not show a supervisor the events filed only under another team', async () => {
    const { almatyCase } = await sharedClient();
    // Worked on in Almaty, then moved to Tbilisi: what Almaty did stays Almaty's.
    const worker = await t.tokenFor('caseworker.almaty@haven.local');
    const read = await t.http().get(`/api/cases/${almatyCase.id}`).set('Authorization', worker);
    const edited = await t
      .http()
      .patch(`/api/cases/${almatyCase.id}`)
      .set('Authorization', worker)
      .send({ version: read.body.version, priority: 'urgent' });
    expect(edited.status).toBe(200);
    const moved = await t
      .http()
      .patch(`/api/cases/${almatyCase.id}`)
      .set('Authorization', admin)
      .send({ version: edited.body.version, teamId: tbilisi });
    expect(moved.status).toBe(200);

    const all = await history('admin@haven.local', almatyCase.id);
    expect(all.some((e) => e.teamId === almaty && e.entityId === almatyCase.id)).toBe(true);
    const supervisor = await history('supervisor@haven.local', almatyCase.id);
    expect(supervisor.length).toBeGreaterThan(0);
    expect(supervisor.every((e) => e.teamId === tbilisi)).toBe(true);
    // The Almaty caseworker's edit of the priority is Almaty's event only.
    expect(
      supervisor.some(
        (e) =>
          e.action === 'update' &&
          (e.details?.fields as string[] | undefined)?.includes('priority'),
      ),
    ).toBe(false);
  });

  it('files a client edited by the admin under every team holding a case of theirs', async () => {
    const { client } = await sharedClient();
    await patchClient('admin@haven.local', client.id, { currentCity: 'Batumi' });
    const events = await t.dataSource.query<{ team_id: string | null }[]>(
      `SELECT team_id FROM audit_event WHERE entity_type = 'client' AND entity_id = $1 AND action = 'update' ORDER BY team_id`,
      [client.id],
    );
    expect(events.map((e) => e.team_id).sort()).toEqual([tbilisi, almaty].sort());
    const feed = await t
      .http()
      .get(`/api/audit-events?entityId=${client.id}&action=update`)
      .set('Authorization', await t.tokenFor('supervisor.almaty@haven.local'));
    expect(feed.status).toBe(200);
    expect(feed.body.data).toHaveLength(1);
    expect(feed.body.data[0]).toMatchObject({
      entityId: client.id,
      teamId: almaty,
      actorId: await t.userId('admin@haven.local'),
    });
  });

  it('files a read of a client under the reader’s team and every team holding a case of theirs', async () => {
    const { client } = await sharedClient();
    const read = await t
      .http()
      .get(`/api/clients/${client.id}`)
      .set('Authorization', await t.tokenFor('caseworker@haven.local'));
    expect(read.status).toBe(200);
    const events = await t.dataSource.query<{ team_id: string | null; actor_id: string }[]>(
      `SELECT team_id, actor_id FROM audit_event WHERE entity_type = 'client' AND entity_id = $1 AND action = 'read' AND actor_id = $2`,
      [client.id, await t.userId('caseworker@haven.local')],
    );
    expect(events.map((e) => e.team_id).sort()).toEqual([tbilisi, almaty].sort());
    // Not visible: no event at all, and a 404.
    const stranger = await t
      .http()
      .get(`/api/clients/${client.id}`)
      .set('Authorization', await t.tokenFor('caseworker.berlin@haven.local'));
    expect(stranger.status).toBe(404);
    const [{ count }] = await t.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM audit_event WHERE entity_id = $1 AND actor_id = $2`,
      [client.id, await t.userId('caseworker.berlin@haven.local')],
    );
    expect(count).toBe(0);
  });

  it('writes document-expiry deadlines only into a case the caller may see, each audited for its team', async () => {
    const { client, tbilisiCase, almatyCase } = await sharedClient({ openedOn: '2026-06-01' });
    const expiresOn = `${new Date().getUTCFullYear() + 3}-03-01`;
    await patchClient('caseworker@haven.local', client.id, {
      documents: [
        { kind: 'international_passport', number: '75 7654321', issuingCountry: 'RU', expiresOn },
      ],
    });

    const intoAlmaty = await t.dataSource.query(`SELECT id FROM deadline WHERE case_id = $1`, [
      almatyCase.id,
    ]);
    expect(intoAlmaty).toHaveLength(0);
    const intoOwn = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM deadline WHERE case_id = $1 AND kind = 'document_expiry' AND due_on > now() + interval '1 year'`,
      [tbilisiCase.id],
    );
    expect(intoOwn).toHaveLength(3);
    const audited = await t.dataSource.query<
      { entity_id: string; team_id: string; details: { caseId: string } }[]
    >(
      `SELECT entity_id, team_id, details FROM audit_event WHERE entity_type = 'deadline' AND action = 'create' AND entity_id = ANY($1::uuid[])`,
      [intoOwn.map((d) => d.id)],
    );
    expect(audited).toHaveLength(3);
    expect(audited.every((e) => e.team_id === tbilisi && e.details.caseId === tbilisiCase.id)).toBe(
      true,
    );
  });

  it('keeps a stage change’s reason out of the audit trail, encrypted on the case, and gives it back in the history', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const token = await t.tokenFor('caseworker@haven.local');
    const patch = async (body: Record<string, unknown>) => {
      const current = await t.http().get(`/api/cases/${c.id}`).set('Authorization', token);
      const response = await t
        .http()
        .patch(`/api/cases/${c.id}`)
        .set('Authorization', token)
        .send({ version: current.body.version, ...body });
      expect(response.status).toBe(200);
    };
    const reason = 'Met him at the safe house on Rustaveli 14: interview moved';
    await patch({ stage: 'interview' });
    await patch({ stage: 'preparation', stageReason: reason });

    const [{ leaks }] = await t.dataSource.query<{ leaks: number }[]>(
      `SELECT count(*)::int AS leaks FROM audit_event WHERE summary ILIKE '%safe house%' OR details::text ILIKE '%safe house%'`,
    );
    expect(leaks).toBe(0);
    const stored = await t.dataSource.query<
      { id: string; reason: string | null; from_stage: string; to_stage: string }[]
    >(
      `SELECT id, reason, from_stage, to_stage FROM case_stage_change WHERE case_id = $1 ORDER BY changed_at, to_stage`,
      [c.id],
    );
    const back = stored.find((row) => row.to_stage === 'preparation');
    expect(back?.reason).toMatch(/^v2\.k1\./);
    expect(back?.reason).not.toContain('safe house');
    const [event] = await t.dataSource.query<{ details: { stage: Record<string, unknown> } }[]>(
      `SELECT details FROM audit_event WHERE entity_type = 'case' AND entity_id = $1 AND action = 'update' AND details->'stage'->>'to' = 'preparation'`,
      [c.id],
    );
    expect(event.details.stage).toEqual({
      from: 'interview',
      to: 'preparation',
      changeId: back?.id,
    });

    const shown = await history('caseworker@haven.local', c.id);
    const change = shown.find(
      (e) => (e.details?.stage as { to?: string } | undefined)?.to === 'preparation',
    );
    expect(change).toMatchObject({
      stageReason: reason,
      details: { fields: ['stage'], stage: { from: 'interview', to: 'preparation' } },
    });
    expect(
      shown.find((e) => (e.details?.stage as { to?: string } | undefined)?.to === 'interview')
        ?.stageReason,
    ).toBeNull();

    // Key rotation re-encrypts the reason too, and it still reads back under the new key alone.
    const k2 = randomBytes(32);
    await reencryptAll(
      t.dataSource,
      new FieldEncryption(
        new Map([
          ['k1', t.config.encryptionKeys.get('k1')!],
          ['k2', k2],
        ]),
        'k2',
      ),
      () => undefined,
    );
    const [rotated] = await t.dataSource.query<{ reason: string }[]>(
      `SELECT reason FROM case_stage_change WHERE id = $1`,
      [back?.id],
    );
    expect(rotated.reason).toMatch(/^v2\.k2\./);
    expect(
      new FieldEncryption(new Map([['k2', k2]]), 'k2').decrypt(
        rotated.reason,
        `case_stage_change.reason:${back?.id}`,
      ),
    ).toBe(reason);
  });
});
