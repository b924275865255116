import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

const PUBLIC_URL = 'https://haven.ngo.example/app';
const SECRET_TITLE = 'meeting at the safe house';

describe('calendar feed', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp({ publicUrl: PUBLIC_URL });
    admin = await t.tokenFor('admin@haven.local');
  });
  afterAll(() => t.close());

  const feedPath = (url: string) => {
    expect(url.startsWith(`${PUBLIC_URL}/api/calendar/feed.ics?token=`)).toBe(true);
    return url.slice(PUBLIC_URL.length);
  };
  const issue = async (token: string) => {
    const issued = await t.http().post('/api/calendar/token').set('Authorization', token);
    expect(issued.status).toBe(201);
    return issued.body as { token: string; url: string };
  };
  const user = async (email: string) =>
    (
      await t
        .http()
        .get(`/api/users/${await t.userId(email)}`)
        .set('Authorization', admin)
    ).body as { id: string; version: number };

  it('names each event by case reference and deadline kind only: never the title', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local', { client: { documents: [] } });
    const token = await t.tokenFor('caseworker@haven.local');
    const deadline = await t
      .http()
      .post('/api/deadlines')
      .set('Authorization', token)
      .send({ caseId: c.id, kind: 'appeal', title: SECRET_TITLE, dueOn: '2030-05-04' });
    expect(deadline.status).toBe(201);
    const feed = await t.http().get(feedPath((await issue(token)).url));
    expect(feed.status).toBe(200);
    expect(feed.text).not.toContain('safe house');
    expect(feed.text).not.toMatch(/^DESCRIPTION/m);
    const unfolded = feed.text.replace(/\r\n /g, '');
    expect(unfolded).toContain(`SUMMARY:${c.reference} · Appeal\r\n`);
    // Every summary is a reference and a kind label, nothing else.
    for (const summary of unfolded.match(/^SUMMARY:.*$/gm) ?? [])
      expect(summary).toMatch(/^SUMMARY:HV-\d{4}-\d{5} · [A-Za-z ]+\r?$/);
  });

  it('speaks the subscriber’s interface language for the kind', async () => {
    const { case: c } = await intake(t, 'caseworker2@haven.local', { client: { documents: [] } });
    const token = await t.tokenFor('caseworker2@haven.local');
    await t.http().post('/api/deadlines').set('Authorization', token).send({
      caseId: c.id,
      kind: 'hearing',
      title: 'Court hearing about the defector',
      dueOn: '2030-06-01',
    });
    expect(
      (await t.http().patch('/api/auth/me').set('Authorization', token).send({ locale: 'ru' }))
        .status,
    ).toBe(200);
    const feed = await t.http().get(feedPath((await issue(token)).url));
    expect(feed.text.replace(/\r\n /g, '')).toContain(`SUMMARY:${c.reference} · Слушание`);
    expect(feed.text).not.toContain('defector');
  });

  it('builds the feed URL from HAVEN_PUBLIC_URL, whatever Host or forwarding headers say', async () => {
    const token = await t.tokenFor('supervisor@haven.local');
    const issued = await t
      .http()
      .post('/api/calendar/token')
      .set('Authorization', token)
      .set('Host', 'evil.example')
      .set('X-Forwarded-Host', 'evil.example')
      .set('X-Forwarded-Proto', 'http');
    expect(issued.status).toBe(201);
    expect(issued.body.url).toBe(`${PUBLIC_URL}/api/calendar/feed.ics?token=${issued.body.token}`);
    expect(issued.body.url).not.toContain('evil');
  });

  it('revokes the token with DELETE (204, audited, idempotent), and reports the status', async () => {
    const token = await t.tokenFor('caseworker.almaty@haven.local');
    expect((await t.http().get('/api/calendar/token').set('Authorization', token)).body).toEqual({
      active: false,
      createdAt: null,
    });
    const { url } = await issue(token);
    const status = await t.http().get('/api/calendar/token').set('Authorization', token);
    expect(status.body.active).toBe(true);
    expect(Date.parse(status.body.createdAt)).not.toBeNaN();
    expect(status.body).not.toHaveProperty('token');
    expect((await t.http().get(feedPath(url))).status).toBe(200);

    expect((await t.http().delete('/api/calendar/token').set('Authorization', token)).status).toBe(
      204,
    );
    expect((await t.http().get(feedPath(url))).status).toBe(404);
    expect((await t.http().get('/api/calendar/token').set('Authorization', token)).body).toEqual({
      active: false,
      createdAt: null,
    });
    expect((await t.http().delete('/api/calendar/token').set('Authorization', token)).status).toBe(
      204,
    );
    const events = await t.dataSource.query<{ action: string; details: { revoked: boolean } }[]>(
      `SELECT action, details FROM audit_event WHERE entity_type = 'calendar_token' AND entity_id = $1 AND action = 'delete' ORDER BY seq`,
      [await t.userId('caseworker.almaty@haven.local')],
    );
    expect(events.map((e) => e.details.revoked)).toEqual([true, false]);
    expect((await t.http().delete('/api/calendar/token')).status).toBe(401);
  });

  it('revokes the feed when an admin sets a new password', async () => {
    const email = 'caseworker2.almaty@haven.local';
    const { url } = await issue(await t.tokenFor(email));
    expect((await t.http().get(feedPath(url))).status).toBe(200);
    const before = await user(email);
    const patched = await t
      .http()
      .patch(`/api/users/${before.id}`)
      .set('Authorization', admin)
      .send({ version: before.version, password: 'a-new-long-passphrase-42' });
    expect(patched.status).toBe(200);
    expect((await t.http().get(feedPath(url))).status).toBe(404);
  });

  it('revokes the feed when an admin changes the role', async () => {
    const email = 'caseworker.berlin@haven.local';
    const { url } = await issue(await t.tokenFor(email));
    expect((await t.http().get(feedPath(url))).status).toBe(200);
    const before = await user(email);
    const patched = await t
      .http()
      .patch(`/api/users/${before.id}`)
      .set('Authorization', admin)
      .send({ version: before.version, role: 'supervisor' });
    expect(patched.status).toBe(200);
    expect((await t.http().get(feedPath(url))).status).toBe(404);
  });

  it('revokes the feed on a team move or deactivation, however made, and not on other edits', async () => {
    const email = 'supervisor.berlin@haven.local';
    const id = await t.userId(email);
    const { url } = await issue(await t.tokenFor(email));
    // A change of name or language leaves the feed alone.
    await t.dataSource.query(
      `UPDATE app_user SET full_name = full_name || ' Jr', locale = 'ru' WHERE id = $1`,
      [id],
    );
    expect((await t.http().get(feedPath(url))).status).toBe(200);
    await t.dataSource.query(
      `UPDATE app_user SET team_id = (SELECT id FROM team WHERE name = 'Almaty office') WHERE id = $1`,
      [id],
    );
    expect((await t.http().get(feedPath(url))).status).toBe(404);

    const hash = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM calendar_token WHERE user_id = $1`,
      [id],
    );
    expect(hash[0].n).toBe(0);
    await t.dataSource.query(
      `INSERT INTO calendar_token (user_id, token_hash) VALUES ($1, repeat('a', 64))`,
      [id],
    );
    await t.dataSource.query(`UPDATE app_user SET active = false WHERE id = $1`, [id]);
    expect(
      (
        await t.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM calendar_token WHERE user_id = $1`,
          [id],
        )
      )[0].n,
    ).toBe(0);
  });
});
