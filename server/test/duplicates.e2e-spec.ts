import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientNameKey } from '../src/duplicates/name-key.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

interface Name {
  givenName?: string;
  familyName?: string;
  nativeName?: string;
}

/** [what the caseworker types, who is on file, same person?] — real-world spelling variants. */
const PAIRS: [Name, Name, boolean][] = [
  [{ nativeName: 'Дмитрий Соколов' }, { givenName: 'Dmitrii', familyName: 'Sokolov' }, true],
  [
    { givenName: 'Dmitriy', familyName: 'Sokolov' },
    { givenName: 'Dmitry', familyName: 'Sokolov' },
    true,
  ],
  [
    { givenName: 'Aleksei', familyName: 'Morozov' },
    { givenName: 'Alexey', familyName: 'Morozov' },
    true,
  ],
  [{ nativeName: 'Юлия Ковальчук' }, { givenName: 'Yuliia', familyName: 'Kovalchuk' }, true],
  [
    { givenName: 'Julia', familyName: 'Kovalchuk' },
    { givenName: 'Yuliia', familyName: 'Kovalchuk', nativeName: 'Юлія Ковальчук' },
    true,
  ],
  [
    { givenName: 'Yonas', familyName: 'Tesfay' },
    { givenName: 'Yonas', familyName: 'Tesfaye', nativeName: 'ዮናስ ተስፋይ' },
    true,
  ],
  [{ nativeName: 'ሳሙኤል ሃይለ' }, { givenName: 'Samuel', familyName: 'Haile' }, true],
  [
    { givenName: 'Sokolov', familyName: 'Dmitrii' },
    { givenName: 'Dmitrii', familyName: 'Sokolov' },
    true,
  ],
  [
    { nativeName: 'Дмитрий Андреевич Соколов' },
    { givenName: 'Dmitrii', familyName: 'Sokolov' },
    true,
  ],
  [
    { givenName: 'Olha', familyName: 'Belova' },
    { givenName: 'Olga', familyName: 'Belova', nativeName: 'Ольга Белова' },
    true,
  ],
  [
    { givenName: 'Artyom', familyName: 'Fyodorov' },
    { givenName: 'Artem', familyName: 'Fedorov', nativeName: 'Артём Фёдоров' },
    true,
  ],
  [{ givenName: 'Egor', familyName: 'Pavlov' }, { givenName: 'Yegor', familyName: 'Pavlov' }, true],
  [
    { givenName: 'Ekaterina', familyName: 'Orlova' },
    { givenName: 'Yekaterina', familyName: 'Orlova' },
    true,
  ],
  [
    { givenName: 'Mikhail', familyName: 'Popov' },
    { givenName: 'Mikhaïl', familyName: 'Popov' },
    true,
  ],
  [
    { givenName: 'Ilya', familyName: 'Gusev' },
    { givenName: 'Ilia', familyName: 'Gusev', nativeName: 'Илья Гусев' },
    true,
  ],
  [
    { givenName: 'Oleksandr', familyName: 'Shevchenko' },
    { givenName: 'Aleksandr', familyName: 'Shevchenko', nativeName: 'Олександр Шевченко' },
    true,
  ],
  [
    { givenName: 'Bohdan', familyName: 'Melnyk' },
    { givenName: 'Bogdan', familyName: 'Melnik', nativeName: 'Богдан Мельник' },
    true,
  ],
  [
    { givenName: 'Siarhei', familyName: 'Dubovik' },
    { givenName: 'Sergei', familyName: 'Dubovik', nativeName: 'Сяргей Дубовік' },
    true,
  ],
  [
    { givenName: 'Hanna', familyName: 'Zhuk' },
    { givenName: 'Ganna', familyName: 'Zhuk', nativeName: 'Ганна Жук' },
    true,
  ],
  [
    { givenName: 'Freweini', familyName: 'Kidane' },
    { givenName: 'Frewoini', familyName: 'Kidane', nativeName: 'ፍረወይኒ ኪዳነ' },
    true,
  ],
  [
    { givenName: 'Dawit', familyName: 'Berhane' },
    { givenName: 'Dawit', familyName: 'Brhane', nativeName: 'ዳዊት ብርሃነ' },
    true,
  ],
  [{ nativeName: 'Кирилл Орлов' }, { givenName: 'Kirill', familyName: 'Orlov' }, true],
  [
    { givenName: 'Maksim', familyName: 'Lebedev' },
    { givenName: 'Maxim', familyName: 'Lebedev' },
    true,
  ],
  [
    { givenName: 'Nikita', familyName: 'Fedorov' },
    { givenName: 'Nikita', familyName: 'Fyodorov' },
    true,
  ],
  [
    { givenName: 'Sergei', familyName: 'Novikov' },
    { givenName: 'Sergey', familyName: 'Novikov' },
    true,
  ],
  [
    { givenName: 'Timofey', familyName: 'Tarasov' },
    { givenName: 'Timofei', familyName: 'Tarasov', nativeName: 'Тимофей Тарасов' },
    true,
  ],
  [
    { nativeName: 'Аляксандр Каваленка' },
    { givenName: 'Aliaksandr', familyName: 'Kavalenka' },
    true,
  ],
  [
    { givenName: 'Filmon', familyName: 'Mehari' },
    { givenName: 'Filmon', familyName: 'Mehari', nativeName: 'ፊልሞን መሓሪ' },
    true,
  ],
  // Different people.
  [{ nativeName: 'Юлия Ковальчук' }, { givenName: 'Yulia', familyName: 'Kovalenko' }, false],
  [
    { givenName: 'Dmitrii', familyName: 'Sokolov' },
    { givenName: 'Dmitrii', familyName: 'Smirnov' },
    false,
  ],
  [
    { givenName: 'Ivan', familyName: 'Kuznetsov' },
    { givenName: 'Ivan', familyName: 'Popov' },
    false,
  ],
  [
    { givenName: 'Yonas', familyName: 'Tesfay' },
    { givenName: 'Yonas', familyName: 'Haile' },
    false,
  ],
  [
    { givenName: 'Oksana', familyName: 'Bondarenko' },
    { givenName: 'Oksana', familyName: 'Tkachenko' },
    false,
  ],
  [
    { givenName: 'Pavel', familyName: 'Zhuk' },
    { givenName: 'Pavel', familyName: 'Karpovich' },
    false,
  ],
  [
    { givenName: 'Anastasiia', familyName: 'Egorova' },
    { givenName: 'Anastasiia', familyName: 'Belova' },
    false,
  ],
  [
    { givenName: 'Samuel', familyName: 'Gebrehiwot' },
    { givenName: 'Samuel', familyName: 'Haile' },
    false,
  ],
  [
    { givenName: 'Artem', familyName: 'Volkov' },
    { givenName: 'Artem', familyName: 'Zaitsev' },
    false,
  ],
  [
    { givenName: 'Olga', familyName: 'Smirnova' },
    { givenName: 'Olga', familyName: 'Sokolova' },
    false,
  ],
  [
    { givenName: 'Filmon', familyName: 'Mehari' },
    { givenName: 'Filmon', familyName: 'Woldu' },
    false,
  ],
  [
    { givenName: 'Taras', familyName: 'Melnyk' },
    { givenName: 'Bohdan', familyName: 'Melnyk' },
    false,
  ],
  [{ givenName: 'Robel', familyName: 'Habte' }, { givenName: 'Henok', familyName: 'Habte' }, false],
  [
    { givenName: 'Iryna', familyName: 'Kravchenko' },
    { givenName: 'Iryna', familyName: 'Shevchenko' },
    false,
  ],
  [
    { givenName: 'Egor', familyName: 'Tarasov' },
    { givenName: 'Igor', familyName: 'Tarasov' },
    false,
  ],
];

