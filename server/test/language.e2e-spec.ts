import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReminders } from '../src/deadlines/reminders.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';
import { cryptoOf, opened, sealed } from './sealed.js';

/**
 * Issue 25, "in their language": what the server produces for people is codes and parameters the
 * client tells in its reader's language (history and audit details, system task titles), and the
 * claim summary is written in the language asked for, with human labels for every code.
 */
describe('in the reader’s language', () => {
  let t: TestApp;
  let caseworker: string;
  beforeAll(async () => {
    t = await startTestApp();
    caseworker = await t.tokenFor('caseworker@haven.local');
  });
  afterAll(() => t.close());

  const evidence = [
    {
      kind: 'summons_paper',
      description: 'Paper summons to the military commissariat',
      reference: 'Binder 1, p. 3',
      original: true,
      language: 'ru',
      translated: true,
    },
  ];

  const caseWithNote = async () => {
    const { case: c, client } = await intake(t, 'caseworker@haven.local');
    const note = await t.http().post('/api/notes').set('Authorization', caseworker).send({
      caseId: c.id,
      ground: 'conscientious_objection',
      title: 'Refused to serve',
      body: 'Left after the summons.',
      evidence,
    });
    expect(note.status).toBe(201);
    return { c, client };
  };

  const summary = (caseId: string, query: string) =>
    t.http().get(`/api/cases/${caseId}/claim-summary?${query}`).set('Authorization', caseworker);

  describe('the claim summary', () => {
    it('is written in Russian with human labels when asked, and no raw code', async () => {
      const { c } = await caseWithNote();
      const md = await summary(c.id, 'format=markdown&lang=ru');
      expect(md.status).toBe(200);
      expect(md.text).toContain('# Сводка по заявлению');
      expect(md.text).toContain('Стадия: Приём');
      expect(md.text).toContain('Тип дела: Убежище');
      expect(md.text).toContain('Юрисдикция: Германия');
      expect(md.text).toContain('Отношение к военной службе: Уклонение от призыва после повестки');
      expect(md.text).toContain('## Отказ от военной службы по убеждениям');
      expect(md.text).toContain(
        '| Paper summons to the military commissariat | Повестка (бумажная) | Binder 1, p. 3 | оригинал | русский | да |',
      );
      for (const raw of [
        'summons_paper',
        'Stage:',
        'intake',
        'asylum',
        'conscientious_objection',
        'draft_evader',
        'unassessed',
        'AM',
        'PM',
      ])
        expect(md.text, raw).not.toContain(raw);
      const html = await summary(c.id, 'format=html&lang=ru');
      expect(html.text).toContain('<html lang="ru">');
      expect(html.text).toContain('КОНФИДЕНЦИАЛЬНО');
    });

    it('is written in English with the same labels as the screens by default and with lang=en', async () => {
      const { c } = await caseWithNote();
      for (const query of ['format=markdown', 'format=markdown&lang=en']) {
        const md = await summary(c.id, query);
        expect(md.text).toContain('Stage: Intake');
        expect(md.text).toContain('Case type: Asylum');
        expect(md.text).toContain('Jurisdiction: Germany');
        expect(md.text).toContain('| Summons (paper) |');
        expect(md.text).not.toContain('summons_paper');
        expect(md.text).not.toMatch(/\b(AM|PM)\b/);
      }
    });

    it('keeps the codes beside their labels in JSON', async () => {
      const { c } = await caseWithNote();
      const json = await summary(c.id, 'lang=ru');
      expect(json.body).toMatchObject({
        lang: 'ru',
        stage: 'intake',
        stageLabel: 'Приём',
        caseType: 'asylum',
        caseTypeLabel: 'Убежище',
        militaryStatus: 'draft_evader_post_summons',
      });
      const ground = json.body.grounds.find(
        (g: { ground: string }) => g.ground === 'conscientious_objection',
      );
      expect(ground.notes[0].evidence[0]).toMatchObject({
        kind: 'summons_paper',
        kindLabel: 'Повестка (бумажная)',
      });
      expect(ground.notes[0].strengthLabel).toBe('Не оценено');
    });

    it('refuses a language it does not write, naming the parameter, and audits the language read', async () => {
      const { c } = await caseWithNote();
      const refused = await summary(c.id, 'format=html&lang=de');
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'query.one_of', field: 'lang' });
      expect((await summary(c.id, 'format=html&lang=')).status).toBe(400);
      await summary(c.id, 'format=html&lang=ru');
      const [event] = await t.dataSource.query<{ details: Record<string, unknown> }[]>(
        `SELECT details FROM audit_event WHERE entity_type = 'claim_summary' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`,
        [c.id],
      );
      expect(event.details).toMatchObject({ format: 'html', lang: 'ru' });
    });
  });

  describe('history and audit events', () => {
    it('carry the codes the client tells them with — stage from and to, fields, counts — and no personal data', async () => {
      const { c, client } = await caseWithNote();
      const current = await t.http().get(`/api/cases/${c.id}`).set('Authorization', caseworker);
      const patched = await t
        .http()
        .patch(`/api/cases/${c.id}`)
        .set('Authorization', caseworker)
        .send({ version: current.body.version, stage: 'assessment', priority: 'urgent' });
      expect(patched.status).toBe(200);
      // A first read, then the history as the caseworker sees it.
      await t.http().get(`/api/cases/${c.id}/history`).set('Authorization', caseworker);
      const history = await t
        .http()
        .get(`/api/cases/${c.id}/history?perPage=100`)
        .set('Authorization', caseworker);
      expect(history.status).toBe(200);
      const events = history.body.data as {
        action: string;
        entityType: string;
        summary: string;
        details: Record<string, unknown> | null;
      }[];
      const stage = events.find((e) => e.action === 'update' && e.entityType === 'case');
      expect(stage?.details).toEqual({
        fields: expect.arrayContaining(['stage', 'priority']),
        stage: { from: 'intake', to: 'assessment' },
      });
      // The earlier history read is told by its count of events.
      const read = events.find(
        (e) => e.action === 'read' && e.details && typeof e.details.events === 'number',
      );
      expect(read?.details).toEqual({ events: expect.any(Number) });

      // Nothing that finds or describes the person, in any event about the case or the client.
      const trail = await t.dataSource.query<{ summary: string; details: unknown }[]>(
        `SELECT summary, details FROM audit_event WHERE entity_id = ANY($1::uuid[])`,
        [[c.id, client.id]],
      );
      expect(trail.length).toBeGreaterThan(3);
      const text = JSON.stringify(trail);
      const person = (
        await t.http().get(`/api/clients/${client.id}`).set('Authorization', caseworker)
      ).body as { givenName: string; familyName: string };
      expect(person.familyName).toMatch(/^Sokolov/);
      for (const personal of [
        person.givenName,
        person.familyName,
        'Дмитрий',
        '1994-05-17',
        '+995',
        'Panic attacks',
        'Refused to serve',
        'Paper summons',
      ])
        expect(text, personal).not.toContain(personal);
    });
  });

  describe('reminder tasks', () => {
    it('are stored as a code and encrypted parameters, told by the client; a rewritten title drops the code', async () => {
      const { case: c } = await intake(t, 'caseworker@haven.local', { client: { documents: [] } });
      const dueOn = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
      const title = sealed(t, 'deadline', 'title', 'Appeal to the court');
      await t.dataSource.query(
        `INSERT INTO deadline (id, case_id, kind, title, due_on) VALUES ($1, $2, 'appeal', $3, $4)`,
        [title.id, c.id, title.value, dueOn],
      );
      await runReminders(t.dataSource, cryptoOf(t));
      const [stored] = await t.dataSource.query<
        { id: string; title_code: string; title_params: string }[]
      >(`SELECT id, title_code, title_params FROM task WHERE case_id = $1`, [c.id]);
      expect(stored.title_code).toBe('reminder');
      // Encrypted under the task's row: the deadline's title is free text.
      expect(stored.title_params).not.toContain('Appeal');
      expect(
        JSON.parse(opened(t, 'task', 'title_params', stored.id, stored.title_params)!),
      ).toEqual({
        days: 7,
        deadline: 'Appeal to the court',
        kind: 'appeal',
        dueOn,
        reference: c.reference,
      });

      const shown = await t.http().get(`/api/tasks/${stored.id}`).set('Authorization', caseworker);
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({
        system: true,
        title: 'In 7 days: Appeal to the court',
        titleCode: 'reminder',
        titleParams: { days: 7, deadline: 'Appeal to the court', kind: 'appeal', dueOn },
      });

      const rewritten = await t
        .http()
        .patch(`/api/tasks/${stored.id}`)
        .set('Authorization', caseworker)
        .send({ version: shown.body.version, title: 'Ask the court for more time' });
      expect(rewritten.status).toBe(200);
      expect(rewritten.body).toMatchObject({
        title: 'Ask the court for more time',
        titleCode: null,
        titleParams: null,
      });
    });

    it('a task a person writes has no code', async () => {
      const made = await t
        .http()
        .post('/api/tasks')
        .set('Authorization', caseworker)
        .send({ title: 'Call the interpreter' });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ titleCode: null, titleParams: null });
    });
  });
});
