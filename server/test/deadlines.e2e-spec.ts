import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

describe('deadlines', () => {
  let t: TestApp;
  let caseworker: string;
  beforeAll(async () => {
    t = await startTestApp();
    caseworker = await t.tokenFor('caseworker@haven.local');
  });
  afterAll(() => t.close());

  const nextDeadline = async (caseId: string) =>
    (
      await t.dataSource.query<{ d: string | null }[]>(
        `SELECT to_char(next_deadline_on, 'YYYY-MM-DD') AS d FROM legal_case WHERE id = $1`,
        [caseId],
      )
    )[0].d;

  it('computes a deadline from a rule, with its explanation, and keeps nextDeadlineOn', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local', { client: { documents: [] } });
    expect(await nextDeadline(c.id)).toBeNull();
    const response = await t
      .http()
      .post('/api/deadlines')
      .set('Authorization', caseworker)
      .send({ caseId: c.id, ruleId: 'DE.appeal', triggerDate: '2026-03-21' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      kind: 'appeal',
      dueOn: '2026-04-07',
      ruleId: 'DE.appeal',
      source: 'rule',
      status: 'open',
      confidence: 'H',
      caseReference: c.reference,
    });
    expect(response.body).toMatchObject({
      ruleVersion: 1,
      explanation: {
        code: 'deadline.period',
        params: { dueOn: '2026-04-07', moved: { reason: 'holiday', holiday: 'Easter Monday' } },
      },
    });
    expect(response.body.text).toContain('next working day after Easter Monday: Tue 7 Apr 2026');
    expect(await nextDeadline(c.id)).toBe('2026-04-07');
    const manual = await t
      .http()
      .post('/api/deadlines')
      .set('Authorization', caseworker)
      .send({ caseId: c.id, kind: 'interview', title: 'BAMF interview', dueOn: '2026-03-30' });
    expect(manual.status).toBe(201);
    expect(await nextDeadline(c.id)).toBe('2026-03-30');
    const done = await t
      .http()
      .patch(`/api/deadlines/${manual.body.id}`)
      .set('Authorization', caseworker)
      .send({ version: manual.body.version, status: 'done' });
    expect(done.status).toBe(200);
    expect(done.body.completedById).toBe(await t.userId('caseworker@haven.local'));
    expect(done.body.completedAt).toBeTruthy();
    expect(await nextDeadline(c.id)).toBe('2026-04-07');
    const list = await t
      .http()
      .get(`/api/cases?nextDeadlineOn_lte=2026-04-30&sort=nextDeadlineOn`)
      .set('Authorization', caseworker);
    expect(list.body.data.map((x: { id: string }) => x.id)).toContain(c.id);
  });

  it('refuses impossible status changes with 409, and allows reopening', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local', { client: { documents: [] } });
    const created = await t
      .http()
      .post('/api/deadlines')
      .set('Authorization', caseworker)
      .send({ caseId: c.id, kind: 'submission', title: 'Evidence bundle', dueOn: '2027-01-10' });
    const waived = await t
      .http()
      .patch(`/api/deadlines/${created.body.id}`)
      .set('Authorization', caseworker)
      .send({ version: 1, status: 'waived' });
    expect(waived.status).toBe(200);
    const missed = await t
      .http()
      .patch(`/api/deadlines/${created.body.id}`)
      .set('Authorization', caseworker)
      .send({ version: 2, status: 'missed' });
    expect(missed.status).toBe(409);
    expect(missed.body.message).toMatch(/status/);
    expect(await nextDeadline(c.id)).toBeNull();
    const reopened = await t
      .http()
      .patch(`/api/deadlines/${created.body.id}`)
      .set('Authorization', caseworker)
      .send({ version: 2, status: 'open' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.completedAt).toBeNull();
    expect(await nextDeadline(c.id)).toBe('2027-01-10');
  });

  it.each([
    [{ kind: 'appeal', title: 'x' }, 'dueOn'],
    [{ ruleId: 'DE.appeal' }, 'triggerDate'],
    [{ ruleId: 'XX.nothing', triggerDate: '2026-01-01' }, 'ruleId'],
    [{ ruleId: 'DE.appeal', triggerDate: '2026-02-30' }, 'triggerDate'],
    [{ ruleId: 'DE.appeal', triggerDate: '2026-01-01', dueOn: '2026-02-01' }, 'dueOn'],
    [{ kind: 'sometime', title: 'x', dueOn: '2026-01-01' }, 'kind'],
  ])('rejects %j naming %s', async (body, field) => {
    const { case: c } = await intake(t, 'caseworker@haven.local', { client: { documents: [] } });
    const response = await t
      .http()
      .post('/api/deadlines')
      .set('Authorization', caseworker)
      .send({ caseId: c.id, ...body });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain(field);
  });

  it('offers the appeal deadlines a decision starts, and creates them in one click', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local', {
      client: { documents: [] },
      case: { jurisdiction: 'DE', decisionServedOn: '2026-03-21' },
    });
    const offered = await t
      .http()
      .get(`/api/cases/${c.id}/suggested-deadlines`)
      .set('Authorization', caseworker);
    expect(offered.status).toBe(200);
    // The track decides between 2 weeks and 1 week: unknown, Haven asks instead of offering both.
    expect(offered.body.data.map((s: { ruleId: string }) => s.ruleId)).toEqual([
      'DE.appeal_grounds',
    ]);
    expect(offered.body.question).toMatchObject({ code: 'deadline.track_unknown' });
    expect(offered.body.question.options).toEqual(
      expect.arrayContaining(['regular', 'manifestly_unfounded', 'dublin', 'border']),
    );
    const answered = await t
      .http()
      .patch(`/api/cases/${c.id}`)
      .set('Authorization', caseworker)
      .send({ version: c.version, procedureTrack: 'regular' });
    expect(answered.status).toBe(200);
    const regular = await t
      .http()
      .get(`/api/cases/${c.id}/suggested-deadlines`)
      .set('Authorization', caseworker);
    expect(regular.body.question).toBeNull();
    expect(regular.body.data.map((s: { ruleId: string }) => s.ruleId).sort()).toEqual([
      'DE.appeal',
      'DE.appeal_grounds',
      'DE.departure',
    ]);
    const created = await t
      .http()
      .post(`/api/cases/${c.id}/suggested-deadlines`)
      .set('Authorization', caseworker)
      .send({ ruleIds: ['DE.appeal', 'DE.appeal_grounds'] });
    expect(created.status).toBe(201);
    expect(created.body.data.map((d: { dueOn: string }) => d.dueOn).sort()).toEqual([
      '2026-04-07',
      '2026-04-21',
    ]);
    const again = await t
      .http()
      .get(`/api/cases/${c.id}/suggested-deadlines`)
      .set('Authorization', caseworker);
    expect(again.body.data.map((s: { ruleId: string }) => s.ruleId)).toEqual(['DE.departure']);
  });

  it('suspends the CNDA period while legal aid is decided, and only that period', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local', {
      client: { documents: [] },
      case: { jurisdiction: 'FR' },
    });
    const add = (ruleId: string, triggerDate: string) =>
      t
        .http()
        .post('/api/deadlines')
        .set('Authorization', caseworker)
        .send({ caseId: c.id, ruleId, triggerDate });
    // 1 month from Wed 1 Jul 2026 = Sat 1 Aug → Mon 3 Aug.
    const appeal = await add('FR.appeal', '2026-07-01');
    expect(appeal.body.dueOn).toBe('2026-08-03');
    const patch = (id: string, body: Record<string, unknown>) =>
      t.http().patch(`/api/deadlines/${id}`).set('Authorization', caseworker).send(body);
    // Legal aid asked on 10 Jul, decided on 30 Jul: 20 days more, 1 Aug + 20 = Fri 21 Aug.
    const suspended = await patch(appeal.body.id, {
      version: appeal.body.version,
      suspendedFrom: '2026-07-10',
      resumedOn: '2026-07-30',
    });
    expect(suspended.status).toBe(200);
    expect(suspended.body.dueOn).toBe('2026-08-21');
    expect(suspended.body.explanation).toMatchObject({
      code: 'deadline.period',
      params: { suspended: { from: '2026-07-10', resumedOn: '2026-07-30', days: 20 } },
    });
    const cleared = await patch(appeal.body.id, {
      version: suspended.body.version,
      suspendedFrom: null,
      resumedOn: null,
    });
    expect(cleared.body.dueOn).toBe('2026-08-03');
    // A request after the period ended suspends nothing; half a suspension is refused.
    for (const body of [
      { suspendedFrom: '2026-08-05', resumedOn: '2026-08-10' },
      { suspendedFrom: '2026-07-10' },
      { suspendedFrom: '2026-07-20', resumedOn: '2026-07-10' },
    ]) {
      const refused = await patch(appeal.body.id, { version: cleared.body.version, ...body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    // Only a period another rule suspends: nothing suspends the legal-aid request's own 15 days.
    const legalAid = await add('FR.legal_aid', '2026-07-01');
    const notSuspendable = await patch(legalAid.body.id, {
      version: legalAid.body.version,
      suspendedFrom: '2026-07-03',
      resumedOn: '2026-07-06',
    });
    expect(notSuspendable.status).toBe(400);
    expect(notSuspendable.body.code).toBe('deadline.not_suspendable');
  });

  it('turns document expiries into deadlines 12, 6 and 3 months ahead, once', async () => {
    const year = new Date().getUTCFullYear() + 2;
    const expires = `${year}-03-31`;
    const { case: c, client } = await intake(t, 'caseworker@haven.local', {
      client: {
        documents: [
          {
            kind: 'international_passport',
            number: null,
            issuingCountry: 'RU',
            expiresOn: expires,
          },
        ],
      },
    });
    const list = await t
      .http()
      .get(`/api/deadlines?caseId=${c.id}&source=document`)
      .set('Authorization', caseworker);
    expect(list.body.total).toBe(3);
    // 12, 6 and 3 months before 31 March: 31 March, 30 September (no 31st) and 31 December.
    expect(list.body.data.map((d: { dueOn: string }) => d.dueOn)).toEqual([
      `${year - 1}-03-31`,
      `${year - 1}-09-30`,
      `${year - 1}-12-31`,
    ]);
    const current = await t
      .http()
      .get(`/api/clients/${client.id}`)
      .set('Authorization', caseworker);
    await t
      .http()
      .patch(`/api/clients/${client.id}`)
      .set('Authorization', caseworker)
      .send({
        version: current.body.version,
        documents: [
          ...current.body.documents,
          { kind: 'residence_permit', number: null, issuingCountry: 'GE', expiresOn: expires },
        ],
      });
    const after = await t
      .http()
      .get(`/api/deadlines?caseId=${c.id}&source=document`)
      .set('Authorization', caseworker);
    expect(after.body.total).toBe(6);
  });

  describe('stay limit', () => {
    const daysAgo = (n: number) => {
      const date = new Date();
      date.setUTCDate(date.getUTCDate() - n);
      return date.toISOString().slice(0, 10);
    };
    const later = (day: string, n: number) => {
      const date = new Date(`${day}T00:00:00Z`);
      date.setUTCDate(date.getUTCDate() + n);
      return date.toISOString().slice(0, 10);
    };
    const stayLimitOf = async (
      country: string,
      nationality: string,
      stays: { entryDate: string; exitDate: string | null }[],
    ) => {
      const { case: c } = await intake(t, 'caseworker.almaty@haven.local', {
        client: { currentCountry: country, nationality, documents: [], stays },
        case: { jurisdiction: country, caseType: 'stay_extension' },
      });
      const response = await t
        .http()
        .get(`/api/cases/${c.id}/stay-limit`)
        .set('Authorization', await t.tokenFor('caseworker.almaty@haven.local'));
      expect(response.status).toBe(200);
      return response.body;
    };

    it('answers the contract’s shape: both limits, the earlier one, an explanation to render and its English text', async () => {
      const body = await stayLimitOf('KZ', 'RU', [
        { entryDate: '2026-01-01', exitDate: '2026-01-30' },
        { entryDate: '2026-03-01', exitDate: null },
      ]);
      expect(Object.keys(body).sort()).toEqual(
        [
          'explanation',
          'lastLegalDay',
          'perVisitLastDay',
          'rollingLastDay',
          'ruleId',
          'text',
        ].sort(),
      );
      expect(body).toEqual({
        ruleId: 'KZ.stay',
        lastLegalDay: '2026-04-29',
        perVisitLastDay: null,
        rollingLastDay: '2026-04-29',
        explanation: {
          code: 'stay.limit',
          params: {
            ruleId: 'KZ.stay',
            entryDate: '2026-03-01',
            perVisitMaxDays: null,
            perVisitLastDay: null,
            maxDays: 90,
            windowDays: 180,
            rollingLastDay: '2026-04-29',
            lastLegalDay: '2026-04-29',
            binding: 'rolling',
            daysUsedBefore: 30,
            confidence: 'H',
            legalBasis: expect.stringContaining('27 January 2023'),
          },
        },
        text: expect.stringContaining('Last legal day: Wed 29 Apr 2026'),
      });
    });

    it('gives a Russian entering Türkiye ten days ago 60 days a visit (day 60), not 90', async () => {
      const entry = daysAgo(10);
      const body = await stayLimitOf('TR', 'RU', [{ entryDate: entry, exitDate: null }]);
      expect(body).toMatchObject({
        ruleId: 'TR.stay',
        perVisitLastDay: later(entry, 59),
        rollingLastDay: later(entry, 89),
        lastLegalDay: later(entry, 59),
        explanation: { code: 'stay.limit', params: { binding: 'per_visit', confidence: 'M' } },
      });
    });

    it('gives a Russian entering Mongolia ten days ago 30 days (day 30), not 90', async () => {
      const entry = daysAgo(10);
      const body = await stayLimitOf('MN', 'RU', [{ entryDate: entry, exitDate: null }]);
      expect(body).toMatchObject({ ruleId: 'MN.stay', lastLegalDay: later(entry, 29) });
    });

    it('follows the nationality in Kazakhstan: 90 in 180 for a Russian, 30 a visit for a Ukrainian', async () => {
      const entry = daysAgo(10);
      const stays = [{ entryDate: entry, exitDate: null }];
      expect(await stayLimitOf('KZ', 'RU', stays)).toMatchObject({
        ruleId: 'KZ.stay',
        lastLegalDay: later(entry, 89),
      });
      expect(await stayLimitOf('KZ', 'UA', stays)).toMatchObject({
        ruleId: 'KZ.stay.visa_free',
        perVisitLastDay: later(entry, 29),
        lastLegalDay: later(entry, 29),
      });
    });

    it('gives no date, and says so, where no rule names the nationality', async () => {
      const body = await stayLimitOf('TR', 'AF', [{ entryDate: daysAgo(10), exitDate: null }]);
      expect(body).toEqual({
        ruleId: null,
        lastLegalDay: null,
        perVisitLastDay: null,
        rollingLastDay: null,
        explanation: { code: 'stay.no_rule', params: { country: 'TR', nationality: 'AF' } },
        text: expect.stringContaining('No stay rule'),
      });
    });

    it('counts Georgia’s 365 days with the day of entry as day 1', async () => {
      const body = await stayLimitOf('GE', 'RU', [{ entryDate: '2026-03-01', exitDate: null }]);
      expect(body).toMatchObject({ ruleId: 'GE.stay', lastLegalDay: '2027-02-28' });
      const preview = await t
        .http()
        .get('/api/deadline-rules/GE.stay/compute?triggerDate=2026-03-01')
        .set('Authorization', caseworker);
      expect(preview.body.dueOn).toBe('2027-02-28');
    });

    it('is a 404 for a case the caller may not see', async () => {
      const { case: c } = await intake(t, 'caseworker.almaty@haven.local', {
        client: { currentCountry: 'KZ', documents: [] },
        case: { jurisdiction: 'KZ', caseType: 'stay_extension' },
      });
      const response = await t
        .http()
        .get(`/api/cases/${c.id}/stay-limit`)
        .set('Authorization', caseworker);
      expect(response.status).toBe(404);
    });
  });

  it('lists the catalogue with filters and previews a computation', async () => {
    const rules = await t
      .http()
      .get('/api/deadline-rules?jurisdiction=DE&kind=appeal')
      .set('Authorization', caseworker);
    expect(rules.body.data.map((r: { id: string }) => r.id)).toEqual([
      'DE.appeal',
      'DE.appeal.accelerated',
      'DE.appeal.airport',
      'DE.leave_to_appeal',
    ]);
    expect(rules.body.data[0]).toMatchObject({
      duration: '2 weeks',
      legalBasis: expect.stringContaining('74'),
      confidence: 'H',
    });
    expect(
      (await t.http().get('/api/deadline-rules?country=DE').set('Authorization', caseworker))
        .status,
    ).toBe(400);
    const preview = await t
      .http()
      .get('/api/deadline-rules/DE.appeal/compute?triggerDate=2026-03-21')
      .set('Authorization', caseworker);
    expect(preview.body.dueOn).toBe('2026-04-07');
    expect(
      (
        await t
          .http()
          .get('/api/deadline-rules/DE.appeal/compute?triggerDate=soon')
          .set('Authorization', caseworker)
      ).status,
    ).toBe(400);
    expect(
      (await t.http().get('/api/deadline-rules/XX.none').set('Authorization', caseworker)).status,
    ).toBe(404);
  });

  describe('calendar feed', () => {
    it('serves an RFC 5545 calendar of visible open deadlines, with stable UIDs and no client names', async () => {
      const { case: c } = await intake(t, 'caseworker2@haven.local', {
        client: {
          givenName: 'Zinaida',
          familyName: 'Uniquename',
          nativeName: 'Зинаида Уникальная',
          documents: [],
        },
      });
      const token = await t.tokenFor('caseworker2@haven.local');
      const deadline = await t
        .http()
        .post('/api/deadlines')
        .set('Authorization', token)
        .send({ caseId: c.id, ruleId: 'DE.appeal', triggerDate: '2030-03-21' });
      const issued = await t.http().post('/api/calendar/token').set('Authorization', token);
      expect(issued.status).toBe(201);
      expect(issued.body.url).toContain(`/api/calendar/feed.ics?token=${issued.body.token}`);
      const feed = await t.http().get(`/api/calendar/feed.ics?token=${issued.body.token}`);
      expect(feed.status).toBe(200);
      expect(feed.headers['content-type']).toMatch(/text\/calendar/);
      expect(feed.text).not.toMatch(/Zinaida|Uniquename|Зинаида/);
      const calendar = new ICAL.Component(ICAL.parse(feed.text));
      const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
      const event = events.find((e) => e.uid === `deadline-${deadline.body.id}@haven`);
      expect(event?.summary).toBe(`${c.reference} · Appeal`);
      expect(event?.startDate.toString()).toBe(deadline.body.dueOn);
      // The same UID on the next fetch, so calendar apps update rather than duplicate.
      const again = await t.http().get(`/api/calendar/feed.ics?token=${issued.body.token}`);
      expect(again.text).toContain(`UID:deadline-${deadline.body.id}@haven`);
      // Other caseworkers' deadlines are not in it.
      const others = await t.dataSource.query<{ id: string }[]>(
        `SELECT d.id FROM deadline d JOIN legal_case c ON c.id = d.case_id WHERE c.assigned_to_id <> $1`,
        [await t.userId('caseworker2@haven.local')],
      );
      for (const other of others) expect(feed.text).not.toContain(other.id);
    });

    it('refuses a rotated or forged token', async () => {
      const token = await t.tokenFor('caseworker@haven.local');
      const first = await t.http().post('/api/calendar/token').set('Authorization', token);
      const second = await t.http().post('/api/calendar/token').set('Authorization', token);
      expect((await t.http().get(`/api/calendar/feed.ics?token=${first.body.token}`)).status).toBe(
        404,
      );
      expect((await t.http().get(`/api/calendar/feed.ics?token=${second.body.token}`)).status).toBe(
        200,
      );
      expect((await t.http().get(`/api/calendar/feed.ics?token=${'x'.repeat(43)}`)).status).toBe(
        404,
      );
      expect((await t.http().get('/api/calendar/feed.ics')).status).toBe(404);
    });
  });
});