/** A candidate counts as "matched" from this score (the UI highlights from here). */
const MATCH_SCORE = 50;

let accounts = 0;
/** A new account like a demo one (same role, team and password), for checks beyond one user's limit a minute. */
async function accountLike(t: TestApp, email: string): Promise<string> {
  const fresh = `dup${++accounts}.${email}`;
  await t.dataSource.query(
    `INSERT INTO app_user (email, full_name, password_hash, role, team_id, locale, active)
     SELECT $2, full_name, password_hash, role, team_id, locale, active FROM app_user WHERE email = $1`,
    [email, fresh],
  );
  return fresh;
}

describe('duplicate check across scripts', () => {
  let t: TestApp;
  const stored: string[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    const team = await t.teamId('Tbilisi office');
    const caseworker = await t.userId('caseworker@haven.local');
    for (const [, onFile] of PAIRS) {
      const id = randomUUID();
      stored.push(id);
      await t.dataSource.query(
        `INSERT INTO client (id, reference, given_name, family_name, native_name, sex, nationality, name_key) VALUES ($1, $2, $3, $4, $5, 'male', 'RU', $6)`,
        [
          id,
          `CL-DUP-${stored.length}`,
          onFile.givenName ?? '',
          onFile.familyName ?? '',
          onFile.nativeName ?? null,
          clientNameKey(onFile.givenName ?? '', onFile.familyName ?? '', onFile.nativeName),
        ],
      );
      await t.dataSource.query(
        `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, team_id, assigned_to_id, opened_on) VALUES ($1, $2, $3, 'asylum', 'GE', $4, $5, '2025-01-01')`,
        [randomUUID(), `HV-DUP-${stored.length}`, id, team, caseworker],
      );
    }
  });
  afterAll(() => t.close());

  const check = async (token: string, query: Record<string, string>) => {
    const params = new URLSearchParams(query).toString();
    return t.http().get(`/api/clients/possible-duplicates?${params}`).set('Authorization', token);
  };

  it(`finds the same person across scripts and spellings (${PAIRS.length} pairs; precision and recall reported)`, async () => {
    // More checks than one user may run a minute: a fresh supervisor of the team every 20.
    let supervisor = '';
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const misses: string[] = [];
    for (const [index, [typed, , same]] of PAIRS.entries()) {
      if (index % 20 === 0)
        supervisor = await t.tokenFor(await accountLike(t, 'supervisor@haven.local'));
      const response = await check(
        supervisor,
        Object.fromEntries(Object.entries(typed).filter(([, v]) => v)),
      );
      expect(response.status).toBe(200);
      const hit = response.body.data.find((c: { id: string }) => c.id === stored[index]);
      const predicted = Boolean(hit && hit.score >= MATCH_SCORE);
      if (predicted && same) tp++;
      else if (predicted && !same) fp++;
      else if (!predicted && same) fn++;
      if (predicted !== same)
        misses.push(
          `${JSON.stringify(typed)} → ${hit ? hit.score : 'not listed'} (${same ? 'same' : 'different'})`,
        );
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(
      `duplicate check: precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)} over ${PAIRS.length} pairs; misses: ${misses.join('; ') || 'none'}`,
    );
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(precision).toBeGreaterThanOrEqual(0.85);
  });

  it('takes the names of similarity 0.3 and above, whatever threshold the session has', async () => {
    // The check is one statement: client_name_neighbours carries its own threshold.
    const key = clientNameKey('Dmitriy', 'Sokolov', null);
    for (const sessionThreshold of ['0.9', '0.05']) {
      const [found, expected] = await t.dataSource.transaction(async (m) => {
        await m.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [
          sessionThreshold,
        ]);
        const ids = await m.query<{ id: string }[]>(
          `SELECT id FROM client_name_neighbours($1, NULL, 50) AS id`,
          [key],
        );
        const similar = await m.query<{ id: string }[]>(
          `SELECT id FROM client WHERE merged_into_id IS NULL AND similarity(name_key, $1) >= 0.3`,
          [key],
        );
        return [ids.map((r) => r.id).sort(), similar.map((r) => r.id).sort()];
      });
      expect(expected.length).toBeGreaterThan(1);
      expect(expected.length).toBeLessThan(50);
      expect(found).toEqual(expected);
    }
  });

  it('ranks Yuliia Kovalchuk above Yulia Kovalenko for "Юлия Ковальчук", with its reasons', async () => {
    const response = await check(await t.tokenFor('supervisor@haven.local'), {
      nativeName: 'Юлия Ковальчук',
    });
    const kovalchuks = PAIRS.map(([, f], i) =>
      f.familyName === 'Kovalchuk' ? stored[i] : null,
    ).filter(Boolean);
    expect(kovalchuks).toContain(response.body.data[0].id);
    // The Latin-only record on file matched a Cyrillic query.
    expect(response.body.data.find((c: { id: string }) => c.id === stored[3]).reasons).toContain(
      'name matches across scripts',
    );
    const kovalenko = response.body.data.findIndex(
      (c: { id: string }) =>
        c.id === stored[PAIRS.findIndex(([, f]) => f.familyName === 'Kovalenko')],
    );
    expect(kovalenko === -1 || kovalenko > 0).toBe(true);
  });

  it('adds date of birth, nationality and phone to the score and the reasons', async () => {
    const { client } = await intake(t, 'caseworker@haven.local', {
      client: {
        givenName: 'Ruslan',
        familyName: 'Abdulaev',
        nativeName: 'Руслан Абдулаев',
        dateOfBirth: '1990-03-03',
        phone: '+995 555 000 111',
      },
    });
    const supervisor = await t.tokenFor('supervisor@haven.local');
    const exact = await check(supervisor, {
      givenName: 'Ruslan',
      familyName: 'Abdulayev',
      dateOfBirth: '1990-03-03',
      nationality: 'RU',
    });
    const hit = exact.body.data.find((c: { id: string }) => c.id === client.id);
    expect(hit.reasons).toEqual(expect.arrayContaining(['same date of birth', 'same nationality']));
    const near = await check(supervisor, {
      givenName: 'Ruslan',
      familyName: 'Abdulaev',
      dateOfBirth: '1991-07-01',
    });
    expect(near.body.data.find((c: { id: string }) => c.id === client.id).reasons).toContain(
      'birth year ±1',
    );
    const byPhone = await check(supervisor, { phone: '+995555000111' });
    expect(byPhone.body.data.find((c: { id: string }) => c.id === client.id).reasons).toContain(
      'same phone',
    );
    expect((await check(supervisor, {})).status).toBe(400);
    expect((await check(supervisor, { givenName: 'X', dateOfBirth: 'soon' })).status).toBe(400);
  });

  it('shows a caseworker or a supervisor another team’s candidate only as "held by another team", with no personal data', async () => {
    const other = await intake(t, 'caseworker.almaty@haven.local', {
      client: {
        givenName: 'Zaur',
        familyName: 'Kadyrbekov',
        nativeName: 'Заур Кадырбеков',
        dateOfBirth: '1988-08-08',
        phone: '+7 700 123 4567',
      },
    });
    for (const email of ['caseworker@haven.local', 'supervisor@haven.local']) {
      const response = await check(await t.tokenFor(email), {
        nativeName: 'Заур Кадырбеков',
        dateOfBirth: '1988-08-08',
      });
      expect(response.status).toBe(200);
      const restricted = response.body.data.filter((c: { restricted: boolean }) => c.restricted);
      expect(restricted).toEqual([
        { restricted: true, message: expect.stringMatching(/another team/) },
      ]);
      const text = JSON.stringify(response.body);
      for (const secret of [
        other.client.id,
        other.client.reference,
        'Zaur',
        'Kadyrbekov',
        'Заур',
        '1988-08-08',
        '700 123',
        'score',
      ])
        expect(text).not.toContain(secret);
    }
    const full = await check(await t.tokenFor('supervisor.almaty@haven.local'), {
      nativeName: 'Заур Кадырбеков',
    });
    expect(full.body.data[0]).toMatchObject({
      id: other.client.id,
      givenName: 'Zaur',
      restricted: false,
    });
    // Who was shown whose name is in the trail, under the caller's team; the checks that were shown
    // none named the client only under the team that holds it.
    const reads = await t.dataSource.query<
      { actor_id: string; team_id: string; duplicate_check: string }[]
    >(
      `SELECT actor_id, team_id, details->>'duplicateCheck' AS duplicate_check FROM audit_event
        WHERE action = 'read' AND entity_type = 'client' AND summary LIKE 'duplicate check:%' AND details->'ids' ? $1 ORDER BY seq`,
      [other.client.id],
    );
    const almaty = await t.teamId('Almaty office');
    expect(reads.filter((r) => r.duplicate_check === 'caller').map((r) => r.actor_id)).toEqual([
      await t.userId('supervisor.almaty@haven.local'),
    ]);
    expect(reads.filter((r) => r.duplicate_check === 'holder')).toEqual([
      {
        actor_id: await t.userId('caseworker@haven.local'),
        team_id: almaty,
        duplicate_check: 'holder',
      },
      {
        actor_id: await t.userId('supervisor@haven.local'),
        team_id: almaty,
        duplicate_check: 'holder',
      },
    ]);
  });

  it('lets a supervisor merge a duplicate (cases move, audited) and undo it', async () => {
    const a = await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Timur', familyName: 'Bekov' },
    });
    const b = await intake(t, 'caseworker2@haven.local', {
      client: { givenName: 'Timur', familyName: 'Bekov' },
    });
    const caseworker = await t.tokenFor('caseworker@haven.local');
    expect(
      (
        await t
          .http()
          .post(`/api/clients/${a.client.id}/merge`)
          .set('Authorization', caseworker)
          .send({ duplicateId: b.client.id })
      ).status,
    ).toBe(403);
    const supervisor = await t.tokenFor('supervisor@haven.local');
    const merged = await t
      .http()
      .post(`/api/clients/${a.client.id}/merge`)
      .set('Authorization', supervisor)
      .send({ duplicateId: b.client.id });
    expect(merged.status).toBe(200);
    expect(merged.body.caseIds).toEqual([b.case.id]);
    const moved = await t.http().get(`/api/cases/${b.case.id}`).set('Authorization', supervisor);
    expect(moved.body.clientId).toBe(a.client.id);
    const list = await t.http().get(`/api/clients?q=Bekov`).set('Authorization', supervisor);
    expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([a.client.id]);
    // The merged client has no case left: the supervisor no longer sees it; an admin is told why.
    const again = await t
      .http()
      .post(`/api/clients/${a.client.id}/merge`)
      .set('Authorization', supervisor)
      .send({ duplicateId: b.client.id });
    expect(again.status).toBe(404);
    const admin = await t
      .http()
      .post(`/api/clients/${a.client.id}/merge`)
      .set('Authorization', await t.tokenFor('admin@haven.local'))
      .send({ duplicateId: b.client.id });
    expect(admin.status).toBe(409);
    const [event] = await t.dataSource.query<{ details: { mergeId: string }; team_id: string }[]>(
      `SELECT details, team_id FROM audit_event WHERE action = 'merge' ORDER BY seq DESC LIMIT 1`,
    );
    expect(event.details.mergeId).toBe(merged.body.id);
    expect(event.team_id).toBe(await t.teamId('Tbilisi office'));
    const undone = await t
      .http()
      .post(`/api/clients/merges/${merged.body.id}/undo`)
      .set('Authorization', supervisor);
    expect(undone.status).toBe(200);
    expect(
      (await t.http().get(`/api/cases/${b.case.id}`).set('Authorization', supervisor)).body
        .clientId,
    ).toBe(b.client.id);
    expect(
      (
        await t
          .http()
          .post(`/api/clients/merges/${merged.body.id}/undo`)
          .set('Authorization', supervisor)
      ).status,
    ).toBe(409);
    // Older than 30 days: no undo.
    const second = await t
      .http()
      .post(`/api/clients/${a.client.id}/merge`)
      .set('Authorization', supervisor)
      .send({ duplicateId: b.client.id });
    await t.dataSource.query(
      `UPDATE client_merge SET merged_at = now() - interval '31 days' WHERE id = $1`,
      [second.body.id],
    );
    const late = await t
      .http()
      .post(`/api/clients/merges/${second.body.id}/undo`)
      .set('Authorization', supervisor);
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/30 days/);
  });
});

