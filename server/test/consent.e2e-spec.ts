import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/database/sql.js';
import { rollupAggregateSql } from '../src/statistics/rollup.queries.js';
import { countRollupChanges } from '../src/statistics/rollup.service.js';
import { aggregateSql } from '../src/statistics/statistics.queries.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const NOTE = 'Withdrew after her brother was questioned in Batumi';

/**
 * Consent as a history (api-contract.md, Data protection): events in order, the client's current
 * `consent` kept in step (the statistics read it, HAVEN_STATS_REQUIRE_CONSENT), intake and a
 * client's edit recorded as events, another team's client a 404, and no free text in the audit trail.
 */
describe('consent history', () => {
  let t: TestApp;
  let caseworker: string;
  let admin: string;
  let clientId: string;
  beforeAll(async () => {
    t = await startTestApp({ statsRequireConsent: true, statsMaxAgeSeconds: 0 });
    caseworker = await t.tokenFor('caseworker@haven.local');
    admin = await t.tokenFor('admin@haven.local');
    clientId = (await intake(t, 'caseworker@haven.local')).client.id;
  });
  afterAll(() => t.close());

  const history = (token: string, id = clientId) =>
    t.http().get(`/api/clients/${id}/consent`).set('Authorization', token);
  const record = (token: string, body: Record<string, unknown>, id = clientId) =>
    t.http().post(`/api/clients/${id}/consent`).set('Authorization', token).send(body);
  const consentOf = async (id: string) =>
    (
      await t.dataSource.query<{ consent: { scopes: string[] } | null }[]>(
        'SELECT consent FROM client WHERE id = $1',
        [id],
      )
    )[0].consent;

  it('starts the history at intake: one given event per scope, on the day and in the language given', async () => {
    const response = await history(caseworker);
    expect(response.status).toBe(200);
    expect(
      (response.body.data as Record<string, unknown>[])
        .map((e) => ({ scope: e.scope, action: e.action, on: e.on, language: e.language }))
        .sort((a, b) => String(a.scope).localeCompare(String(b.scope))),
    ).toEqual([
      { scope: 'data_processing', action: 'given', on: '2026-11-02', language: 'ru' },
      { scope: 'legal_representation', action: 'given', on: '2026-11-02', language: 'ru' },
    ]);
    const states = Object.fromEntries(
      (response.body.current as { scope: string; status: string }[]).map((s) => [
        s.scope,
        s.status,
      ]),
    );
    expect(states).toEqual({
      data_processing: 'given',
      legal_representation: 'given',
      share_with_partners: 'never',
      contact_by_message: 'never',
      anonymised_statistics: 'never',
    });
  });

  it('records a withdrawal, newest first, and the client’s consent follows in the same write', async () => {
    const before = (await t.http().get(`/api/clients/${clientId}`).set('Authorization', caseworker))
      .body;
    const response = await record(caseworker, {
      scope: 'legal_representation',
      action: 'withdrawn',
      on: today(),
      language: 'ru',
      note: NOTE,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.event).toMatchObject({
      scope: 'legal_representation',
      action: 'withdrawn',
      on: today(),
      language: 'ru',
      basis: 'explicit_consent',
      note: NOTE,
      recordedById: await t.userId('caseworker@haven.local'),
    });
    const after = (await t.http().get(`/api/clients/${clientId}`).set('Authorization', caseworker))
      .body;
    expect(after.consent.scopes).toEqual(['data_processing']);
    expect(after.version).toBe(before.version + 1);
    const read = await history(caseworker);
    expect(read.body.data[0]).toMatchObject({ action: 'withdrawn', note: NOTE });
    expect(
      (read.body.current as { scope: string; status: string; since: string }[]).find(
        (s) => s.scope === 'legal_representation',
      ),
    ).toMatchObject({ status: 'withdrawn', since: today() });
    // The note is ciphertext at rest.
    const [raw] = await t.dataSource.query<{ note: string }[]>(
      'SELECT note FROM consent_event WHERE id = $1',
      [response.body.event.id],
    );
    expect(raw.note).not.toContain('Batumi');
  });

  it('refuses a withdrawal of what is not given (409) and an event before the scope’s latest (400)', async () => {
    const again = await record(caseworker, {
      scope: 'legal_representation',
      action: 'withdrawn',
      on: today(),
      language: 'ru',
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'consent.not_given', field: 'scope' });
    const never = await record(caseworker, {
      scope: 'share_with_partners',
      action: 'withdrawn',
      on: today(),
      language: 'ru',
    });
    expect(never.status).toBe(409);
    const early = await record(caseworker, {
      scope: 'legal_representation',
      action: 'given',
      on: '2026-01-01',
      language: 'ru',
    });
    expect(early.status).toBe(400);
    expect(early.body).toMatchObject({ code: 'consent.out_of_order', field: 'on' });
    expect((await history(caseworker)).body.data).toHaveLength(3);
  });

  it('answers bad input with a 400 naming the field, and writes nothing', async () => {
    const good = { scope: 'contact_by_message', action: 'given', on: today(), language: 'en' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, scope: 'marketing' }, 'scope'],
      [{ ...good, action: 'revoked' }, 'action'],
      [{ ...good, on: daysAgo(-3) }, 'on'],
      [{ ...good, on: '2026-02-30' }, 'on'],
      [{ ...good, language: 'Russian' }, 'language'],
      [{ ...good, basis: 'because' }, 'basis'],
      [{ ...good, note: 'x'.repeat(2001) }, 'note'],
      [{ ...good, extra: 1 }, 'extra'],
      [{ scope: 'contact_by_message', action: 'given', language: 'en' }, 'on'],
    ];
    for (const [body, field] of cases) {
      const response = await record(caseworker, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(
        [
          response.body.field,
          ...((response.body.details ?? []) as { field: string }[]).map((d) => d.field),
        ],
        JSON.stringify(response.body),
      ).toContain(field);
    }
    // A malformed id names no record: a 404, as everywhere.
    expect(
      (
        await t
          .http()
          .post('/api/clients/not-a-uuid/consent')
          .set('Authorization', caseworker)
          .send(good)
      ).status,
    ).toBe(404);
    expect((await history(caseworker)).body.data).toHaveLength(3);
  });

  it('is a 404 for who may not see the client (another team, a colleague), a 403 for an analyst; nothing written', async () => {
    const good = { scope: 'contact_by_message', action: 'given', on: today(), language: 'en' };
    for (const email of [
      'supervisor.almaty@haven.local',
      'caseworker.almaty@haven.local',
      'caseworker2@haven.local',
    ]) {
      const token = await t.tokenFor(email);
      expect((await history(token)).status, email).toBe(404);
      expect((await record(token, good)).status, email).toBe(404);
    }
    const analyst = await t.tokenFor('analyst@haven.local');
    expect((await history(analyst)).status).toBe(403);
    expect((await record(analyst, good)).status).toBe(403);
    expect((await history(admin, randomUUID())).status).toBe(404);
    expect((await history(caseworker)).body.data).toHaveLength(3);
  });

  it('audits reads and writes under the client’s team, with codes only: never the note', async () => {
    const [team] = await t.dataSource.query<{ team_id: string }[]>(
      'SELECT team_id FROM legal_case WHERE client_id = $1',
      [clientId],
    );
    const events = await t.dataSource.query<
      {
        action: string;
        entity_type: string;
        entity_id: string;
        team_id: string;
        summary: string;
        details: unknown;
      }[]
    >(
      `SELECT action, entity_type, entity_id, team_id, summary, details FROM audit_event
        WHERE entity_type = 'consent_event' OR (entity_type = 'client' AND entity_id = $1) ORDER BY seq`,
      [clientId],
    );
    const created = events.filter((e) => e.entity_type === 'consent_event');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      action: 'create',
      team_id: team.team_id,
      summary: 'consent withdrawn: legal_representation',
      details: { clientId, scope: 'legal_representation', action: 'withdrawn' },
    });
    expect(events.filter((e) => e.summary === 'read the consent history').length).toBeGreaterThan(
      0,
    );
    const all = JSON.stringify(
      await t.dataSource.query('SELECT summary, details FROM audit_event'),
    );
    expect(all).not.toContain('Batumi');
  });

  it('takes the contract’s {scope, action, on} alone, and a withdrawn message consent clears “messages allowed”', async () => {
    const { client } = await intake(t, 'caseworker@haven.local', {
      client: {
        messagesAllowed: true,
        consent: {
          scopes: ['data_processing', 'contact_by_message'],
          givenOn: daysAgo(10),
          language: 'ru',
        },
      },
    });
    const withdrawn = await record(
      caseworker,
      { scope: 'contact_by_message', action: 'withdrawn', on: today() },
      client.id,
    );
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(201);
    // The language it was explained in defaults to that of the consent standing.
    expect(withdrawn.body.event.language).toBe('ru');
    const read = await t.http().get(`/api/clients/${client.id}`).set('Authorization', caseworker);
    expect(read.body.messagesAllowed).toBe(false);
    expect(read.body.consent.scopes).toEqual(['data_processing']);
  });

  it('records a client’s edit of their consent as events given and withdrawn', async () => {
    const read = async () =>
      (await t.http().get(`/api/clients/${clientId}`).set('Authorization', caseworker)).body;
    let client = await read();
    const edit = await t
      .http()
      .patch(`/api/clients/${clientId}`)
      .set('Authorization', caseworker)
      .send({
        version: client.version,
        consent: {
          scopes: ['data_processing', 'contact_by_message'],
          givenOn: today(),
          language: 'en',
        },
      });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    let states = (await history(caseworker)).body.current as { scope: string; status: string }[];
    expect(states.find((s) => s.scope === 'contact_by_message')?.status).toBe('given');
    client = await read();
    const removed = await t
      .http()
      .patch(`/api/clients/${clientId}`)
      .set('Authorization', caseworker)
      .send({
        version: client.version,
        consent: { scopes: ['contact_by_message'], givenOn: today(), language: 'en' },
      });
    expect(removed.status).toBe(200);
    const body = (await history(caseworker)).body;
    states = body.current;
    expect(states.find((s) => s.scope === 'data_processing')?.status).toBe('withdrawn');
    expect(body.data[0]).toMatchObject({
      scope: 'data_processing',
      action: 'withdrawn',
      on: today(),
    });
    expect((await consentOf(clientId))?.scopes).toEqual(['contact_by_message']);
  });

  describe('statistics under HAVEN_STATS_REQUIRE_CONSENT', () => {
    const consenting: string[] = [];
    const total = 30;
    beforeAll(async () => {
      const team = await t.teamId('Tbilisi office');
      for (let n = 0; n < total; n++) {
        const id = randomUUID();
        consenting.push(id);
        await t.dataSource.query(
          `INSERT INTO client (id, reference, given_name, family_name, sex, nationality, consent)
           VALUES ($1, $2, 'Given', 'Family', 'female', 'ER', $3)`,
          [
            id,
            `CL-CSNT-${n}`,
            JSON.stringify({
              scopes: ['data_processing', 'anonymised_statistics'],
              givenOn: '2024-01-01',
              language: 'ti',
            }),
          ],
        );
        await t.dataSource.query(
          `INSERT INTO consent_event (id, client_id, scope, action, "on", language, basis)
           VALUES ($1, $2, 'data_processing', 'given', '2024-01-01', 'ti', 'explicit_consent'),
                  ($3, $2, 'anonymised_statistics', 'given', '2024-01-01', 'ti', 'consent')`,
          [randomUUID(), id, randomUUID()],
        );
        await t.dataSource.query(
          `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, team_id, opened_on, outcome, stage)
           VALUES ($1, $2, $3, 'asylum', 'EE', $4, '2024-04-10', 'rejected', 'closed')`,
          [randomUUID(), `HV-CSNT-${n}`, id, team],
        );
      }
    });

    const microdataCount = async () => {
      const response = await t
        .http()
        .get('/api/stats/microdata')
        .set('Authorization', await t.tokenFor('analyst@haven.local'));
      expect(response.status).toBe(200);
      const body = JSON.parse(response.text) as { data: unknown[]; withheld: number };
      return body.data.length + body.withheld;
    };
    const eritreans = async (from: 'direct' | 'rollup') => {
      const scope = {
        unit: 'cases',
        periodBy: 'opened',
        from: null,
        to: null,
        consentOnly: true,
      } as const;
      const sql =
        from === 'direct'
          ? aggregateSql(['nationality'], scope)
          : rollupAggregateSql(['nationality'], scope);
      const found = (await rows(t.dataSource, sql, { plan: 'unnamed' })) as Record<
        string,
        unknown
      >[];
      return Number(found.find((row) => row.d0 === 'ER')?.count ?? 0);
    };

    it('stops counting a client once their anonymised-statistics consent is withdrawn, the rollup too', async () => {
      await countRollupChanges(t.dataSource);
      const counted = await microdataCount();
      expect(await eritreans('direct')).toBe(total);
      expect(await eritreans('rollup')).toBe(total);
      const withdrawing = consenting.slice(0, 12);
      for (const id of withdrawing) {
        const response = await record(
          admin,
          { scope: 'anonymised_statistics', action: 'withdrawn', on: today(), language: 'ti' },
          id,
        );
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        expect((await consentOf(id))?.scopes).toEqual(['data_processing']);
      }
      expect(await microdataCount()).toBe(counted - withdrawing.length);
      expect(await eritreans('direct')).toBe(total - withdrawing.length);
      await countRollupChanges(t.dataSource);
      expect(await eritreans('rollup')).toBe(total - withdrawing.length);
      // Given again: counted again.
      const back = await record(
        admin,
        { scope: 'anonymised_statistics', action: 'given', on: today(), language: 'ti' },
        withdrawing[0],
      );
      expect(back.status).toBe(201);
      await countRollupChanges(t.dataSource);
      expect(await eritreans('rollup')).toBe(total - withdrawing.length + 1);
      expect(await microdataCount()).toBe(counted - withdrawing.length + 1);
    });
  });
});
