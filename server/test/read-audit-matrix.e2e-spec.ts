import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfWith } from './document-fixtures.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * The read-audit matrix: every route that reads a client, a case, a note, or exports, leaves exactly
 * the audit events the contract asks for — how many, which action, on which record, by whom, and
 * filed under which teams (a supervisor reads their team's events) — and none of them carries the
 * person's name, birth date, phone or a note's or deadline's free text. A read that is refused
 * (another team's record: 404; a role's forbidden route: 403; bad input: 400) leaves no event at all.
 */
interface Event {
  seq: string;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  actor_id: string | null;
  team_id: string | null;
  summary: string;
  details: Record<string, unknown> | null;
}

interface Expected {
  action: string;
  entityType: string;
  /** The record read; null for a list, a check or an export. */
  entityId: string | null;
  actor: string;
  /** The team of each event, in any order: one event per team. */
  teams: (string | null)[];
  /** Extra checks on the events. */
  check?: (events: Event[]) => void;
}

const SECRET = {
  givenName: 'Aglaya',
  familyName: 'Sekretova',
  nativeName: 'Аглая Секретова',
  dateOfBirth: '1979-08-14',
  phone: '+995 599 31 41 59',
  noteTitle: 'Safe house on Rustaveli',
  noteBody: 'Hidden with a cousin in Batumi since October',
  deadlineTitle: 'Meeting at the safe house',
  claimSummary: 'Crossed at Verkhny Lars hidden in a lorry of apples',
  documentTitle: 'Summons to Aglaya at the Batumi address',
  documentFileName: 'aglaya-batumi-summons.pdf',
  consentNote: 'Withdrew after the visit to Rustaveli',
  dataRequestNote: 'Asks what we hold on the Batumi address',
};

describe('the read-audit matrix', () => {
  let t: TestApp;
  let tbilisi: string;
  let almaty: string;
  const home = {
    clientId: '',
    caseId: '',
    noteId: '',
    deadlineId: '',
    documentId: '',
    reference: '',
    dataRequestId: '',
  };
  /** A client of Tbilisi (first case) who also has a case in Almaty. */
  const shared = { clientId: '' };
  let feedToken = '';

  const seq = async () =>
    (
      await t.dataSource.query<{ seq: string }[]>(
        'SELECT coalesce(max(seq), 0)::text AS seq FROM audit_event',
      )
    )[0].seq;
  const since = (from: string) =>
    t.dataSource.query<Event[]>(
      'SELECT seq::text, action, entity_type, entity_id, actor_id, team_id, summary, details FROM audit_event WHERE seq > $1 ORDER BY seq',
      [from],
    );

  /** Runs `request` as `email` and checks the events it left. */
  async function audited(
    email: string,
    request: (token: string) => Promise<Response>,
    status: number,
    expected: Expected | null,
  ): Promise<Response> {
    const token = await t.tokenFor(email);
    const before = await seq();
    const response = await request(token);
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    // Every event exists by the time the response arrives, a streamed export's too (before its first byte).
    const events = await since(before);
    if (!expected) {
      expect(events, 'a refused read leaves no event').toEqual([]);
      return response;
    }
    expect(events.map((e) => e.team_id ?? 'none').sort()).toEqual(
      expected.teams.map((team) => team ?? 'none').sort(),
    );
    const actor = await t.userId(expected.actor);
    for (const event of events) {
      expect({
        action: event.action,
        entityType: event.entity_type,
        entityId: event.entity_id,
        actor: event.actor_id,
      }).toEqual({
        action: expected.action,
        entityType: expected.entityType,
        entityId: expected.entityId,
        actor,
      });
    }
    const text = JSON.stringify(events);
    for (const [field, value] of Object.entries(SECRET))
      expect(text, `${field} in the audit trail`).not.toContain(value);
    expected.check?.(events);
    return response;
  }

  const get = (path: string) => (token: string) => t.http().get(path).set('Authorization', token);

  beforeAll(async () => {
    t = await startTestApp();
    tbilisi = await t.teamId('Tbilisi office');
    almaty = await t.teamId('Almaty office');
    const admin = await t.tokenFor('admin@haven.local');
    // Logins are events too: every account signs in before any count starts.
    for (const email of [
      'supervisor@haven.local',
      'caseworker@haven.local',
      'caseworker2@haven.local',
      'supervisor.almaty@haven.local',
      'caseworker.almaty@haven.local',
      'analyst@haven.local',
    ])
      await t.tokenFor(email);

    const created = await intake(t, 'caseworker@haven.local', {
      client: {
        givenName: SECRET.givenName,
        familyName: SECRET.familyName,
        nativeName: SECRET.nativeName,
        dateOfBirth: SECRET.dateOfBirth,
        phone: SECRET.phone,
      },
      case: { claimSummary: SECRET.claimSummary },
    });
    Object.assign(home, {
      clientId: created.client.id,
      caseId: created.case.id,
      reference: created.case.reference,
    });
    const caseworker = await t.tokenFor('caseworker@haven.local');
    const note = await t.http().post('/api/notes').set('Authorization', caseworker).send({
      caseId: home.caseId,
      ground: 'political_opinion',
      title: SECRET.noteTitle,
      body: SECRET.noteBody,
    });
    expect(note.status).toBe(201);
    home.noteId = note.body.id;
    const edited = await t
      .http()
      .patch(`/api/notes/${home.noteId}`)
      .set('Authorization', caseworker)
      .send({ version: note.body.version, body: `${SECRET.noteBody}, then moved` });
    expect(edited.status).toBe(200);
    const deadline = await t.http().post('/api/deadlines').set('Authorization', caseworker).send({
      caseId: home.caseId,
      kind: 'other',
      title: SECRET.deadlineTitle,
      dueOn: '2031-05-04',
    });
    expect(deadline.status, JSON.stringify(deadline.body)).toBe(201);
    home.deadlineId = deadline.body.id;
    const document = await t
      .http()
      .post(`/api/cases/${home.caseId}/documents`)
      .set('Authorization', caseworker)
      .field('kind', 'summons')
      .field('title', SECRET.documentTitle)
      .attach('file', pdfWith('read audit'), SECRET.documentFileName);
    expect(document.status, JSON.stringify(document.body)).toBe(201);
    home.documentId = document.body.id;
    const withdrawal = await t
      .http()
      .post(`/api/clients/${home.clientId}/consent`)
      .set('Authorization', caseworker)
      .send({
        scope: 'legal_representation',
        action: 'withdrawn',
        on: new Date().toISOString().slice(0, 10),
        language: 'ru',
        note: SECRET.consentNote,
      });
    expect(withdrawal.status, JSON.stringify(withdrawal.body)).toBe(201);
    const dataRequest = await t
      .http()
      .post('/api/data-requests')
      .set('Authorization', caseworker)
      .send({
        clientId: home.clientId,
        type: 'access',
        receivedOn: '2026-11-20',
        note: SECRET.dataRequestNote,
      });
    expect(dataRequest.status, JSON.stringify(dataRequest.body)).toBe(201);
    home.dataRequestId = dataRequest.body.id;

    const spread = await intake(t, 'caseworker@haven.local', {
      client: {
        givenName: 'Boris',
        familyName: 'Dvukhkomandny',
        nativeName: 'Борис Двухкомандный',
        dateOfBirth: '1966-01-30',
        phone: '+995 599 00 00 01',
      },
    });
    shared.clientId = spread.client.id;
    const second = await t.http().post('/api/cases').set('Authorization', admin).send({
      clientId: shared.clientId,
      caseType: 'stay_extension',
      jurisdiction: 'KZ',
      teamId: almaty,
    });
    expect(second.status).toBe(201);

    feedToken = (
      await t.http().post('/api/calendar/token').set('Authorization', caseworker).send({})
    ).body.token;
    // Another team's case, so lists have something the caller must not see.
    await intake(t, 'caseworker.almaty@haven.local', {
      client: {
        givenName: 'Chingiz',
        familyName: 'Almatinsky',
        dateOfBirth: '1988-12-01',
        phone: '+7 701 000 00 02',
      },
    });
  });
  afterAll(() => t.close());

  describe('reads of a record: one event per team that holds it', () => {
    it('GET /api/clients/:id', async () => {
      await audited('caseworker@haven.local', get(`/api/clients/${home.clientId}`), 200, {
        action: 'read',
        entityType: 'client',
        entityId: home.clientId,
        actor: 'caseworker@haven.local',
        teams: [tbilisi],
      });
    });

    it('GET /api/intake/draft: the owner’s own draft, filed under their team, without its content', async () => {
      const caseworker = await t.tokenFor('caseworker@haven.local');
      const saved = await t
        .http()
        .put('/api/intake/draft')
        .set('Authorization', caseworker)
        .send({ payload: { draft: SECRET }, step: 1 });
      expect(saved.status).toBe(200);
      const [draft] = await t.dataSource.query<{ id: string }[]>(
        'SELECT id FROM intake_draft WHERE owner_id = $1',
        [await t.userId('caseworker@haven.local')],
      );
      await audited('caseworker@haven.local', get('/api/intake/draft'), 200, {
        action: 'read',
        entityType: 'intake_draft',
        entityId: draft.id,
        actor: 'caseworker@haven.local',
        teams: [tbilisi],
      });
      await t.http().delete('/api/intake/draft').set('Authorization', caseworker).expect(204);
    });

    it('GET /api/clients/:id by an admin: filed under the team holding the client', async () => {
      await audited('admin@haven.local', get(`/api/clients/${home.clientId}`), 200, {
        action: 'read',
        entityType: 'client',
        entityId: home.clientId,
        actor: 'admin@haven.local',
        teams: [tbilisi],
      });
    });

    it('GET /api/clients/:id of a client held by two teams: filed under the reader’s team and every team holding a case', async () => {
      await audited('supervisor.almaty@haven.local', get(`/api/clients/${shared.clientId}`), 200, {
        action: 'read',
        entityType: 'client',
        entityId: shared.clientId,
        actor: 'supervisor.almaty@haven.local',
        teams: [almaty, tbilisi],
      });
      await audited('supervisor@haven.local', get(`/api/clients/${shared.clientId}`), 200, {
        action: 'read',
        entityType: 'client',
        entityId: shared.clientId,
        actor: 'supervisor@haven.local',
        teams: [tbilisi, almaty],
      });
    });

    it('GET /api/clients/:id/consent: filed under the reader’s team and every team holding a case', async () => {
      await audited('caseworker@haven.local', get(`/api/clients/${home.clientId}/consent`), 200, {
        action: 'read',
        entityType: 'client',
        entityId: home.clientId,
        actor: 'caseworker@haven.local',
        teams: [tbilisi],
      });
      await audited(
        'supervisor.almaty@haven.local',
        get(`/api/clients/${shared.clientId}/consent`),
        200,
        {
          action: 'read',
          entityType: 'client',
          entityId: shared.clientId,
          actor: 'supervisor.almaty@haven.local',
          teams: [almaty, tbilisi],
        },
      );
    });

    it('GET /api/data-requests/:id', async () => {
      await audited(
        'supervisor@haven.local',
        get(`/api/data-requests/${home.dataRequestId}`),
        200,
        {
          action: 'read',
          entityType: 'data_request',
          entityId: home.dataRequestId,
          actor: 'supervisor@haven.local',
          teams: [tbilisi],
        },
      );
    });

    it('GET /api/cases/:id', async () => {
      await audited('caseworker@haven.local', get(`/api/cases/${home.caseId}`), 200, {
        action: 'read',
        entityType: 'case',
        entityId: home.caseId,
        actor: 'caseworker@haven.local',
        teams: [tbilisi],
        check: ([event]) => expect(event.summary).toContain(home.reference),
      });
    });

    it('GET /api/cases/:id/history', async () => {
      await audited('supervisor@haven.local', get(`/api/cases/${home.caseId}/history`), 200, {
        action: 'read',
        entityType: 'case',
        entityId: home.caseId,
        actor: 'supervisor@haven.local',
        teams: [tbilisi],
      });
    });

    it('GET /api/cases/:id/stay-limit', async () => {
      await audited('caseworker@haven.local', get(`/api/cases/${home.caseId}/stay-limit`), 200, {
        action: 'read',
        entityType: 'case',
        entityId: home.caseId,
        actor: 'caseworker@haven.local',
        teams: [tbilisi],
      });
    });

    it('GET /api/cases/:id/rule-triggers', async () => {
      await audited('caseworker@haven.local', get(`/api/cases/${home.caseId}/rule-triggers`), 200, {
        action: 'read',
        entityType: 'case',
        entityId: home.caseId,
        actor: 'caseworker@haven.local',
        teams: [tbilisi],
      });
    });

    it('GET /api/cases/:id/suggested-deadlines', async () => {
      await audited(
        'caseworker@haven.local',
        get(`/api/cases/${home.caseId}/suggested-deadlines`),
        200,
        {
          action: 'read',
          entityType: 'case',
          entityId: home.caseId,
          actor: 'caseworker@haven.local',
          teams: [tbilisi],
        },
      );
    });

    it('GET /api/deadlines/:id', async () => {
      await audited('caseworker@haven.local', get(`/api/deadlines/${home.deadlineId}`), 200, {
        action: 'read',
        entityType: 'deadline',
        entityId: home.deadlineId,
        actor: 'caseworker@haven.local',
        teams: [tbilisi],
      });
    });

    it('GET /api/documents/:id', async () => {
      await audited('caseworker@haven.local', get(`/api/documents/${home.documentId}`), 200, {
        action: 'read',
        entityType: 'document',
        entityId: home.documentId,
        actor: 'caseworker@haven.local',
        teams: [tbilisi],
      });
    });

    it('GET /api/documents/:id/content: every read, a range too', async () => {
      for (const range of [undefined, 'bytes=0-9'])
        await audited(
          'supervisor@haven.local',
          (token) => {
            const request = t
              .http()
              .get(`/api/documents/${home.documentId}/content`)
              .set('Authorization', token);
            return range ? request.set('Range', range) : request;
          },
          range ? 206 : 200,
          {
            action: 'read',
            entityType: 'document',
            entityId: home.documentId,
            actor: 'supervisor@haven.local',
            teams: [tbilisi],
          },
        );
    });

    it('GET /api/notes/:id', async () => {
      await audited('caseworker@haven.local', get(`/api/notes/${home.noteId}`), 200, {
        action: 'read',
        entityType: 'note',
        entityId: home.noteId,
        actor: 'caseworker@haven.local',
        teams: [tbilisi],
      });
    });

    it('GET /api/notes/:id/revisions', async () => {
      const response = await audited(
        'supervisor@haven.local',
        get(`/api/notes/${home.noteId}/revisions`),
        200,
        {
          action: 'read',
          entityType: 'note',
          entityId: home.noteId,
          actor: 'supervisor@haven.local',
          teams: [tbilisi],
        },
      );
      expect(response.body.total).toBeGreaterThan(0);
    });

    it('GET /api/notes/:id/comments', async () => {
      await audited('supervisor@haven.local', get(`/api/notes/${home.noteId}/comments`), 200, {
        action: 'read',
        entityType: 'note',
        entityId: home.noteId,
        actor: 'supervisor@haven.local',
        teams: [tbilisi],
      });
    });

    it('GET /api/tasks and GET /api/tasks/:id showing a note under review: a read of the note', async () => {
      const requested = await t
        .http()
        .post('/api/tasks/note-review')
        .set('Authorization', await t.tokenFor('caseworker@haven.local'))
        .send({ noteId: home.noteId });
      expect(requested.status).toBe(200);
      const expected = {
        action: 'read',
        entityType: 'note',
        entityId: home.noteId,
        actor: 'supervisor@haven.local',
        teams: [tbilisi],
      };
      await audited(
        'supervisor@haven.local',
        get(`/api/tasks?queue=review&noteId=${home.noteId}`),
        200,
        expected,
      );
      await audited(
        'supervisor@haven.local',
        get(`/api/tasks/${requested.body.id}`),
        200,
        expected,
      );
    });

    for (const format of ['json', 'markdown', 'html']) {
      it(`GET /api/cases/:id/claim-summary?format=${format} (the downloadable claim)`, async () => {
        await audited(
          'caseworker@haven.local',
          get(`/api/cases/${home.caseId}/claim-summary?format=${format}`),
          200,
          {
            action: 'read',
            entityType: 'claim_summary',
            entityId: home.caseId,
            actor: 'caseworker@haven.local',
            teams: [tbilisi],
          },
        );
      });
    }
  });

  describe('list reads: one event naming the records shown and the filters used (names only)', () => {
    const list = (shown: () => string) => (events: Event[]) => {
      expect(events[0].details).toMatchObject({ list: true });
      expect(events[0].details?.ids).toContain(shown());
    };

    it('GET /api/clients', async () => {
      await audited('caseworker@haven.local', get('/api/clients?perPage=100'), 200, {
        action: 'read',
        entityType: 'client',
        entityId: null,
        actor: 'caseworker@haven.local',
        teams: [tbilisi],
        check: list(() => home.clientId),
      });
    });

    it('GET /api/cases', async () => {
      await audited(
        'caseworker@haven.local',
        get(`/api/cases?perPage=100&q=${encodeURIComponent(SECRET.familyName)}`),
        200,
        {
          action: 'read',
          entityType: 'case',
          entityId: null,
          actor: 'caseworker@haven.local',
          teams: [tbilisi],
          check: (events) => {
            list(() => home.caseId)(events);
            // The filter's name, never what was searched for.
            expect(events[0].details?.filters).toEqual(['q']);
          },
        },
      );
    });

    it('GET /api/documents', async () => {
      await audited(
        'supervisor@haven.local',
        get(`/api/documents?perPage=100&caseId=${home.caseId}`),
        200,
        {
          action: 'read',
          entityType: 'document',
          entityId: null,
          actor: 'supervisor@haven.local',
          teams: [tbilisi],
          check: list(() => home.documentId),
        },
      );
    });

    it('GET /api/retention/due: the dry run names clients, so it is a read (ids and counts only)', async () => {
      await audited('admin@haven.local', get('/api/retention/due'), 200, {
        action: 'read',
        entityType: 'retention_run',
        // The run the dry run recorded.
        entityId: expect.any(String) as unknown as string,
        actor: 'admin@haven.local',
        teams: [null],
        check: (events) => {
          for (const event of events)
            for (const secret of Object.values(SECRET))
              expect(JSON.stringify(event)).not.toContain(secret);
        },
      });
    });

    it('GET /api/retention/runs', async () => {
      await audited('admin@haven.local', get('/api/retention/runs'), 200, {
        action: 'read',
        entityType: 'retention_run',
        entityId: null,
        actor: 'admin@haven.local',
        teams: [null],
      });
    });

    it('GET /api/data-requests', async () => {
      await audited(
        'caseworker@haven.local',
        get(`/api/data-requests?perPage=100&clientId=${home.clientId}`),
        200,
        {
          action: 'read',
          entityType: 'data_request',
          entityId: null,
          actor: 'caseworker@haven.local',
          teams: [tbilisi],
          check: list(() => home.dataRequestId),
        },
      );
    });

    it('GET /api/notes', async () => {
      await audited(
        'supervisor@haven.local',
        get(`/api/notes?perPage=100&caseId=${home.caseId}`),
        200,
        {
          action: 'read',
          entityType: 'note',
          entityId: null,
          actor: 'supervisor@haven.local',
          teams: [tbilisi],
          check: list(() => home.noteId),
        },
      );
    });

    it('GET /api/deadlines', async () => {
      await audited(
        'caseworker@haven.local',
        get(`/api/deadlines?perPage=100&caseId=${home.caseId}`),
        200,
        {
          action: 'read',
          entityType: 'deadline',
          entityId: null,
          actor: 'caseworker@haven.local',
          teams: [tbilisi],
          check: list(() => home.deadlineId),
        },
      );
    });
  });

  describe('the duplicate check: every check is audited, under each candidate’s team too', () => {
    const check = (query: Record<string, string>) => (token: string) =>
      t.http().get('/api/clients/possible-duplicates').query(query).set('Authorization', token);

    it('a check that finds nothing', async () => {
      const response = await audited(
        'caseworker@haven.local',
        check({ givenName: 'Nobody', familyName: 'Nowhere-Unmatched', dateOfBirth: '1900-01-01' }),
        200,
        {
          action: 'read',
          entityType: 'client',
          entityId: null,
          actor: 'caseworker@haven.local',
          teams: [tbilisi],
          check: ([event]) => expect(JSON.stringify(event)).not.toContain('Nowhere-Unmatched'),
        },
      );
      expect(response.body.data).toEqual([]);
    });

    it('a check that finds a client the caller may see', async () => {
      await audited(
        'caseworker@haven.local',
        check({
          givenName: SECRET.givenName,
          familyName: SECRET.familyName,
          dateOfBirth: SECRET.dateOfBirth,
        }),
        200,
        {
          action: 'read',
          entityType: 'client',
          entityId: null,
          actor: 'caseworker@haven.local',
          teams: [tbilisi],
          check: ([event]) => expect(JSON.stringify(event.details)).toContain(home.clientId),
        },
      );
    });

    it('a check that finds only another team’s client: filed under both teams', async () => {
      const response = await audited(
        'caseworker.almaty@haven.local',
        check({
          givenName: SECRET.givenName,
          familyName: SECRET.familyName,
          nativeName: SECRET.nativeName,
          dateOfBirth: SECRET.dateOfBirth,
        }),
        200,
        {
          action: 'read',
          entityType: 'client',
          entityId: null,
          actor: 'caseworker.almaty@haven.local',
          teams: [almaty, tbilisi],
        },
      );
      expect(JSON.stringify(response.body)).not.toContain(home.clientId);
    });
  });

  describe('exports', () => {
    it('GET /api/stats/aggregate', async () => {
      await audited(
        'analyst@haven.local',
        get('/api/stats/aggregate?dimensions=nationality'),
        200,
        {
          action: 'export',
          entityType: 'statistics',
          entityId: null,
          actor: 'analyst@haven.local',
          teams: [null],
        },
      );
      await audited(
        'supervisor@haven.local',
        get('/api/stats/aggregate?dimensions=team&format=csv'),
        200,
        {
          action: 'export',
          entityType: 'statistics',
          entityId: null,
          actor: 'supervisor@haven.local',
          teams: [tbilisi],
        },
      );
    });

    it('GET /api/stats/microdata', async () => {
      await audited('analyst@haven.local', get('/api/stats/microdata?format=json'), 200, {
        action: 'export',
        entityType: 'statistics',
        entityId: null,
        actor: 'analyst@haven.local',
        teams: [null],
      });
    });

    it('GET /api/stats/aggregate|microdata?dryRun=1: a preview, no figure — audited as a read', async () => {
      for (const path of [
        '/api/stats/aggregate?dimensions=nationality,sex&dryRun=1',
        '/api/stats/microdata?k=5&dryRun=1',
      ])
        await audited('analyst@haven.local', get(path), 200, {
          action: 'read',
          entityType: 'statistics',
          entityId: null,
          actor: 'analyst@haven.local',
          teams: [null],
        });
    });

    it('GET /api/calendar/feed.ics: an export by the token’s owner', async () => {
      const response = await audited(
        'caseworker@haven.local',
        () => t.http().get(`/api/calendar/feed.ics?token=${encodeURIComponent(feedToken)}`),
        200,
        {
          action: 'export',
          entityType: 'calendar_feed',
          entityId: null,
          actor: 'caseworker@haven.local',
          teams: [tbilisi],
        },
      );
      expect(response.text).toContain(home.reference);
    });

    it('GET /api/clients/:id/export: the subject-access export, filed under every team holding the client', async () => {
      await audited(
        'supervisor@haven.local',
        get(`/api/clients/${home.clientId}/export?lang=en`),
        200,
        {
          action: 'export',
          entityType: 'client',
          entityId: home.clientId,
          actor: 'supervisor@haven.local',
          teams: [tbilisi],
          check: ([event]) =>
            expect(event.details).toMatchObject({
              lang: 'en',
              notes: 1,
              noteRevisions: 1,
              deadlines: expect.any(Number),
              documents: 1,
            }),
        },
      );
      await audited('admin@haven.local', get(`/api/clients/${shared.clientId}/export`), 200, {
        action: 'export',
        entityType: 'client',
        entityId: shared.clientId,
        actor: 'admin@haven.local',
        teams: [tbilisi, almaty],
      });
    });
  });

  describe('reading the audit trail is not a read of a person’s file', () => {
    it('GET /api/audit-events, filtered by a case, and one event: no event', async () => {
      await audited('supervisor@haven.local', get('/api/audit-events?perPage=100'), 200, null);
      const filtered = await audited(
        'supervisor@haven.local',
        get(`/api/audit-events?perPage=100&entityId=${home.caseId}`),
        200,
        null,
      );
      expect(filtered.body.total).toBeGreaterThan(0);
      await audited(
        'supervisor@haven.local',
        get(`/api/audit-events/${filtered.body.data[0].id}`),
        200,
        null,
      );
    });
  });

  describe('a refused read leaves no event', () => {
    const refusals: [string, string, () => string, number][] = [
      [
        'an intake draft the caller does not have',
        'admin@haven.local',
        () => '/api/intake/draft',
        404,
      ],
      ['an intake draft, as an analyst', 'analyst@haven.local', () => '/api/intake/draft', 403],
      [
        'another team’s consent history',
        'supervisor.almaty@haven.local',
        () => `/api/clients/${home.clientId}/consent`,
        404,
      ],
      [
        'another team’s data request',
        'supervisor.almaty@haven.local',
        () => `/api/data-requests/${home.dataRequestId}`,
        404,
      ],
      [
        'data requests filtered by another team’s client',
        'caseworker.almaty@haven.local',
        () => `/api/data-requests?clientId=${home.clientId}`,
        404,
      ],
      [
        'a data request, as an analyst',
        'analyst@haven.local',
        () => `/api/data-requests/${home.dataRequestId}`,
        403,
      ],
      [
        'another team’s client',
        'supervisor.almaty@haven.local',
        () => `/api/clients/${home.clientId}`,
        404,
      ],
      [
        'another team’s case',
        'supervisor.almaty@haven.local',
        () => `/api/cases/${home.caseId}`,
        404,
      ],
      [
        'another team’s case history',
        'supervisor.almaty@haven.local',
        () => `/api/cases/${home.caseId}/history`,
        404,
      ],
      [
        'another team’s deadline',
        'supervisor.almaty@haven.local',
        () => `/api/deadlines/${home.deadlineId}`,
        404,
      ],
      [
        'another team’s stay limit',
        'supervisor.almaty@haven.local',
        () => `/api/cases/${home.caseId}/stay-limit`,
        404,
      ],
      [
        'another team’s recorded trigger dates',
        'supervisor.almaty@haven.local',
        () => `/api/cases/${home.caseId}/rule-triggers`,
        404,
      ],
      [
        'another team’s suggested deadlines',
        'supervisor.almaty@haven.local',
        () => `/api/cases/${home.caseId}/suggested-deadlines`,
        404,
      ],
      [
        'another team’s document',
        'supervisor.almaty@haven.local',
        () => `/api/documents/${home.documentId}`,
        404,
      ],
      [
        'another team’s document content',
        'supervisor.almaty@haven.local',
        () => `/api/documents/${home.documentId}/content`,
        404,
      ],
      [
        'a colleague’s document content',
        'caseworker2@haven.local',
        () => `/api/documents/${home.documentId}/content`,
        404,
      ],
      [
        'a document’s content, as an analyst',
        'analyst@haven.local',
        () => `/api/documents/${home.documentId}/content`,
        403,
      ],
      [
        'another team’s note',
        'caseworker.almaty@haven.local',
        () => `/api/notes/${home.noteId}`,
        404,
      ],
      [
        'another team’s note revisions',
        'supervisor.almaty@haven.local',
        () => `/api/notes/${home.noteId}/revisions`,
        404,
      ],
      [
        'another team’s note comments',
        'supervisor.almaty@haven.local',
        () => `/api/notes/${home.noteId}/comments`,
        404,
      ],
      [
        'another team’s claim summary',
        'supervisor.almaty@haven.local',
        () => `/api/cases/${home.caseId}/claim-summary?format=markdown`,
        404,
      ],
      ['a colleague’s case', 'caseworker2@haven.local', () => `/api/cases/${home.caseId}`, 404],
      [
        'a colleague’s client',
        'caseworker2@haven.local',
        () => `/api/clients/${home.clientId}`,
        404,
      ],
      [
        'a case that does not exist',
        'admin@haven.local',
        () => '/api/cases/00000000-0000-4000-8000-000000000000',
        404,
      ],
      ['a case, as an analyst', 'analyst@haven.local', () => `/api/cases/${home.caseId}`, 403],
      [
        'a client, as an analyst',
        'analyst@haven.local',
        () => `/api/clients/${home.clientId}`,
        403,
      ],
      ['the client list, as an analyst', 'analyst@haven.local', () => '/api/clients', 403],
      ['the note list, as an analyst', 'analyst@haven.local', () => '/api/notes', 403],
      [
        'a duplicate check, as an analyst',
        'analyst@haven.local',
        () => `/api/clients/possible-duplicates?familyName=${SECRET.familyName}`,
        403,
      ],
      [
        'a list with an unknown filter',
        'caseworker@haven.local',
        () => '/api/cases?nickname=x',
        400,
      ],
      [
        'a duplicate check with a bad date',
        'caseworker@haven.local',
        () =>
          `/api/clients/possible-duplicates?familyName=${SECRET.familyName}&dateOfBirth=14.08.1979`,
        400,
      ],
      [
        'the statistics, as a caseworker',
        'caseworker@haven.local',
        () => '/api/stats/aggregate?dimensions=nationality',
        403,
      ],
      [
        'another team’s client export',
        'supervisor.almaty@haven.local',
        () => `/api/clients/${home.clientId}/export`,
        404,
      ],
      [
        'a client export, as a caseworker',
        'caseworker@haven.local',
        () => `/api/clients/${home.clientId}/export`,
        403,
      ],
      [
        'a client export in an unknown language',
        'supervisor@haven.local',
        () => `/api/clients/${home.clientId}/export?lang=xx`,
        400,
      ],
    ];
    for (const [what, email, path, status] of refusals) {
      it(`${what} → ${status}`, async () => {
        await audited(email, get(path()), status, null);
      });
    }

    it('a calendar feed with an unknown token → 404', async () => {
      await audited(
        'caseworker@haven.local',
        () => t.http().get(`/api/calendar/feed.ics?token=${'x'.repeat(43)}`),
        404,
        null,
      );
    });
  });
});
