import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseSearchDrift, intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * Searches by supervisors and caseworkers go through `case_search` (migration CaseSearch), kept by
 * triggers; these tests change what the search depends on through the API and check both what the
 * lists answer and that the table equals its definition recomputed from scratch.
 */
describe('searching within a scope (case_search)', () => {
  let t: TestApp;
  let supervisor: string;
  let almatySupervisor: string;
  let caseworker: string;
  let caseworker2: string;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    supervisor = await t.tokenFor('supervisor@haven.local');
    almatySupervisor = await t.tokenFor('supervisor.almaty@haven.local');
    caseworker = await t.tokenFor('caseworker@haven.local');
    caseworker2 = await t.tokenFor('caseworker2@haven.local');
    admin = await t.tokenFor('admin@haven.local');
  });
  afterAll(() => t.close());

  const ids = async (token: string, path: string) => {
    const response = await t.http().get(path).set('Authorization', token);
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(response.body.data.length);
    return (response.body.data as { id: string }[]).map((row) => row.id).sort();
  };
  const clients = (token: string, q: string) =>
    ids(token, `/api/clients?q=${encodeURIComponent(q)}`);
  const cases = (token: string, q: string) => ids(token, `/api/cases?q=${encodeURIComponent(q)}`);
  const patchCase = async (token: string, id: string, body: Record<string, unknown>) => {
    const current = await t.http().get(`/api/cases/${id}`).set('Authorization', token);
    const response = await t
      .http()
      .patch(`/api/cases/${id}`)
      .set('Authorization', token)
      .send({ version: current.body.version, ...body });
    expect(response.status).toBe(200);
  };
  const drift = () => caseSearchDrift(t);

  it('finds a team’s clients and cases by Latin name, native name and reference — and only the team’s', async () => {
    const tbilisi = await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Ruslan', familyName: 'Zaitsevsky', nativeName: 'Руслан Зайцевский' },
    });
    const almaty = await intake(t, 'caseworker.almaty@haven.local', {
      client: { givenName: 'Ruslan', familyName: 'Zaitsevsky', nativeName: 'Руслан Зайцевский' },
    });

    expect(await clients(supervisor, 'zaitsevsk')).toEqual([tbilisi.client.id]);
    expect(await clients(supervisor, 'Зайцевск')).toEqual([tbilisi.client.id]);
    expect(await clients(supervisor, tbilisi.client.reference)).toEqual([tbilisi.client.id]);
    expect(await clients(almatySupervisor, 'zaitsevsk')).toEqual([almaty.client.id]);
    expect(await clients(admin, 'zaitsevsk')).toEqual([tbilisi.client.id, almaty.client.id].sort());

    expect(await cases(supervisor, 'ruslan zaitsevsky')).toEqual([tbilisi.case.id]);
    expect(await cases(supervisor, tbilisi.case.reference)).toEqual([tbilisi.case.id]);
    expect(await cases(supervisor, almaty.case.reference)).toEqual([]);
    expect(await cases(admin, 'zaitsevsk')).toEqual([tbilisi.case.id, almaty.case.id].sort());
    expect(await cases(admin, almaty.case.reference)).toEqual([almaty.case.id]);
    expect(await cases(caseworker, 'Зайцевский')).toEqual([tbilisi.case.id]);
    expect(await cases(caseworker2, 'Зайцевский')).toEqual([]);
    // Wildcards are literal: "%" is not "everything in my scope".
    expect(await cases(caseworker, '%')).toEqual([]);
    expect(await drift()).toEqual([]);
  });

  it('answers searches with and without a trigram alike: the rows the names say, within the team', async () => {
    // Searches with a trigram run a generic plan, shorter ones a plan made for their pattern.
    await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Lev', familyName: 'Ostapenko', nativeName: 'Лев Остапенко' },
    });
    await intake(t, 'caseworker.almaty@haven.local', {
      client: { givenName: 'Lev', familyName: 'Ostapchuk', nativeName: 'Лев Остапчук' },
    });
    const team = await t.teamId('Tbilisi office');
    for (const q of ['ostap', 'Остап', 'os', 'Ос', 'lev ost', 'v', 'penko']) {
      const pattern = `%${q}%`;
      const expected = await t.dataSource.query<{ id: string }[]>(
        `SELECT cl.id FROM client cl
          WHERE cl.merged_into_id IS NULL AND EXISTS (SELECT 1 FROM legal_case c WHERE c.client_id = cl.id AND c.team_id = $2)
            AND ((cl.given_name || ' ' || cl.family_name || ' ' || cl.reference) ILIKE $1 OR cl.native_name ILIKE $1)`,
        [pattern, team],
      );
      const found = await ids(supervisor, `/api/clients?q=${encodeURIComponent(q)}&perPage=100`);
      expect(found, q).toEqual(expected.map((r) => r.id).sort());
      expect(found.length, q).toBeGreaterThan(0);
      // Twice: the first run prepares the statement on its connection, the second reuses it.
      expect(
        await ids(supervisor, `/api/clients?q=${encodeURIComponent(q)}&perPage=100`),
        q,
      ).toEqual(found);
    }
  });

  it('follows reassignment: a caseworker finds a case once it is theirs, and no longer after', async () => {
    const created = await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Oleg', familyName: 'Perelomov' },
    });
    const caseworker2Id = await t.userId('caseworker2@haven.local');
    expect(await cases(caseworker2, 'Perelomov')).toEqual([]);
    await patchCase(supervisor, created.case.id, { assignedToId: caseworker2Id });
    expect(await cases(caseworker2, 'Perelomov')).toEqual([created.case.id]);
    expect(await clients(caseworker2, 'Perelomov')).toEqual([created.client.id]);
    expect(await cases(caseworker, 'Perelomov')).toEqual([]);
    expect(await drift()).toEqual([]);
  });

  it('follows a case moved to another team', async () => {
    const created = await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Artem', familyName: 'Vyazemsky' },
    });
    await patchCase(admin, created.case.id, {
      teamId: await t.teamId('Almaty office'),
      assignedToId: null,
    });
    expect(await clients(supervisor, 'Vyazemsky')).toEqual([]);
    expect(await clients(almatySupervisor, 'Vyazemsky')).toEqual([created.client.id]);
    expect(await drift()).toEqual([]);
  });

  it('follows a renamed client: the new name is found, the old one no longer', async () => {
    const created = await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Kirill', familyName: 'Bogoslovsky', nativeName: 'Кирилл Богословский' },
    });
    const current = await t
      .http()
      .get(`/api/clients/${created.client.id}`)
      .set('Authorization', supervisor);
    const renamed = await t
      .http()
      .patch(`/api/clients/${created.client.id}`)
      .set('Authorization', supervisor)
      .send({
        version: current.body.version,
        familyName: 'Bogoslavsky',
        nativeName: 'Кирилл Богославский',
      });
    expect(renamed.status).toBe(200);
    expect(await clients(supervisor, 'Bogoslovsky')).toEqual([]);
    expect(await clients(supervisor, 'Bogoslavsky')).toEqual([created.client.id]);
    expect(await cases(caseworker, 'Богославский')).toEqual([created.case.id]);
    expect(await cases(caseworker, 'Богословский')).toEqual([]);
    expect(await drift()).toEqual([]);
  });

  it('follows a merge and its undo: the duplicate’s case is found under the kept client', async () => {
    const kept = await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Lev', familyName: 'Karamzinov' },
    });
    const duplicate = await intake(t, 'caseworker2@haven.local', {
      client: { givenName: 'Lyov', familyName: 'Karamzinoff' },
    });
    const merged = await t
      .http()
      .post(`/api/clients/${kept.client.id}/merge`)
      .set('Authorization', supervisor)
      .send({ duplicateId: duplicate.client.id });
    expect(merged.status).toBe(200);
    expect(await cases(caseworker2, 'Lev Karamzinov')).toEqual([duplicate.case.id]);
    expect(await cases(caseworker2, 'Karamzinoff')).toEqual([]);
    expect(await clients(supervisor, 'Karamzin')).toEqual([kept.client.id]);
    expect(await drift()).toEqual([]);
    const undone = await t
      .http()
      .post(`/api/clients/merges/${merged.body.id}/undo`)
      .set('Authorization', supervisor);
    expect(undone.status).toBe(200);
    expect(await cases(caseworker2, 'Karamzinoff')).toEqual([duplicate.case.id]);
    expect(await drift()).toEqual([]);
  });

  it('keeps a rename that commits while the client’s case is being re-scoped (no stale name)', async () => {
    const created = await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Savva', familyName: 'Mamontovsky' },
    });
    const caseworker2Id = await t.userId('caseworker2@haven.local');
    const reassigning = t.dataSource.createQueryRunner();
    await reassigning.connect();
    try {
      await reassigning.startTransaction();
      await reassigning.query(`UPDATE legal_case SET assigned_to_id = $1 WHERE id = $2`, [
        caseworker2Id,
        created.case.id,
      ]);
      // The rename starts while the re-scoping is uncommitted; it must wait for it, not miss its row.
      let renamed = false;
      const rename = t.dataSource
        .query(`UPDATE client SET family_name = 'Mamontovsky-Vrubel' WHERE id = $1`, [
          created.client.id,
        ])
        .then(() => (renamed = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(renamed).toBe(false);
      await reassigning.commitTransaction();
      await rename;
    } finally {
      await reassigning.release();
    }
    expect(await cases(caseworker2, 'Mamontovsky-Vrubel')).toEqual([created.case.id]);
    expect(await drift()).toEqual([]);
  });

  it('is filled for cases inserted in bulk (one statement, several cases)', async () => {
    const teamId = await t.teamId('Tbilisi office');
    const created = await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Yakov', familyName: 'Shestopalov' },
    });
    await t.dataSource.query(
      `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, team_id, opened_on)
       SELECT gen_random_uuid(), 'HV-BULK-' || n, $1, 'asylum', 'DE', $2, current_date FROM generate_series(1, 3) n`,
      [created.client.id, teamId],
    );
    const found = await t.http().get('/api/cases?q=Shestopalov').set('Authorization', supervisor);
    expect(found.body.total).toBe(4);
    expect(await drift()).toEqual([]);
  });
});
