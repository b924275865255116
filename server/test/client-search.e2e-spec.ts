import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseSearchDrift, intake, intakeBody } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * The client search finds people across scripts through the duplicate check's name key (Dmitry,
 * Dmitriy, Dmitrii, Дмитрий), finds a client by their case's reference and cases by their client's
 * reference, ranks exact matches before prefixes before the rest — always within the caller's scope.
 */
describe('client search', () => {
  let t: TestApp;
  let caseworker: string;
  let caseworker2: string;
  let supervisor: string;
  let almatySupervisor: string;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    caseworker = await t.tokenFor('caseworker@haven.local');
    caseworker2 = await t.tokenFor('caseworker2@haven.local');
    supervisor = await t.tokenFor('supervisor@haven.local');
    almatySupervisor = await t.tokenFor('supervisor.almaty@haven.local');
    admin = await t.tokenFor('admin@haven.local');
  });
  afterAll(() => t.close());

  const list = async (token: string, path: string) => {
    const response = await t.http().get(path).set('Authorization', token);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.total).toBe(response.body.data.length);
    return response.body.data as { id: string; familyName: string }[];
  };
  const clients = async (token: string, q: string, extra = '') =>
    (await list(token, `/api/clients?q=${encodeURIComponent(q)}&perPage=100${extra}`))
      .map((row) => row.id)
      .sort();
  const cases = async (token: string, q: string) =>
    (await list(token, `/api/cases?q=${encodeURIComponent(q)}&perPage=100`))
      .map((row) => row.id)
      .sort();
  const sorted = (...ids: string[]) => [...ids].sort();

  describe('across scripts and spellings', () => {
    let latinOnly: Awaited<ReturnType<typeof intake>>;
    let bothScripts: Awaited<ReturnType<typeof intake>>;
    let otherTeam: Awaited<ReturnType<typeof intake>>;
    beforeAll(async () => {
      latinOnly = await intake(t, 'caseworker@haven.local', {
        client: { givenName: 'Dmitry', familyName: 'Zhelobtsov', nativeName: null },
      });
      bothScripts = await intake(t, 'caseworker@haven.local', {
        client: { givenName: 'Dmitrii', familyName: 'Zhelobtsov', nativeName: 'Дмитрий Желобцов' },
      });
      otherTeam = await intake(t, 'caseworker.almaty@haven.local', {
        client: { givenName: 'Dmitriy', familyName: 'Zhelobtsov', nativeName: null },
      });
    });

    it('finds Dmitry, Dmitrii and Дмитрий from any of the spellings', async () => {
      const mine = sorted(latinOnly.client.id, bothScripts.client.id);
      for (const q of [
        'Dmitry Zhelobtsov',
        'Dmitrii Zhelobtsov',
        'dmitriy zhelobtsov',
        'Дмитрий Желобцов',
        'Желобцов Дмитрий',
        'Желобцов',
        'Zhelobtsov Dmitriy',
      ]) {
        expect(await clients(caseworker, q), q).toEqual(mine);
      }
      // The plain text match alone did not find these: Cyrillic for a client written in Latin only.
      expect(await clients(caseworker, 'Желобцов')).toContain(latinOnly.client.id);
    });

    it('is scoped: a name key match in another team or another caseworker’s case is not returned', async () => {
      expect(await clients(caseworker, 'Dmitriy Zhelobtsov')).not.toContain(otherTeam.client.id);
      expect(await clients(supervisor, 'Дмитрий Желобцов')).toEqual(
        sorted(latinOnly.client.id, bothScripts.client.id),
      );
      expect(await clients(caseworker2, 'Дмитрий Желобцов')).toEqual([]);
      expect(await clients(almatySupervisor, 'Дмитрий Желобцов')).toEqual([otherTeam.client.id]);
      expect(await clients(admin, 'Дмитрий Желобцов')).toEqual(
        sorted(latinOnly.client.id, bothScripts.client.id, otherTeam.client.id),
      );
    });

    it('finds cases by their client’s name in any script too, within scope', async () => {
      expect(await cases(caseworker, 'Дмитрий Желобцов')).toEqual(
        sorted(latinOnly.case.id, bothScripts.case.id),
      );
      expect(await cases(admin, 'Dmitry Zhelobtsov')).toEqual(
        sorted(latinOnly.case.id, bothScripts.case.id, otherTeam.case.id),
      );
      expect(await cases(caseworker2, 'Дмитрий Желобцов')).toEqual([]);
    });

    it('follows a rename: the copy of the name key in case_search is kept exact', async () => {
      const renamed = await intake(t, 'caseworker@haven.local', {
        client: { givenName: 'Artem', familyName: 'Kvasnikov', nativeName: null },
      });
      expect(await clients(caseworker, 'Квасников')).toEqual([renamed.client.id]);
      const response = await t
        .http()
        .patch(`/api/clients/${renamed.client.id}`)
        .set('Authorization', caseworker)
        .send({ version: renamed.client.version, familyName: 'Kvashnin' });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(await clients(caseworker, 'Квасников')).toEqual([]);
      expect(await clients(caseworker, 'Квашнин')).toEqual([renamed.client.id]);
      expect(await caseSearchDrift(t)).toEqual([]);
    });

    it('does not read a reference’s letters as a name', async () => {
      // "hv" as a name key word would match Shvets; a reference that is no one's finds no one.
      const shvets = await intake(t, 'caseworker@haven.local', {
        client: { givenName: 'Oksana', familyName: 'Shvets', nativeName: 'Оксана Швец' },
      });
      expect(await clients(caseworker, 'Швец')).toEqual([shvets.client.id]);
      expect(await clients(caseworker, 'HV-1999-99999')).toEqual([]);
      expect(await clients(caseworker, 'hv 1999')).toEqual([]);
    });
  });

  describe('references', () => {
    it('a case reference finds its client, for those who may see the case', async () => {
      const created = await intake(t, 'caseworker@haven.local', {
        client: { givenName: 'Timur', familyName: 'Abdrakhmanov', nativeName: null },
      });
      expect(created.case.reference).toMatch(/^HV-\d{4}-\d{5}$/);
      expect(await clients(caseworker, created.case.reference)).toEqual([created.client.id]);
      expect(await clients(caseworker, created.case.reference.toLowerCase())).toEqual([
        created.client.id,
      ]);
      expect(await clients(supervisor, created.case.reference)).toEqual([created.client.id]);
      expect(await clients(admin, created.case.reference)).toEqual([created.client.id]);
      expect(await clients(caseworker2, created.case.reference)).toEqual([]);
      expect(await clients(almatySupervisor, created.case.reference)).toEqual([]);
    });

    it('a case of another team does not lead to a client the caller sees through their own case', async () => {
      const created = await intake(t, 'caseworker@haven.local', {
        client: { givenName: 'Bakhyt', familyName: 'Seitkali', nativeName: null },
      });
      const { case: body } = intakeBody();
      const response = await t
        .http()
        .post('/api/cases')
        .set('Authorization', admin)
        .send({ ...body, clientId: created.client.id, teamId: await t.teamId('Almaty office') });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const almatyCase = response.body as { reference: string };
      expect(await clients(admin, almatyCase.reference)).toEqual([created.client.id]);
      expect(await clients(almatySupervisor, almatyCase.reference)).toEqual([created.client.id]);
      // The client is the caseworker's, but that case is not: its reference finds nothing.
      expect(await clients(caseworker, almatyCase.reference)).toEqual([]);
      expect(await clients(caseworker, created.case.reference)).toEqual([created.client.id]);
    });

    it('a client reference in the case search finds their cases', async () => {
      const created = await intake(t, 'caseworker@haven.local', {
        client: { givenName: 'Ilya', familyName: 'Sherstobitov', nativeName: null },
      });
      expect(created.client.reference).toMatch(/^CL-\d{4}-\d{5}$/);
      expect(await cases(caseworker, created.client.reference)).toEqual([created.case.id]);
      expect(await cases(admin, created.client.reference)).toEqual([created.case.id]);
      expect(await cases(caseworker2, created.client.reference)).toEqual([]);
    });
  });

  describe('ranking', () => {
    it('puts exact matches first, then prefixes, then the rest, each in the order asked for', async () => {
      const inner = await intake(t, 'caseworker@haven.local', {
        client: { givenName: 'Amir', familyName: 'Abunasrallah', nativeName: null },
      });
      const prefix = await intake(t, 'caseworker@haven.local', {
        client: { givenName: 'Amir', familyName: 'Nasrallahov', nativeName: null },
      });
      const exact = await intake(t, 'caseworker@haven.local', {
        client: { givenName: 'Amir', familyName: 'Nasrallah', nativeName: null },
      });
      for (const token of [caseworker, admin]) {
        for (const order of ['ASC', 'DESC']) {
          const rows = await list(
            token,
            `/api/clients?q=nasrallah&sort=familyName&order=${order}&perPage=100`,
          );
          expect(
            rows.map((row) => row.id),
            order,
          ).toEqual([exact.client.id, prefix.client.id, inner.client.id]);
        }
        // A Cyrillic query ranks through the name key the same way.
        const cyrillic = await list(token, '/api/clients?q=Насраллах&sort=familyName&order=DESC');
        expect(cyrillic.map((row) => row.id)).toEqual([
          exact.client.id,
          prefix.client.id,
          inner.client.id,
        ]);
      }
      // Without a search the order is the one asked for.
      const plain = await list(
        caseworker,
        `/api/clients?sort=familyName&order=ASC&perPage=100&id=${inner.client.id}&id=${prefix.client.id}&id=${exact.client.id}`,
      );
      expect(plain.map((row) => row.familyName)).toEqual([
        'Abunasrallah',
        'Nasrallah',
        'Nasrallahov',
      ]);
    });

    it('pages through ranked results without losing or repeating a row', async () => {
      const seen: string[] = [];
      for (let page = 1; page <= 4; page++) {
        const response = await t
          .http()
          .get(`/api/clients?q=nasrallah&sort=familyName&order=ASC&perPage=1&page=${page}`)
          .set('Authorization', caseworker);
        expect(response.status).toBe(200);
        expect(response.body.total).toBe(3);
        seen.push(...(response.body.data as { id: string }[]).map((row) => row.id));
      }
      expect(seen).toHaveLength(3);
      expect(new Set(seen).size).toBe(3);
    });
  });

  describe('bad parameters', () => {
    it.each([
      ['q twice', '/api/clients?q=ivan&q=petr', 'query.once'],
      ['q too long', `/api/clients?q=${'д'.repeat(201)}`, 'query.too_long'],
      ['an unknown sort', '/api/clients?q=ivan&sort=relevance', 'list.sort_unknown'],
      ['an unknown filter', '/api/clients?q=ivan&nameKey=ivan', 'list.unknown_filter'],
    ])('%s is a 400 with its code, not a 500', async (_name, path, code) => {
      const response = await t.http().get(path).set('Authorization', caseworker);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe(code);
    });

    it('takes wildcards and punctuation literally', async () => {
      expect(await clients(caseworker, '%')).toEqual([]);
      expect(await clients(caseworker, '_')).toEqual([]);
      expect(await clients(caseworker, "' OR 1=1 --")).toEqual([]);
      expect(await clients(admin, '%%%')).toEqual([]);
    });
  });
});
