import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRuleJobs } from '../src/deadlines/recheck.js';
import { runReminders } from '../src/deadlines/reminders.js';
import { intake } from './factories.js';
import { cryptoOf, sealed } from './sealed.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * Deadlines abroad: deemed service, suggestions by outcome and procedure track, versioned rules and
 * what a change of the catalogue does to stored deadlines (recheck tasks, the end of EU temporary
 * protection, legacy explanations), and who may reach all of it.
 *
 * Calendar facts the dates below rest on (checked by hand):
 * - 2026: 1 March is a Sunday, so 2 March a Monday, 5 March a Thursday; Good Friday is 3 April,
 *   Easter Sunday 5 April, Easter Monday 6 April (public holidays in Germany: Good Friday, Easter
 *   Monday).
 * - 2025: 1 July is a Tuesday, 1 September a Monday; no Georgian public holiday falls in 8–16 July or
 *   1–8 September.
 * - 2026-01-25 is a Sunday.
 */
describe('deadlines abroad', () => {
  let t: TestApp;
  let caseworker: string;
  let otherTeam: string;
  let colleague: string;
  let analyst: string;
  const CASEWORKER = 'caseworker@haven.local';
  const OTHER_TEAM = 'caseworker.berlin@haven.local';

  beforeAll(async () => {
    t = await startTestApp();
    caseworker = await t.tokenFor(CASEWORKER);
    otherTeam = await t.tokenFor(OTHER_TEAM);
    colleague = await t.tokenFor('caseworker2@haven.local');
    analyst = await t.tokenFor('analyst@haven.local');
  });
  afterAll(() => t.close());

  /** A case of the caseworker's (no documents: no document deadlines), with case fields given. */
  const newCase = async (
    fields: Record<string, unknown> = {},
    client: Record<string, unknown> = {},
    email = CASEWORKER,
  ) => (await intake(t, email, { client: { documents: [], ...client }, case: fields })).case;

  const patchCase = async (id: string, body: Record<string, unknown>, token = caseworker) => {
    const current = await t.http().get(`/api/cases/${id}`).set('Authorization', caseworker);
    expect(current.status).toBe(200);
    return t
      .http()
      .patch(`/api/cases/${id}`)
      .set('Authorization', token)
      .send({ version: current.body.version, ...body });
  };

  const suggested = (caseId: string, token = caseworker, lang?: string) => {
    const request = t
      .http()
      .get(`/api/cases/${caseId}/suggested-deadlines`)
      .set('Authorization', token);
    return lang ? request.set('Accept-Language', lang) : request;
  };

  const ruleIds = (body: { data: { ruleId: string }[] }) => body.data.map((s) => s.ruleId).sort();

  const ruleRows = async (caseId: string) =>
    t.dataSource.query<{ rule_id: string; trigger_date: string; due_on: string }[]>(
      `SELECT rule_id, to_char(trigger_date, 'YYYY-MM-DD') AS trigger_date,
              to_char(due_on, 'YYYY-MM-DD') AS due_on
         FROM deadline WHERE case_id = $1 AND rule_id IS NOT NULL ORDER BY rule_id`,
      [caseId],
    );

  const daysFromToday = (n: number) => {
    const date = new Date();
    date.setUTCDate(date.getUTCDate() + n);
    return date.toISOString().slice(0, 10);
  };

  describe('deemed service', () => {
    it('derives decisionServedOn from a German reception centre: the third day after it received the decision', async () => {
      const c = await newCase({ jurisdiction: 'DE' });
      const response = await patchCase(c.id, {
        serviceMethod: 'reception_centre',
        decisionReceivedOn: '2026-03-02',
      });
      expect(response.status).toBe(200);
      // § 10(4) AsylG: handed to the centre Mon 2 Mar 2026 + 3 days = Thu 5 Mar 2026.
      expect(response.body).toMatchObject({
        serviceMethod: 'reception_centre',
        decisionReceivedOn: '2026-03-02',
        decisionServedOn: '2026-03-05',
        decisionService: {
          code: 'service.deemed',
          params: {
            jurisdiction: 'DE',
            method: 'reception_centre',
            receivedOn: '2026-03-02',
            receivedMeans: 'handed_to_centre',
            offsetDays: 3,
            servedOn: '2026-03-05',
            legalBasis: '§ 10(4) AsylG',
          },
        },
      });
      // The stored row, not only the answer.
      const [row] = await t.dataSource.query<{ d: string }[]>(
        `SELECT to_char(decision_served_on, 'YYYY-MM-DD') AS d FROM legal_case WHERE id = $1`,
        [c.id],
      );
      expect(row.d).toBe('2026-03-05');
      // Formal service by post: the day of delivery itself (offset 0).
      const post = await patchCase(c.id, { serviceMethod: 'post' });
      expect(post.status).toBe(200);
      expect(post.body.decisionServedOn).toBe('2026-03-02');
      expect(post.body.decisionService).toMatchObject({
        code: 'service.deemed',
        params: { method: 'post', offsetDays: 0, servedOn: '2026-03-02' },
      });
    });

    it('keeps a service date sent in the same request (service.given)', async () => {
      const c = await newCase({ jurisdiction: 'DE' });
      const response = await patchCase(c.id, {
        serviceMethod: 'reception_centre',
        decisionReceivedOn: '2026-03-02',
        decisionServedOn: '2026-03-03',
      });
      expect(response.status).toBe(200);
      expect(response.body.decisionServedOn).toBe('2026-03-03');
      expect(response.body.decisionService).toEqual({
        code: 'service.given',
        params: { servedOn: '2026-03-03' },
      });
    });

    it('clears a derived service date with its facts, but never one a person entered', async () => {
      const c = await newCase({ jurisdiction: 'DE' });
      const derived = await patchCase(c.id, {
        serviceMethod: 'reception_centre',
        decisionReceivedOn: '2026-03-02',
      });
      expect(derived.body.decisionServedOn).toBe('2026-03-05');
      const cleared = await patchCase(c.id, { serviceMethod: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ decisionServedOn: null, decisionService: null });
      const given = await patchCase(c.id, { decisionServedOn: '2026-03-04' });
      expect(given.body.decisionService.code).toBe('service.given');
      const kept = await patchCase(c.id, { decisionReceivedOn: null });
      expect(kept.body.decisionServedOn).toBe('2026-03-04');
    });

    it('takes a deemed service date up to a week ahead (handed to the centre today), not beyond', async () => {
      const c = await newCase({ jurisdiction: 'DE' });
      const day = (offset: number) =>
        new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      const today = await patchCase(c.id, {
        serviceMethod: 'reception_centre',
        decisionReceivedOn: day(0),
      });
      expect(today.status).toBe(200);
      // Sent back as the client read it: three days ahead is a legal service date.
      const again = await patchCase(c.id, { decisionServedOn: today.body.decisionServedOn });
      expect(again.status).toBe(200);
      const far = await patchCase(c.id, { decisionServedOn: day(30) });
      expect(far.status).toBe(400);
      expect(far.body.field).toBe('decisionServedOn');
    });

    it('falls back to the day of receipt where the jurisdiction has no rule (Georgia)', async () => {
      const c = await newCase({ jurisdiction: 'GE' });
      const response = await patchCase(c.id, {
        serviceMethod: 'reception_centre',
        decisionReceivedOn: '2026-03-02',
      });
      expect(response.status).toBe(200);
      expect(response.body.decisionServedOn).toBe('2026-03-02');
      expect(response.body.decisionService).toEqual({
        code: 'service.on_receipt',
        params: { method: 'reception_centre', receivedOn: '2026-03-02', servedOn: '2026-03-02' },
      });
    });

    it('derives at intake too', async () => {
      const c = await newCase({
        jurisdiction: 'DE',
        serviceMethod: 'reception_centre',
        decisionReceivedOn: '2026-03-02',
      });
      const response = await t.http().get(`/api/cases/${c.id}`).set('Authorization', caseworker);
      expect(response.body.decisionServedOn).toBe('2026-03-05');
      expect(response.body.decisionService.code).toBe('service.deemed');
    });

    it.each([
      [{ serviceMethod: 'carrier_pigeon', decisionReceivedOn: '2026-03-02' }, 'serviceMethod'],
      [{ serviceMethod: 42 }, 'serviceMethod'],
      [{ serviceMethod: 'post', decisionReceivedOn: 'yesterday' }, 'decisionReceivedOn'],
      [{ serviceMethod: 'post', decisionReceivedOn: '2026-02-30' }, 'decisionReceivedOn'],
      [{ procedureTrack: 'fast' }, 'procedureTrack'],
      [{ procedureTrack: null }, 'procedureTrack'],
    ])('refuses %j naming %s, and changes nothing', async (body, field) => {
      const c = await newCase({ jurisdiction: 'DE' });
      const response = await patchCase(c.id, body);
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(field);
      const after = await t.http().get(`/api/cases/${c.id}`).set('Authorization', caseworker);
      expect(after.body).toMatchObject({
        serviceMethod: null,
        decisionReceivedOn: null,
        decisionServedOn: null,
        procedureTrack: 'unknown',
        version: c.version,
      });
    });

    it('refuses a receipt date in the future', async () => {
      const c = await newCase({ jurisdiction: 'DE' });
      const response = await patchCase(c.id, {
        serviceMethod: 'post',
        decisionReceivedOn: daysFromToday(2),
      });
      expect(response.status).toBe(400);
      expect(response.body.message).toContain('decisionReceivedOn');
    });

    it('feeds the derived date to the suggested deadlines as their trigger', async () => {
      const c = await newCase({ jurisdiction: 'DE', procedureTrack: 'regular' });
      expect(
        (
          await patchCase(c.id, {
            serviceMethod: 'reception_centre',
            decisionReceivedOn: '2026-03-02',
          })
        ).status,
      ).toBe(200);
      const response = await suggested(c.id);
      expect(response.status).toBe(200);
      expect(response.body.question).toBeNull();
      const byRule = Object.fromEntries(
        response.body.data.map((s: { ruleId: string }) => [s.ruleId, s]),
      );
      expect(Object.keys(byRule).sort()).toEqual([
        'DE.appeal',
        'DE.appeal_grounds',
        'DE.departure',
      ]);
      for (const s of response.body.data) expect(s.triggerDate).toBe('2026-03-05');
      // Served Thu 5 Mar 2026: 2 weeks = Thu 19 Mar; 1 month = Sun 5 Apr (Easter), Easter Monday 6 Apr
      // is a holiday: Tue 7 Apr; departure 30 calendar days, no move = Sat 4 Apr.
      expect(byRule['DE.appeal']).toMatchObject({
        version: 1,
        dueOn: '2026-03-19',
        explanation: { code: 'deadline.period', params: { triggerDate: '2026-03-05' } },
        confidence: 'H',
      });
      expect(byRule['DE.appeal_grounds'].dueOn).toBe('2026-04-07');
      expect(byRule['DE.departure'].dueOn).toBe('2026-04-04');
    });
  });

  describe('suggestions by outcome and procedure track', () => {
    it('a manifestly-unfounded rejection in Germany starts the one-week appeal, never the two-week one', async () => {
      const c = await newCase({ jurisdiction: 'DE', decisionServedOn: '2026-03-02' });
      expect((await patchCase(c.id, { outcome: 'rejected_manifestly_unfounded' })).status).toBe(
        200,
      );
      const response = await suggested(c.id);
      expect(response.status).toBe(200);
      expect(response.body.question).toBeNull();
      expect(ruleIds(response.body)).toEqual([
        'DE.appeal.accelerated',
        'DE.appeal_grounds',
        'DE.departure.manifestly_unfounded',
      ]);
      const appeals = response.body.data.filter(
        (s: { ruleId: string }) =>
          s.ruleId.startsWith('DE.appeal') && s.ruleId !== 'DE.appeal_grounds',
      );
      // Served Mon 2 Mar 2026 + 1 week = Mon 9 Mar 2026.
      expect(appeals).toEqual([
        expect.objectContaining({ ruleId: 'DE.appeal.accelerated', dueOn: '2026-03-09' }),
      ]);
    });

    it('the regular track in Germany starts the two-week appeal', async () => {
      const c = await newCase({
        jurisdiction: 'DE',
        decisionServedOn: '2026-03-02',
        procedureTrack: 'regular',
      });
      const response = await suggested(c.id);
      expect(ruleIds(response.body)).toEqual(['DE.appeal', 'DE.appeal_grounds', 'DE.departure']);
      // Mon 2 Mar 2026 + 2 weeks = Mon 16 Mar 2026.
      expect(
        response.body.data.find((s: { ruleId: string }) => s.ruleId === 'DE.appeal').dueOn,
      ).toBe('2026-03-16');
    });

    it('asks for the track when it is unknown and no outcome names it, offering no appeal period', async () => {
      const c = await newCase({ jurisdiction: 'DE', decisionServedOn: '2026-03-02' });
      const response = await suggested(c.id);
      expect(response.status).toBe(200);
      expect(response.body.question).toMatchObject({ code: 'deadline.track_unknown' });
      expect(response.body.question.options).toEqual(
        expect.arrayContaining(['regular', 'manifestly_unfounded', 'inadmissible', 'dublin']),
      );
      expect(
        response.body.data.some((s: { ruleId: string }) => /^DE\.appeal(\.|$)/.test(s.ruleId)),
      ).toBe(false);
      expect(ruleIds(response.body)).toEqual(['DE.appeal_grounds']);
      // The one-click route creates only what is suggested: no appeal period either.
      const created = await t
        .http()
        .post(`/api/cases/${c.id}/suggested-deadlines`)
        .set('Authorization', caseworker)
        .send({});
      expect(created.status).toBe(201);
      expect((await ruleRows(c.id)).map((r) => r.rule_id)).toEqual(['DE.appeal_grounds']);
    });

    it('a positive decision starts no appeal period', async () => {
      const c = await newCase({
        jurisdiction: 'DE',
        decisionServedOn: '2026-03-02',
        procedureTrack: 'regular',
      });
      expect((await patchCase(c.id, { outcome: 'refugee_status' })).status).toBe(200);
      const response = await suggested(c.id);
      expect(response.body).toEqual({ data: [], question: null });
    });

    it('Georgia after the 2025 law: an inadmissibility decision has 7 days (GE.appeal.inadmissible)', async () => {
      const c = await newCase({
        jurisdiction: 'GE',
        decisionServedOn: '2025-09-01',
        procedureTrack: 'inadmissible',
      });
      const response = await suggested(c.id);
      expect(response.body.question).toBeNull();
      // Mon 1 Sep 2025 + 7 days = Mon 8 Sep 2025.
      expect(response.body.data).toEqual([
        expect.objectContaining({
          ruleId: 'GE.appeal.inadmissible',
          version: 1,
          triggerDate: '2025-09-01',
          dueOn: '2025-09-08',
          confidence: 'M',
        }),
      ]);
      expect(response.body.data[0].text).toMatch(/Mon 8 Sept? 2025/);
    });

    it('Georgia before the 2025 law: the old 15-day GE.appeal, version 1', async () => {
      const c = await newCase({
        jurisdiction: 'GE',
        decisionServedOn: '2025-07-01',
        procedureTrack: 'inadmissible',
      });
      const response = await suggested(c.id);
      // Tue 1 Jul 2025 + 15 days = Wed 16 Jul 2025.
      expect(response.body.data).toEqual([
        expect.objectContaining({
          ruleId: 'GE.appeal',
          version: 1,
          triggerDate: '2025-07-01',
          dueOn: '2025-07-16',
          explanation: expect.objectContaining({
            code: 'deadline.period',
            params: expect.objectContaining({ version: 1, duration: { days: 15 } }),
          }),
        }),
      ]);
      expect(response.body.question).toBeNull();
      // Created, the deadline keeps the version it was computed under.
      const created = await t
        .http()
        .post(`/api/cases/${c.id}/suggested-deadlines`)
        .set('Authorization', caseworker)
        .send({});
      expect(created.status).toBe(201);
      expect(created.body.data).toEqual([
        expect.objectContaining({ ruleId: 'GE.appeal', ruleVersion: 1, dueOn: '2025-07-16' }),
      ]);
    });

    it('renders text in Russian for Accept-Language: ru-RU, with the same explanation data', async () => {
      const c = await newCase({
        jurisdiction: 'GE',
        decisionServedOn: '2025-09-01',
        procedureTrack: 'inadmissible',
      });
      const english = await suggested(c.id);
      const russian = await suggested(c.id, caseworker, 'ru-RU,ru;q=0.9,en;q=0.8');
      expect(russian.status).toBe(200);
      expect(russian.body.data[0].explanation).toEqual(english.body.data[0].explanation);
      expect(russian.body.data[0].text).toMatch(/[а-яё]/i);
      expect(russian.body.data[0].text).toContain('8 сентября 2025');
      expect(russian.body.data[0].text).not.toBe(english.body.data[0].text);
    });
  });

  describe('double click and races', () => {
    it('two concurrent one-click creations make one set of deadlines; a third click makes none', async () => {
      const c = await newCase({
        jurisdiction: 'DE',
        decisionServedOn: '2026-03-02',
        procedureTrack: 'regular',
      });
      const click = () =>
        t
          .http()
          .post(`/api/cases/${c.id}/suggested-deadlines`)
          .set('Authorization', caseworker)
          .send({});
      const [a, b] = await Promise.all([click(), click()]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.data.length + b.body.data.length).toBe(3);
      // Mon 2 Mar 2026: appeal + 2 weeks = 16 Mar; grounds + 1 month = Thu 2 Apr; departure + 30 days = Wed 1 Apr.
      expect(await ruleRows(c.id)).toEqual([
        { rule_id: 'DE.appeal', trigger_date: '2026-03-02', due_on: '2026-03-16' },
        { rule_id: 'DE.appeal_grounds', trigger_date: '2026-03-02', due_on: '2026-04-02' },
        { rule_id: 'DE.departure', trigger_date: '2026-03-02', due_on: '2026-04-01' },
      ]);
      const again = await click();
      expect(again.status).toBe(201);
      expect(again.body).toEqual({ data: [] });
      expect(await ruleRows(c.id)).toHaveLength(3);
      expect((await suggested(c.id)).body.data).toEqual([]);
    });

    it('two concurrent POST /api/deadlines of one rule and trigger: one 201, one 409 deadline.duplicate, one row', async () => {
      const c = await newCase({ jurisdiction: 'DE' });
      const add = () =>
        t
          .http()
          .post('/api/deadlines')
          .set('Authorization', caseworker)
          .send({ caseId: c.id, ruleId: 'DE.appeal', triggerDate: '2026-03-02' });
      const answers = await Promise.all([add(), add()]);
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
      const refused = answers.find((r) => r.status === 409)!;
      expect(refused.body).toMatchObject({ code: 'deadline.duplicate', field: 'ruleId' });
      expect(await ruleRows(c.id)).toEqual([
        { rule_id: 'DE.appeal', trigger_date: '2026-03-02', due_on: '2026-03-16' },
      ]);
      // Once the first is done, the same rule and trigger may be added again (only open ones clash).
      const created = answers.find((r) => r.status === 201)!;
      const done = await t
        .http()
        .patch(`/api/deadlines/${created.body.id}`)
        .set('Authorization', caseworker)
        .send({ version: created.body.version, status: 'done' });
      expect(done.status).toBe(200);
      expect((await add()).status).toBe(201);
    });
  });

  describe('compute and the catalogue', () => {
    const get = (url: string, token = caseworker) => t.http().get(url).set('Authorization', token);

    it('derives the trigger from serviceMethod and receivedOn, with the service explanation', async () => {
      const response = await get(
        '/api/deadline-rules/DE.appeal.accelerated/compute?serviceMethod=reception_centre&receivedOn=2026-03-02',
      );
      expect(response.status).toBe(200);
      // Received by the centre Mon 2 Mar + 3 = Thu 5 Mar; + 1 week = Thu 12 Mar 2026.
      expect(response.body).toMatchObject({
        ruleId: 'DE.appeal.accelerated',
        version: 1,
        triggerDate: '2026-03-05',
        dueOn: '2026-03-12',
        service: {
          code: 'service.deemed',
          params: { receivedOn: '2026-03-02', offsetDays: 3, servedOn: '2026-03-05' },
        },
        explanation: { code: 'deadline.period', params: { triggerDate: '2026-03-05' } },
      });
    });

    it.each([
      [
        '/api/deadline-rules/KZ.refugee_request/compute?serviceMethod=post&receivedOn=2026-03-02',
        'deadline.service_not_for_rule',
        'serviceMethod',
      ],
      [
        '/api/deadline-rules/TR.stay/compute?triggerDate=2026-03-01&nationality=UA',
        'deadline.rule_not_applicable',
        'nationality',
      ],
      [
        '/api/deadline-rules/KG.stay/compute?triggerDate=2024-01-01',
        'deadline.rule_not_in_force',
        'triggerDate',
      ],
      ['/api/deadline-rules/DE.appeal/compute?triggerDate=2026-03-02&when=now', 'invalid', 'when'],
      [
        '/api/deadline-rules/DE.appeal/compute?serviceMethod=pigeon&receivedOn=2026-03-02',
        'validation.one_of',
        'serviceMethod',
      ],
      ['/api/deadline-rules/DE.appeal/compute?serviceMethod=post', 'required', 'receivedOn'],
      [
        '/api/deadline-rules/DE.appeal/compute?triggerDate=2026-03-02&triggerDate=2026-03-03',
        'query.date',
        'triggerDate',
      ],
      [
        '/api/deadline-rules/DE.appeal/compute?triggerDate=2026-03-02&serviceMethod=post&receivedOn=2026-03-02',
        'deadline.due_or_rule',
        'triggerDate',
      ],
    ])('GET %s → 400 %s naming %s', async (url, code, field) => {
      const response = await get(url);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code, field });
    });

    // The preview refuses TR.stay for a Ukrainian (rule_not_applicable above); storing it too.
    it('refuses to store a stay rule for a nationality it does not name', async () => {
      const c = await newCase(
        { jurisdiction: 'TR', caseType: 'stay_extension' },
        { nationality: 'UA', currentCountry: 'TR' },
      );
      const response = await t
        .http()
        .post('/api/deadlines')
        .set('Authorization', caseworker)
        .send({ caseId: c.id, ruleId: 'TR.stay', triggerDate: '2026-11-01' });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'deadline.rule_not_applicable',
        field: 'ruleId',
      });
      // Nor another country's appeal on a Turkish case.
      const german = await t
        .http()
        .post('/api/deadlines')
        .set('Authorization', caseworker)
        .send({ caseId: c.id, ruleId: 'DE.appeal', triggerDate: '2026-11-01' });
      expect(german.body).toMatchObject({ code: 'deadline.rule_not_applicable' });
    });

    // A period ending in year 10000 has no YYYY-MM-DD day: dates are bounded to years 1000–2999, and
    // date arithmetic throws rather than loop (it hung the server's event loop before).
    it('refuses a trigger date whose period would end after 9999 instead of hanging', async () => {
      for (const url of [
        '/api/deadline-rules/DE.appeal/compute?triggerDate=9999-12-25',
        '/api/deadline-rules/DE.appeal.accelerated/compute?serviceMethod=reception_centre&receivedOn=9999-12-31',
      ])
        expect((await get(url)).status).toBe(400);
    });

    it('answers a stay rule for the nationality it names', async () => {
      const response = await get(
        '/api/deadline-rules/TR.stay/compute?triggerDate=2026-03-01&nationality=RU',
      );
      expect(response.status).toBe(200);
      // 60 days with the day of entry as day 1: 1 Mar + 59 days = 29 Apr 2026.
      expect(response.body).toMatchObject({ version: 1, dueOn: '2026-04-29' });
      // KG.stay is in force from 5 Sep 2024 (day 1): + 89 days = 3 Dec 2024.
      const kg = await get('/api/deadline-rules/KG.stay/compute?triggerDate=2024-09-05');
      expect(kg.body).toMatchObject({ version: 1, dueOn: '2024-12-03' });
    });

    it('pages the catalogue like every list: a bad perPage is a 400, never a dropped rule', async () => {
      const all = await get('/api/deadline-rules?jurisdiction=GE');
      for (const perPage of ['-1', '0', '1.5', 'x', '1000']) {
        const page = await get(`/api/deadline-rules?jurisdiction=GE&perPage=${perPage}`);
        expect(page.status, perPage).toBe(400);
        expect(page.body.field).toBe('perPage');
      }
      const one = await get('/api/deadline-rules?jurisdiction=GE&perPage=1&page=2');
      expect(one.body).toMatchObject({ total: all.body.total, data: [all.body.data[1]] });
    });

    it('lists EU rules for a member state, and filters by track and date', async () => {
      const de = await get('/api/deadline-rules?jurisdiction=DE');
      expect(de.status).toBe(200);
      expect(de.body.data).toContainEqual(
        expect.objectContaining({
          id: 'EU.tp_end',
          version: 2,
          jurisdiction: 'EU',
          fixedDate: '2027-03-04',
          alertDaysBefore: [180, 90, 30, 7],
        }),
      );
      const ge = await get('/api/deadline-rules?jurisdiction=GE');
      expect(ge.body.data.map((r: { id: string }) => r.id)).not.toContain('EU.tp_end');

      const regular = await get(
        '/api/deadline-rules?procedureTrack=regular&jurisdiction=DE&kind=appeal',
      );
      expect(regular.status).toBe(200);
      const ids = regular.body.data.map((r: { id: string }) => r.id);
      expect(ids).toContain('DE.appeal');
      expect(ids).not.toContain('DE.appeal.accelerated');
      expect(ids).not.toContain('DE.appeal.airport');

      const old = await get('/api/deadline-rules?asOf=2025-01-01&jurisdiction=GE');
      expect(old.status).toBe(200);
      const oldIds = old.body.data.map((r: { id: string }) => r.id);
      expect(oldIds).not.toContain('GE.appeal.inadmissible');
      expect(old.body.data.find((r: { id: string }) => r.id === 'GE.appeal')).toMatchObject({
        version: 1,
        period: { days: 15 },
        effectiveTo: '2025-07-06',
      });
      const now = await get('/api/deadline-rules?asOf=2025-07-07&jurisdiction=GE&id=GE.appeal');
      expect(now.body.data).toEqual([expect.objectContaining({ id: 'GE.appeal', version: 2 })]);

      expect((await get('/api/deadline-rules?procedureTrack=fast')).status).toBe(400);
      expect((await get('/api/deadline-rules?asOf=2025-13-01')).status).toBe(400);
    });

    it('gives a rule by id and version', async () => {
      const v1 = await get('/api/deadline-rules/GE.appeal?version=1');
      expect(v1.status).toBe(200);
      expect(v1.body).toMatchObject({
        id: 'GE.appeal',
        version: 1,
        period: { days: 15 },
        effectiveFrom: null,
        effectiveTo: '2025-07-06',
      });
      const current = await get('/api/deadline-rules/GE.appeal');
      expect(current.body).toMatchObject({
        version: 2,
        period: { days: 10 },
        effectiveFrom: '2025-07-07',
      });
      expect((await get('/api/deadline-rules/GE.appeal?version=3')).status).toBe(404);
      expect((await get('/api/deadline-rules/GE.appeal?version=0')).status).toBe(400);
      expect((await get('/api/deadline-rules/GE.appeal?version=1.5')).status).toBe(400);
    });
  });

  describe('rule jobs', () => {
    const insertRuleDeadline = async (row: {
      caseId: string;
      ruleId: string;
      version: number | null;
      trigger: string;
      due: string;
      kind?: string;
      explanationCode?: string;
      explanationParams?: unknown;
    }) => {
      const title = sealed(t, 'deadline', 'title', `${row.ruleId} (test row)`);
      const [inserted] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO deadline (id, case_id, kind, title, due_on, rule_id, rule_version, trigger_date,
                               explanation_code, explanation_params, source, status)
         VALUES ($10, $1, $2, $3, $4, $5, $6, $7, $8, $9, 'rule', 'open') RETURNING id`,
        [
          row.caseId,
          row.kind ?? 'appeal',
          title.value,
          row.due,
          row.ruleId,
          row.version,
          row.trigger,
          row.explanationCode ?? null,
          row.explanationParams === undefined ? null : JSON.stringify(row.explanationParams),
          title.id,
        ],
      );
      return inserted.id;
    };
    const tasksFor = (deadlineId: string) =>
      t.dataSource.query<
        {
          source_key: string;
          assignee_id: string | null;
          case_id: string;
          team_id: string;
          priority: string;
          system: boolean;
          status: string;
        }[]
      >(
        `SELECT source_key, assignee_id, case_id, team_id, priority::text, system, status::text
           FROM task WHERE source_key LIKE $1`,
        [`recheck:${deadlineId}:%`],
      );

    it('gives a deadline computed under a superseded version one recheck task, once', async () => {
      const c = await newCase({ jurisdiction: 'GE' });
      // GE.appeal v1 (15 days) stored for a decision served 10 Jan 2026, when v2 (10 days) is in force:
      // 10 Jan + 15 = Sun 25 Jan, moved to Mon 26 Jan 2026.
      const stale = await insertRuleDeadline({
        caseId: c.id,
        ruleId: 'GE.appeal',
        version: 1,
        trigger: '2026-01-10',
        due: '2026-01-26',
      });
      // On the version in force for its trigger date: nothing to recheck.
      const current = await insertRuleDeadline({
        caseId: c.id,
        ruleId: 'GE.appeal',
        version: 2,
        trigger: '2026-01-11',
        due: '2026-01-21',
      });
      // Before the reform, version 1 is right.
      const old = await insertRuleDeadline({
        caseId: c.id,
        ruleId: 'GE.appeal',
        version: 1,
        trigger: '2025-07-01',
        due: '2025-07-16',
      });
      const first = await runRuleJobs(t.dataSource, cryptoOf(t));
      expect(first.ran).toBe(true);
      expect(first.rechecks).toBeGreaterThanOrEqual(1);
      expect(await tasksFor(stale)).toEqual([
        {
          source_key: `recheck:${stale}:2`,
          assignee_id: await t.userId(CASEWORKER),
          case_id: c.id,
          team_id: c.teamId,
          priority: 'urgent',
          system: true,
          status: 'open',
        },
      ]);
      expect(await tasksFor(current)).toEqual([]);
      expect(await tasksFor(old)).toEqual([]);
      // The caseworker sees it in their tasks; another team's caseworker does not.
      const mine = await t.http().get(`/api/tasks?caseId=${c.id}`).set('Authorization', caseworker);
      expect(mine.status).toBe(200);
      expect(mine.body.data.map((x: { title: string }) => x.title)).toEqual([
        expect.stringContaining('GE.appeal'),
      ]);
      const theirs = await t
        .http()
        .get(`/api/tasks?caseId=${c.id}`)
        .set('Authorization', otherTeam);
      expect(theirs.body.data ?? []).toEqual([]);

      const second = await runRuleJobs(t.dataSource, cryptoOf(t));
      expect(second.rechecks).toBe(0);
      expect(await tasksFor(stale)).toHaveLength(1);
    });

    it('rechecks an EU.tp_end deadline of the old extension (version 1)', async () => {
      const c = await newCase(
        { jurisdiction: 'PL', caseType: 'temporary_protection' },
        { nationality: 'UA', currentCountry: 'PL' },
      );
      const stale = await insertRuleDeadline({
        caseId: c.id,
        ruleId: 'EU.tp_end',
        version: 1,
        trigger: '2024-06-25',
        due: '2026-03-04',
        kind: 'document_expiry',
      });
      await runRuleJobs(t.dataSource, cryptoOf(t));
      expect((await tasksFor(stale)).map((x) => x.source_key)).toEqual([`recheck:${stale}:2`]);
    });

    it('adds EU.tp_end (4 March 2027, version 2) to open temporary-protection cases of Ukrainians in the EU only', async () => {
      const tp = await newCase(
        { jurisdiction: 'DE', caseType: 'temporary_protection' },
        { nationality: 'UA', currentCountry: 'DE' },
      );
      const russianAsylum = await newCase(
        { jurisdiction: 'DE', caseType: 'asylum' },
        { nationality: 'RU', currentCountry: 'DE' },
      );
      const georgia = await newCase(
        { jurisdiction: 'GE', caseType: 'temporary_protection' },
        { nationality: 'UA', currentCountry: 'GE' },
      );
      const russianTp = await newCase(
        { jurisdiction: 'DE', caseType: 'temporary_protection' },
        { nationality: 'RU', currentCountry: 'DE' },
      );
      const jobs = await runRuleJobs(t.dataSource, cryptoOf(t));
      expect(jobs.fixedDates).toBeGreaterThanOrEqual(1);
      const rows = await t.dataSource.query<
        {
          case_id: string;
          rule_version: number;
          due_on: string;
          trigger_date: string;
          status: string;
          explanation_code: string;
        }[]
      >(
        `SELECT case_id, rule_version, to_char(due_on, 'YYYY-MM-DD') AS due_on,
                to_char(trigger_date, 'YYYY-MM-DD') AS trigger_date, status::text, explanation_code
           FROM deadline WHERE rule_id = 'EU.tp_end' AND case_id = ANY($1)`,
        [[tp.id, russianAsylum.id, georgia.id, russianTp.id]],
      );
      expect(rows).toEqual([
        {
          case_id: tp.id,
          rule_version: 2,
          due_on: '2027-03-04',
          trigger_date: '2025-07-15',
          status: 'open',
          explanation_code: 'deadline.fixed_date',
        },
      ]);
      // Once: a second run adds nothing.
      await runRuleJobs(t.dataSource, cryptoOf(t));
      const [{ n }] = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM deadline WHERE rule_id = 'EU.tp_end' AND case_id = $1`,
        [tp.id],
      );
      expect(n).toBe(1);

      const mine = await t
        .http()
        .get('/api/deadlines?ruleId=EU.tp_end&perPage=100')
        .set('Authorization', caseworker);
      expect(mine.status).toBe(200);
      expect(mine.body.data).toContainEqual(
        expect.objectContaining({
          caseId: tp.id,
          ruleId: 'EU.tp_end',
          ruleVersion: 2,
          dueOn: '2027-03-04',
          kind: 'document_expiry',
          explanation: expect.objectContaining({ code: 'deadline.fixed_date' }),
        }),
      );
      for (const token of [otherTeam, colleague]) {
        const theirs = await t
          .http()
          .get('/api/deadlines?ruleId=EU.tp_end&perPage=100')
          .set('Authorization', token);
        expect(theirs.status).toBe(200);
        expect(theirs.body.data.map((d: { caseId: string }) => d.caseId)).not.toContain(tp.id);
        const byCase = await t
          .http()
          .get(`/api/deadlines?ruleId=EU.tp_end&caseId=${tp.id}`)
          .set('Authorization', token);
        expect(byCase.body).toMatchObject({ data: [], total: 0 });
      }

      // Its alert ladder (180, 90, 30, 7 days ahead): the reminder job catches up with the most urgent
      // step already reached, once. Today 2026-12-07 is 87 days before 4 March 2027: the 90-day step.
      const [{ id: deadlineId, left }] = await t.dataSource.query<{ id: string; left: number }[]>(
        `SELECT id, (due_on - current_date)::int AS left FROM deadline
          WHERE rule_id = 'EU.tp_end' AND case_id = $1`,
        [tp.id],
      );
      const step = [0, 7, 30, 90, 180].find((days) => days >= left);
      await runReminders(t.dataSource, cryptoOf(t));
      await runReminders(t.dataSource, cryptoOf(t));
      const reminders = await t.dataSource.query<{ source_key: string; assignee_id: string }[]>(
        `SELECT source_key, assignee_id FROM task WHERE source_key LIKE $1`,
        [`reminder:${deadlineId}:%`],
      );
      expect(reminders).toEqual(
        step === undefined
          ? []
          : [
              {
                source_key: `reminder:${deadlineId}:${step}`,
                assignee_id: await t.userId(CASEWORKER),
              },
            ],
      );
    });

    it('gives a closed temporary-protection case no EU.tp_end deadline', async () => {
      const c = await newCase(
        { jurisdiction: 'AT', caseType: 'temporary_protection' },
        { nationality: 'UA', currentCountry: 'AT' },
      );
      await t.dataSource.query(
        `UPDATE legal_case SET stage = 'closed', outcome = 'withdrawn', closed_on = current_date WHERE id = $1`,
        [c.id],
      );
      await runRuleJobs(t.dataSource, cryptoOf(t));
      expect(await ruleRows(c.id)).toEqual([]);
    });

    // Once per case and version: a waived end of temporary protection stays waived.
    it('does not re-add EU.tp_end after the caseworker has waived it', async () => {
      const c = await newCase(
        { jurisdiction: 'CZ', caseType: 'temporary_protection' },
        { nationality: 'UA', currentCountry: 'CZ' },
      );
      await runRuleJobs(t.dataSource, cryptoOf(t));
      const list = await t
        .http()
        .get(`/api/deadlines?ruleId=EU.tp_end&caseId=${c.id}`)
        .set('Authorization', caseworker);
      expect(list.body.total).toBe(1);
      const [deadline] = list.body.data;
      const waived = await t
        .http()
        .patch(`/api/deadlines/${deadline.id}`)
        .set('Authorization', caseworker)
        .send({ version: deadline.version, status: 'waived' });
      expect(waived.status).toBe(200);
      await runRuleJobs(t.dataSource, cryptoOf(t));
      const open = await t
        .http()
        .get(`/api/deadlines?ruleId=EU.tp_end&caseId=${c.id}&status=open`)
        .set('Authorization', caseworker);
      expect(open.body.total).toBe(0);
    });

    // A fixed date takes no trigger of the caller's: by hand and by the job, the same one deadline.
    it('keeps one open EU.tp_end deadline when one was added by hand', async () => {
      const c = await newCase(
        { jurisdiction: 'SK', caseType: 'temporary_protection' },
        { nationality: 'UA', currentCountry: 'SK' },
      );
      const post = (body: Record<string, unknown>) =>
        t
          .http()
          .post('/api/deadlines')
          .set('Authorization', caseworker)
          .send({ caseId: c.id, ruleId: 'EU.tp_end', ...body });
      const another = await post({ triggerDate: '2026-01-01' });
      expect(another.status).toBe(400);
      expect(another.body.field).toBe('triggerDate');
      const byHand = await post({});
      expect(byHand.status).toBe(201);
      expect(byHand.body).toMatchObject({ dueOn: '2027-03-04', triggerDate: '2025-07-15' });
      await runRuleJobs(t.dataSource, cryptoOf(t));
      expect(await ruleRows(c.id)).toHaveLength(1);
    });

    it('re-derives the parameters of a legacy row whose date the rule still gives, and keeps a hand-changed one', async () => {
      const c = await newCase({ jurisdiction: 'DE' });
      // DE.appeal from Sat 21 Mar 2026: + 2 weeks = Sat 4 Apr; Good Friday 3 Apr is before, Easter
      // Monday 6 Apr a holiday, Sunday 5 Apr: Tue 7 Apr 2026 — what the rule still gives.
      const matching = await insertRuleDeadline({
        caseId: c.id,
        ruleId: 'DE.appeal',
        version: 1,
        trigger: '2026-03-21',
        due: '2026-04-07',
        explanationCode: 'deadline.legacy',
        explanationParams: { text: '2 weeks from service on 21 Mar 2026 (old sentence)' },
      });
      // DE.appeal_grounds from 21 Mar 2026 gives Tue 21 Apr 2026; this row was moved by hand to 30 Apr.
      const byHand = await insertRuleDeadline({
        caseId: c.id,
        ruleId: 'DE.appeal_grounds',
        version: 1,
        trigger: '2026-03-21',
        due: '2026-04-30',
        kind: 'appeal_grounds',
        explanationCode: 'deadline.legacy',
        explanationParams: { text: 'Moved by hand after a call with the court' },
      });
      const jobs = await runRuleJobs(t.dataSource, cryptoOf(t));
      expect(jobs.rederived).toBeGreaterThanOrEqual(1);

      const rederived = await t
        .http()
        .get(`/api/deadlines/${matching}`)
        .set('Authorization', caseworker);
      expect(rederived.status).toBe(200);
      expect(rederived.body.explanation).toMatchObject({
        code: 'deadline.period',
        params: {
          ruleId: 'DE.appeal',
          version: 1,
          triggerDate: '2026-03-21',
          periodEnd: '2026-04-04',
          dueOn: '2026-04-07',
          moved: { reason: 'holiday', holiday: 'Easter Monday' },
        },
      });
      expect(rederived.body.text).toContain('Easter Monday');

      const kept = await t.http().get(`/api/deadlines/${byHand}`).set('Authorization', caseworker);
      expect(kept.body.explanation).toEqual({
        code: 'deadline.legacy',
        params: { text: 'Moved by hand after a call with the court' },
      });
      expect(kept.body.text).toContain('Moved by hand after a call with the court');
      // Neither is a changed rule: no recheck task.
      expect(await tasksFor(matching)).toEqual([]);
      expect(await tasksFor(byHand)).toEqual([]);
    });
  });

  describe('access', () => {
    let caseId: string;
    let caseVersion: number;
    let notFoundBody: unknown;
    beforeAll(async () => {
      const c = await newCase({
        jurisdiction: 'DE',
        decisionServedOn: '2026-03-02',
        procedureTrack: 'regular',
      });
      caseId = c.id;
      caseVersion = c.version;
      const missing = await t
        .http()
        .get('/api/cases/00000000-0000-4000-8000-000000000000/suggested-deadlines')
        .set('Authorization', caseworker);
      expect(missing.status).toBe(404);
      notFoundBody = missing.body;
    });

    const routes = () => [
      {
        name: 'GET suggested-deadlines',
        send: (token: string) =>
          t.http().get(`/api/cases/${caseId}/suggested-deadlines`).set('Authorization', token),
      },
      {
        name: 'POST suggested-deadlines',
        send: (token: string) =>
          t
            .http()
            .post(`/api/cases/${caseId}/suggested-deadlines`)
            .set('Authorization', token)
            .send({}),
      },
      {
        name: 'GET stay-limit',
        send: (token: string) =>
          t.http().get(`/api/cases/${caseId}/stay-limit`).set('Authorization', token),
      },
      {
        name: 'PATCH case (service fields)',
        send: (token: string) =>
          t.http().patch(`/api/cases/${caseId}`).set('Authorization', token).send({
            version: caseVersion,
            serviceMethod: 'reception_centre',
            decisionReceivedOn: '2026-03-01',
            procedureTrack: 'dublin',
          }),
      },
      {
        name: 'POST deadline from a rule',
        send: (token: string) =>
          t
            .http()
            .post('/api/deadlines')
            .set('Authorization', token)
            .send({ caseId, ruleId: 'DE.appeal', triggerDate: '2026-03-02' }),
      },
    ];

    it('is a 404, the same as a missing case, for another team’s caseworker and for a colleague', async () => {
      for (const token of [otherTeam, colleague])
        for (const route of routes()) {
          const response = await route.send(token);
          expect(response.status, route.name).toBe(404);
          if (route.name.includes('suggested'))
            expect(response.body, route.name).toEqual(notFoundBody);
        }
    });

    it('is a 403 for an analyst, whatever the case', async () => {
      for (const route of routes()) {
        const response = await route.send(analyst);
        expect(response.status, route.name).toBe(403);
      }
      const rules = await t.http().get('/api/deadline-rules').set('Authorization', analyst);
      expect(rules.status).toBe(403);
      const compute = await t
        .http()
        .get('/api/deadline-rules/DE.appeal/compute?triggerDate=2026-03-02')
        .set('Authorization', analyst);
      expect(compute.status).toBe(403);
    });

    it('left the case untouched through all those refusals', async () => {
      const response = await t.http().get(`/api/cases/${caseId}`).set('Authorization', caseworker);
      expect(response.body).toMatchObject({
        version: caseVersion,
        serviceMethod: null,
        decisionReceivedOn: null,
        decisionServedOn: '2026-03-02',
        procedureTrack: 'regular',
      });
      expect(await ruleRows(caseId)).toEqual([]);
      // The owner still gets the suggestions.
      expect(ruleIds((await suggested(caseId)).body)).toEqual([
        'DE.appeal',
        'DE.appeal_grounds',
        'DE.departure',
      ]);
    });
  });
});
