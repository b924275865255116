import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * Nothing changes behind the caseworker's back (#25): a note never adds a ground to its case unless
 * asked to, and a rule dates a case's deadline once at a time.
 */
describe('no silent changes', () => {
  let t: TestApp;
  let caseworker: string;
  beforeAll(async () => {
    t = await startTestApp();
    caseworker = await t.tokenFor('caseworker@haven.local');
  });
  afterAll(() => t.close());

  const caseRow = async (id: string) =>
    (
      await t.dataSource.query<{ grounds: string[]; version: number }[]>(
        `SELECT grounds, version FROM legal_case WHERE id = $1`,
        [id],
      )
    )[0];
  const noteCount = async (caseId: string) =>
    Number(
      (
        await t.dataSource.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM note WHERE case_id = $1`,
          [caseId],
        )
      )[0].n,
    );
  const caseAudit = async (caseId: string) =>
    t.dataSource.query<{ summary: string; details: Record<string, unknown> }[]>(
      `SELECT summary, details FROM audit_event
        WHERE entity_type = 'case' AND entity_id = $1 AND action = 'update' ORDER BY seq`,
      [caseId],
    );
  const postNote = (body: Record<string, unknown>) =>
    t.http().post('/api/notes').set('Authorization', caseworker).send(body);

  describe('a note on a ground the case lacks', () => {
    it('is refused with a coded 409 naming the ground, and nothing is written', async () => {
      const { case: c } = await intake(t, 'caseworker@haven.local');
      const before = await caseRow(c.id);
      expect(before.grounds).toEqual(['conscientious_objection', 'political_opinion']);
      const refused = await postNote({
        caseId: c.id,
        ground: 'religion',
        title: 'Baptist congregation',
        body: 'He preached.',
      });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        code: 'note.ground_not_on_case',
        field: 'ground',
        args: { ground: 'religion' },
      });
      expect(await caseRow(c.id)).toEqual(before);
      expect(await noteCount(c.id)).toBe(0);
      expect(await caseAudit(c.id)).toEqual([]);
      // Saying "no" explicitly is the same refusal.
      const no = await postNote({
        caseId: c.id,
        ground: 'religion',
        title: 'Baptist congregation',
        body: 'He preached.',
        addGroundToCase: false,
      });
      expect(no.status).toBe(409);
      expect(await noteCount(c.id)).toBe(0);
    });

    it('is saved on a ground of the case without touching the case', async () => {
      const { case: c } = await intake(t, 'caseworker@haven.local');
      const before = await caseRow(c.id);
      const saved = await postNote({
        caseId: c.id,
        ground: 'political_opinion',
        title: 'Pickets',
        body: 'Held a sign.',
      });
      expect(saved.status).toBe(201);
      expect(await caseRow(c.id)).toEqual(before);
      expect(await caseAudit(c.id)).toEqual([]);
    });

    it('adds the ground when asked: the case’s version moves and the case change is audited', async () => {
      const { case: c } = await intake(t, 'caseworker@haven.local');
      const before = await caseRow(c.id);
      const saved = await postNote({
        caseId: c.id,
        ground: 'religion',
        title: 'Baptist congregation',
        body: 'He preached.',
        addGroundToCase: true,
      });
      expect(saved.status).toBe(201);
      const after = await caseRow(c.id);
      expect(after.grounds).toEqual([...before.grounds, 'religion']);
      expect(after.version).toBe(before.version + 1);
      const events = await caseAudit(c.id);
      expect(events).toEqual([
        {
          summary: 'updated grounds',
          details: { fields: ['grounds'], addedGround: 'religion', noteId: saved.body.id },
        },
      ]);
      const theCase = await t.http().get(`/api/cases/${c.id}`).set('Authorization', caseworker);
      expect(theCase.body.grounds).toContain('religion');
      // An edit form opened on the old grounds is refused, not obeyed.
      const stale = await t
        .http()
        .patch(`/api/cases/${c.id}`)
        .set('Authorization', caseworker)
        .send({ version: before.version, grounds: before.grounds });
      expect(stale.status).toBe(409);
      // A second note on it asks nothing: the case has it now.
      const second = await postNote({
        caseId: c.id,
        ground: 'religion',
        title: 'Raids on the prayer house',
        body: 'Police came twice.',
      });
      expect(second.status).toBe(201);
      expect((await caseRow(c.id)).version).toBe(after.version);
    });

    it('moving a note to a ground the case lacks asks the same question', async () => {
      const { case: c } = await intake(t, 'caseworker@haven.local');
      const created = await postNote({
        caseId: c.id,
        ground: 'political_opinion',
        title: 'Pickets',
        body: 'Held a sign.',
      });
      const before = await caseRow(c.id);
      const refused = await t
        .http()
        .patch(`/api/notes/${created.body.id}`)
        .set('Authorization', caseworker)
        .send({ version: 1, ground: 'race' });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'note.ground_not_on_case', field: 'ground' });
      const unchanged = await t
        .http()
        .get(`/api/notes/${created.body.id}`)
        .set('Authorization', caseworker);
      expect(unchanged.body).toMatchObject({ ground: 'political_opinion', version: 1 });
      expect(await caseRow(c.id)).toEqual(before);

      const moved = await t
        .http()
        .patch(`/api/notes/${created.body.id}`)
        .set('Authorization', caseworker)
        .send({ version: 1, ground: 'race', addGroundToCase: true });
      expect(moved.status).toBe(200);
      expect(moved.body.ground).toBe('race');
      expect((await caseRow(c.id)).grounds).toEqual([...before.grounds, 'race']);
      expect((await caseAudit(c.id)).map((e) => e.details.addedGround)).toEqual(['race']);
    });

    it('making a withdrawn note active again on a ground the case has lost asks the same question', async () => {
      const { case: c } = await intake(t, 'caseworker@haven.local');
      const created = await postNote({
        caseId: c.id,
        ground: 'race',
        title: 'Slurs at the office',
        body: 'Twice.',
        addGroundToCase: true,
      });
      expect(created.status).toBe(201);
      const patch = (body: Record<string, unknown>) =>
        t.http().patch(`/api/notes/${created.body.id}`).set('Authorization', caseworker).send(body);
      const withdrawn = await patch({ version: created.body.version, status: 'withdrawn' });
      expect(withdrawn.status).toBe(200);
      await t.dataSource.query(
        `UPDATE legal_case SET grounds = array_remove(grounds, 'race') WHERE id = $1`,
        [c.id],
      );
      const refused = await patch({ version: withdrawn.body.version, status: 'active' });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'note.ground_not_on_case', field: 'ground' });
      const back = await patch({
        version: withdrawn.body.version,
        status: 'active',
        addGroundToCase: true,
      });
      expect(back.status).toBe(200);
      expect((await caseRow(c.id)).grounds).toContain('race');
    });

    it('another team’s case is still a 404, whatever the ground', async () => {
      const { case: c } = await intake(t, 'caseworker.almaty@haven.local');
      const response = await postNote({
        caseId: c.id,
        ground: 'religion',
        title: 'Probe',
        body: '',
        addGroundToCase: true,
      });
      expect(response.status).toBe(404);
      expect((await caseRow(c.id)).grounds).not.toContain('religion');
    });
  });

  describe('a rule already open on the case', () => {
    it('is refused with a coded 409 on ruleId, whatever the trigger date, until the open one is closed', async () => {
      const { case: c } = await intake(t, 'caseworker@haven.local', { client: { documents: [] } });
      const add = (triggerDate: string) =>
        t
          .http()
          .post('/api/deadlines')
          .set('Authorization', caseworker)
          .send({ caseId: c.id, ruleId: 'DE.appeal', triggerDate });
      const first = await add('2026-03-02');
      expect(first.status).toBe(201);
      const again = await add('2026-03-09');
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        code: 'deadline.rule_already_open',
        field: 'ruleId',
        args: { ruleId: 'DE.appeal' },
      });
      const count = async () =>
        Number(
          (
            await t.dataSource.query<{ n: string }[]>(
              `SELECT count(*) AS n FROM deadline WHERE case_id = $1 AND rule_id = 'DE.appeal'`,
              [c.id],
            )
          )[0].n,
        );
      expect(await count()).toBe(1);
      // Another rule is fine; so is a deadline by hand.
      const other = await t
        .http()
        .post('/api/deadlines')
        .set('Authorization', caseworker)
        .send({ caseId: c.id, ruleId: 'DE.appeal_grounds', triggerDate: '2026-03-02' });
      expect(other.status).toBe(201);
      // Once the open one is done, the rule may date a new deadline.
      const done = await t
        .http()
        .patch(`/api/deadlines/${first.body.id}`)
        .set('Authorization', caseworker)
        .send({ version: first.body.version, status: 'done' });
      expect(done.status).toBe(200);
      expect((await add('2026-03-09')).status).toBe(201);
      expect(await count()).toBe(2);
    });

    it('two requests at once add it once', async () => {
      const { case: c } = await intake(t, 'caseworker@haven.local', { client: { documents: [] } });
      const results = await Promise.all(
        ['2026-04-01', '2026-04-02', '2026-04-03'].map((triggerDate) =>
          t
            .http()
            .post('/api/deadlines')
            .set('Authorization', caseworker)
            .send({ caseId: c.id, ruleId: 'DE.appeal', triggerDate }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    });
  });

  describe('GET /api/cases/:id/rule-triggers', () => {
    const triggersOf = async (caseId: string, token = caseworker) =>
      t.http().get(`/api/cases/${caseId}/rule-triggers`).set('Authorization', token);

    it('gives the dates the case records, where they come from, and the rules already open', async () => {
      const { case: c } = await intake(t, 'caseworker@haven.local', {
        client: {
          documents: [],
          currentCountry: 'GE',
          arrivalDate: '2022-09-27',
          stays: [
            { entryDate: '2025-01-10', exitDate: '2025-03-01' },
            { entryDate: '2026-02-14', exitDate: null },
          ],
        },
      });
      const empty = await triggersOf(c.id);
      expect(empty.status).toBe(200);
      expect(empty.body.openRuleIds).toEqual([]);
      expect(empty.body.triggers).toEqual(
        ['entry', 'last_arrival', 'arrival_or_threat_known'].map((event) => ({
          event,
          date: '2026-02-14',
          source: 'stayEntry',
          country: 'GE',
        })),
      );

      const served = await t
        .http()
        .patch(`/api/cases/${c.id}`)
        .set('Authorization', caseworker)
        .send({ version: c.version, decisionServedOn: '2026-03-02' });
      expect(served.status).toBe(200);
      await t
        .http()
        .post('/api/deadlines')
        .set('Authorization', caseworker)
        .send({ caseId: c.id, ruleId: 'DE.appeal', triggerDate: '2026-03-02' })
        .expect(201);
      const body = (await triggersOf(c.id)).body;
      expect(body.triggers[0]).toEqual({
        event: 'decision_served',
        date: '2026-03-02',
        source: 'decisionServedOn',
        country: null,
      });
      expect(body.openRuleIds).toEqual(['DE.appeal']);
    });

    it('falls back to the client’s arrival date without stays, and gives none after the last one ended', async () => {
      const { case: c, client } = await intake(t, 'caseworker@haven.local', {
        client: { documents: [], arrivalDate: '2022-09-27', currentCountry: 'GE' },
      });
      // A record from before stays were kept: the arrival date alone.
      await t.dataSource.query(`UPDATE client SET stays = '[]' WHERE id = $1`, [client.id]);
      const body = (await triggersOf(c.id)).body;
      expect(body.triggers).toContainEqual({
        event: 'entry',
        date: '2022-09-27',
        source: 'arrivalDate',
        country: 'GE',
      });
      await t.dataSource.query(
        `UPDATE client SET stays = '[{"entryDate":"2022-09-27","exitDate":"2023-01-05"}]' WHERE id = $1`,
        [client.id],
      );
      expect((await triggersOf(c.id)).body.triggers).toEqual([]);
    });

    it('is a 404 for a case the caller may not see, and an analyst may not ask', async () => {
      const { case: c } = await intake(t, 'caseworker.almaty@haven.local');
      expect((await triggersOf(c.id)).status).toBe(404);
      expect((await triggersOf(c.id, await t.tokenFor('analyst@haven.local'))).status).toBe(403);
    });
  });
});