describe('merges across a team boundary', () => {
  let t: TestApp;
  let tbilisi: string;
  let almaty: string;
  beforeAll(async () => {
    t = await startTestApp();
    tbilisi = await t.teamId('Tbilisi office');
    almaty = await t.teamId('Almaty office');
  });
  afterAll(() => t.close());

  const merge = async (email: string, survivingId: string, duplicateId: string) =>
    t
      .http()
      .post(`/api/clients/${survivingId}/merge`)
      .set('Authorization', await t.tokenFor(email))
      .send({ duplicateId });
  /** What a refused merge must leave untouched: the clients, their cases, merges and merge events. */
  const snapshot = () =>
    t.dataSource.query(
      `SELECT (SELECT json_agg(json_build_object('id', id, 'merged', merged_into_id, 'version', version) ORDER BY id) FROM client) AS clients,
              (SELECT json_agg(json_build_object('id', id, 'client', client_id) ORDER BY id) FROM legal_case) AS cases,
              (SELECT json_agg(json_build_object('id', id, 'undone', undone_at) ORDER BY id) FROM client_merge) AS merges,
              (SELECT count(*) FROM audit_event WHERE action IN ('merge', 'unmerge')) AS events`,
    );
  /** A second case of an existing client, opened in another team (as a transfer or a second intake would leave it). */
  const caseIn = async (clientId: string, teamId: string) => {
    const id = randomUUID();
    await t.dataSource.query(
      `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, team_id, opened_on) VALUES ($1, $2, $3, 'asylum', 'GE', $4, '2025-01-01')`,
      [id, `HV-X-${id.slice(0, 8)}`, clientId, teamId],
    );
    return id;
  };

  it('refuses a supervisor a merge into or out of another team’s client: 404, nothing written, no merge event', async () => {
    const theirs = await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Ilya', familyName: 'Vorontsov' },
    });
    const throwaway = await intake(t, 'caseworker.almaty@haven.local', {
      client: { givenName: 'Ilya', familyName: 'Vorontsov' },
    });
    const before = await snapshot();
    const into = await merge(
      'supervisor.almaty@haven.local',
      theirs.client.id,
      throwaway.client.id,
    );
    expect(into.status).toBe(404);
    expect(into.body.message).toBe('client not found');
    const outOf = await merge(
      'supervisor.almaty@haven.local',
      throwaway.client.id,
      theirs.client.id,
    );
    expect(outOf.status).toBe(404);
    expect(outOf.body.message).toBe('client not found');
    // The same from the other side, and the same answer as for a client that does not exist.
    expect(
      (await merge('supervisor@haven.local', throwaway.client.id, theirs.client.id)).status,
    ).toBe(404);
    expect((await merge('supervisor@haven.local', theirs.client.id, randomUUID())).body).toEqual(
      into.body,
    );
    expect(await snapshot()).toEqual(before);
    expect(
      (
        await t
          .http()
          .get(`/api/clients/${theirs.client.id}`)
          .set('Authorization', await t.tokenFor('supervisor.almaty@haven.local'))
      ).status,
    ).toBe(404);
  });

  it('refuses a supervisor a merge of two own-team clients when either also has a case in another team', async () => {
    const a = await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Oleg', familyName: 'Sidorenko' },
    });
    const b = await intake(t, 'caseworker2@haven.local', {
      client: { givenName: 'Oleg', familyName: 'Sidorenko' },
    });
    await caseIn(b.client.id, almaty);
    const before = await snapshot();
    const duplicateElsewhere = await merge('supervisor@haven.local', a.client.id, b.client.id);
    const survivingElsewhere = await merge('supervisor@haven.local', b.client.id, a.client.id);
    for (const refused of [duplicateElsewhere, survivingElsewhere]) {
      expect(refused.status).toBe(404);
      expect(refused.body.message).toBe('client not found');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('lets an admin merge across teams, filed under both teams; undo and history of it are the admin’s alone', async () => {
    const kept = await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Roman', familyName: 'Zhukov' },
    });
    const duplicate = await intake(t, 'caseworker.almaty@haven.local', {
      client: { givenName: 'Roman', familyName: 'Zhukov' },
    });
    const merged = await merge('admin@haven.local', kept.client.id, duplicate.client.id);
    expect(merged.status).toBe(200);
    expect(merged.body.caseIds).toEqual([duplicate.case.id]);
    const events = await t.dataSource.query<{ team_id: string | null }[]>(
      `SELECT team_id FROM audit_event WHERE action = 'merge' AND details->>'mergeId' = $1 ORDER BY team_id`,
      [merged.body.id],
    );
    expect(events.map((e) => e.team_id).sort()).toEqual([almaty, tbilisi, null].sort());

    // The surviving client now has a case in each team: each supervisor sees it, neither sees this merge nor may undo it.
    for (const email of ['supervisor@haven.local', 'supervisor.almaty@haven.local']) {
      const history = await t
        .http()
        .get(`/api/clients/${kept.client.id}/merges`)
        .set('Authorization', await t.tokenFor(email));
      expect(history.status).toBe(200);
      expect(history.body.data).toEqual([]);
    }
    const before = await snapshot();
    for (const email of ['supervisor@haven.local', 'supervisor.almaty@haven.local']) {
      const undo = await t
        .http()
        .post(`/api/clients/merges/${merged.body.id}/undo`)
        .set('Authorization', await t.tokenFor(email));
      expect(undo.status).toBe(404);
      expect(undo.body.message).toBe('merge not found');
    }
    expect(await snapshot()).toEqual(before);
    const admin = await t.tokenFor('admin@haven.local');
    expect(
      (
        await t.http().get(`/api/clients/${kept.client.id}/merges`).set('Authorization', admin)
      ).body.data.map((m: { id: string }) => m.id),
    ).toEqual([merged.body.id]);
    expect(
      (
        await t
          .http()
          .post(`/api/clients/merges/${merged.body.id}/undo`)
          .set('Authorization', admin)
      ).status,
    ).toBe(200);
    const unmerges = await t.dataSource.query<{ team_id: string | null }[]>(
      `SELECT team_id FROM audit_event WHERE action = 'unmerge' AND details->>'mergeId' = $1`,
      [merged.body.id],
    );
    expect(unmerges.map((e) => e.team_id).sort()).toEqual([almaty, tbilisi, null].sort());
    expect(
      (await t.http().get(`/api/cases/${duplicate.case.id}`).set('Authorization', admin)).body
        .clientId,
    ).toBe(duplicate.client.id);
  });

  it('answers undo and merge history of another team’s merge with a 404, changing nothing', async () => {
    const a = await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Pavel', familyName: 'Gromov' },
    });
    const b = await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Pavel', familyName: 'Gromov' },
    });
    const merged = await merge('supervisor@haven.local', a.client.id, b.client.id);
    expect(merged.status).toBe(200);
    const outsider = await t.tokenFor('supervisor.almaty@haven.local');
    const before = await snapshot();
    const undo = await t
      .http()
      .post(`/api/clients/merges/${merged.body.id}/undo`)
      .set('Authorization', outsider);
    expect(undo.status).toBe(404);
    expect(undo.body).toEqual(
      (
        await t
          .http()
          .post(`/api/clients/merges/${randomUUID()}/undo`)
          .set('Authorization', outsider)
      ).body,
    );
    for (const id of [a.client.id, b.client.id]) {
      const history = await t
        .http()
        .get(`/api/clients/${id}/merges`)
        .set('Authorization', outsider);
      expect(history.status).toBe(404);
      expect(history.body.message).toBe('client not found');
    }
    expect(await snapshot()).toEqual(before);
    // The team's own supervisor still sees and undoes it.
    const own = await t.tokenFor('supervisor@haven.local');
    expect(
      (
        await t.http().get(`/api/clients/${a.client.id}/merges`).set('Authorization', own)
      ).body.data.map((m: { id: string }) => m.id),
    ).toEqual([merged.body.id]);
    expect(
      (await t.http().post(`/api/clients/merges/${merged.body.id}/undo`).set('Authorization', own))
        .status,
    ).toBe(200);
  });

  it('refuses a supervisor the undo of an own-team merge once a moved case is in another team', async () => {
    const a = await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Stepan', familyName: 'Kuzmin' },
    });
    const b = await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Stepan', familyName: 'Kuzmin' },
    });
    const merged = await merge('supervisor@haven.local', a.client.id, b.client.id);
    await t.dataSource.query(
      `UPDATE legal_case SET team_id = $1, assigned_to_id = NULL WHERE id = $2`,
      [almaty, b.case.id],
    );
    const undo = await t
      .http()
      .post(`/api/clients/merges/${merged.body.id}/undo`)
      .set('Authorization', await t.tokenFor('supervisor@haven.local'));
    expect(undo.status).toBe(404);
    expect(
      (
        await t.dataSource.query(`SELECT undone_at FROM client_merge WHERE id = $1`, [
          merged.body.id,
        ])
      )[0].undone_at,
    ).toBeNull();
  });
});

describe('the duplicate check across a team boundary', () => {
  let t: TestApp;
  let tbilisi: string;
  let almaty: string;
  beforeAll(async () => {
    t = await startTestApp();
    tbilisi = await t.teamId('Tbilisi office');
    almaty = await t.teamId('Almaty office');
  });
  afterAll(() => t.close());

  const check = async (token: string, query: Record<string, string>) =>
    t
      .http()
      .get(`/api/clients/possible-duplicates?${new URLSearchParams(query).toString()}`)
      .set('Authorization', token);
  const checkEvents = (actorId: string) =>
    t.dataSource.query<
      {
        team_id: string | null;
        summary: string;
        details: { duplicateCheck: string; inputs: string; ids: string[]; restricted?: boolean };
      }[]
    >(
      `SELECT team_id, summary, details FROM audit_event WHERE actor_id = $1 AND details ? 'duplicateCheck' ORDER BY seq`,
      [actorId],
    );

  it('gives a supervisor of another team one restricted entry, with no id, score or reasons, only on a strong name and the same date of birth', async () => {
    const held = await intake(t, 'caseworker.almaty@haven.local', {
      client: {
        givenName: 'Arsenii',
        familyName: 'Belyakov',
        nativeName: 'Арсений Беляков',
        dateOfBirth: '1991-02-03',
        phone: '+7 701 555 1234',
      },
    });
    // A second Almaty client of the same name and birth date: still one entry.
    await intake(t, 'supervisor.almaty@haven.local', {
      client: {
        givenName: 'Arsenii',
        familyName: 'Belyakov',
        nativeName: null,
        dateOfBirth: '1991-02-03',
        phone: null,
      },
    });
    const supervisor = await t.tokenFor(await accountLike(t, 'supervisor@haven.local'));
    const strong = await check(supervisor, {
      givenName: 'Arseniy',
      familyName: 'Belyakov',
      dateOfBirth: '1991-02-03',
    });
    expect(strong.status).toBe(200);
    expect(strong.body).toEqual({
      data: [
        {
          restricted: true,
          message: 'A possible match is held by another team — ask your supervisor.',
        },
      ],
    });
    // The name alone, the name with another birth date, the birth date with another name, a similar name: nothing at all.
    for (const query of [
      { givenName: 'Arsenii', familyName: 'Belyakov' } as Record<string, string>,
      {
        givenName: 'Arsenii',
        familyName: 'Belyakov',
        dateOfBirth: '1991-02-04',
        nationality: 'RU',
      },
      { givenName: 'Viktor', familyName: 'Orlov', dateOfBirth: '1991-02-03', nationality: 'RU' },
      { givenName: 'Arsenii', familyName: 'Belousov', dateOfBirth: '1991-02-03' },
    ]) {
      expect((await check(supervisor, query)).body).toEqual({ data: [] });
    }
    // The Almaty team's own supervisor sees both, in full.
    const own = await check(await t.tokenFor('supervisor.almaty@haven.local'), {
      givenName: 'Arseniy',
      familyName: 'Belyakov',
      dateOfBirth: '1991-02-03',
    });
    expect(own.body.data.map((c: { id: string }) => c.id)).toContain(held.client.id);
    expect(
      own.body.data.every(
        (c: { restricted: boolean; score: number }) => !c.restricted && c.score > 0,
      ),
    ).toBe(true);
  });

  it('never reveals another team’s client by a phone number', async () => {
    await intake(t, 'caseworker.almaty@haven.local', {
      client: {
        givenName: 'Marat',
        familyName: 'Seitkali',
        dateOfBirth: '1985-06-07',
        phone: '+7 702 444 9876',
      },
    });
    const email = await accountLike(t, 'supervisor@haven.local');
    const supervisor = await t.tokenFor(email);
    expect((await check(supervisor, { phone: '+77024449876' })).body).toEqual({ data: [] });
    expect(
      (
        await check(supervisor, {
          givenName: 'Anna',
          familyName: 'Petrova',
          phone: '+7 702 444 9876',
        })
      ).body,
    ).toEqual({ data: [] });
    // Not even found and then withheld: no team's trail was told the number matched its client.
    expect((await checkEvents(await t.userId(email))).map((e) => e.details.duplicateCheck)).toEqual(
      ['caller', 'caller'],
    );
    // Its own team finds it by the phone.
    const own = await check(await t.tokenFor('supervisor.almaty@haven.local'), {
      phone: '+77024449876',
    });
    expect(own.body.data[0].reasons).toContain('same phone');
  });

  it('audits every check — one that found nothing, one that found only a restricted match — with an HMAC of the inputs, filed per team', async () => {
    const held = await intake(t, 'caseworker.almaty@haven.local', {
      client: {
        givenName: 'Gleb',
        familyName: 'Nesterenko',
        nativeName: 'Глеб Нестеренко',
        dateOfBirth: '1993-09-09',
        phone: '+7 703 111 2222',
      },
    });
    const email = await accountLike(t, 'supervisor@haven.local');
    const supervisor = await t.tokenFor(email);
    const actorId = await t.userId(email);
    expect((await check(supervisor, { givenName: 'Nobody', familyName: 'Atall' })).body).toEqual({
      data: [],
    });
    const probe = {
      givenName: 'Gleb',
      familyName: 'Nesterenko',
      dateOfBirth: '1993-09-09',
      phone: '+7 703 111 2222',
    };
    expect((await check(supervisor, probe)).body.data).toEqual([
      { restricted: true, message: expect.any(String) },
    ]);
    expect((await check(supervisor, probe)).status).toBe(200);
    const events = await checkEvents(actorId);
    expect(events.map((e) => [e.team_id, e.details.duplicateCheck, e.details.ids])).toEqual([
      [tbilisi, 'caller', []],
      [tbilisi, 'caller', []],
      [almaty, 'holder', [held.client.id]],
      [tbilisi, 'caller', []],
      [almaty, 'holder', [held.client.id]],
    ]);
    expect(events.map((e) => e.details.restricted)).toEqual([
      false,
      true,
      undefined,
      true,
      undefined,
    ]);
    for (const event of events) expect(event.details.inputs).toMatch(/^[0-9a-f]{64}$/);
    // The same inputs give the same value; others another; none of the inputs is written anywhere.
    expect(events[1].details.inputs).toBe(events[3].details.inputs);
    expect(events[1].details.inputs).toBe(events[2].details.inputs);
    expect(events[0].details.inputs).not.toBe(events[1].details.inputs);
    const text = JSON.stringify(
      events.map(({ summary, details: { inputs, ids, ...rest } }) => ({
        summary,
        rest,
        inputs: inputs.length,
        ids: ids.length,
      })),
    ).toLowerCase();
    for (const raw of [
      'gleb',
      'nesterenko',
      'nesterenk',
      '1993',
      '7031112222',
      '111 2222',
      'nobody',
    ])
      expect(text).not.toContain(raw);
    // The Tbilisi supervisor reads the caller's events; the Almaty supervisor reads that their client was matched.
    const almatyTrail = await t
      .http()
      .get(`/api/audit-events?actorId=${actorId}`)
      .set('Authorization', await t.tokenFor('supervisor.almaty@haven.local'));
    expect(almatyTrail.body.data.map((e: { details: { ids: string[] } }) => e.details.ids)).toEqual(
      [[held.client.id], [held.client.id]],
    );
  });

  it('allows 30 checks per user a minute, concurrent ones included; the next is a 429 with its code', async () => {
    const token = await t.tokenFor(await accountLike(t, 'caseworker@haven.local'));
    const answers = await Promise.all(
      Array.from({ length: 34 }, () => check(token, { givenName: 'Lev', familyName: 'Tolstoy' })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(30);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(4);
    const next = await check(token, { phone: '+995 555 000 000' });
    expect(next.status).toBe(429);
    expect(next.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'duplicates.rate_limited',
    });
    expect(next.headers['retry-after']).toBe('60');
    // Another user is not held up.
    expect(
      (
        await check(await t.tokenFor(await accountLike(t, 'caseworker@haven.local')), {
          givenName: 'Lev',
          familyName: 'Tolstoy',
        })
      ).status,
    ).toBe(200);
  });
});
