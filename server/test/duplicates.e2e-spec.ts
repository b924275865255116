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
  [{ givenName: 'Dmitriy', familyName: 'Sokolov' }, { givenName: 'Dmitry', familyName: 'Sokolov' }, true],
  [{ givenName: 'Aleksei', familyName: 'Morozov' }, { givenName: 'Alexey', familyName: 'Morozov' }, true],
  [{ nativeName: 'Юлия Ковальчук' }, { givenName: 'Yuliia', familyName: 'Kovalchuk' }, true],
  [{ givenName: 'Julia', familyName: 'Kovalchuk' }, { givenName: 'Yuliia', familyName: 'Kovalchuk', nativeName: 'Юлія Ковальчук' }, true],
  [{ givenName: 'Yonas', familyName: 'Tesfay' }, { givenName: 'Yonas', familyName: 'Tesfaye', nativeName: 'ዮናስ ተስፋይ' }, true],
  [{ nativeName: 'ሳሙኤል ሃይለ' }, { givenName: 'Samuel', familyName: 'Haile' }, true],
  [{ givenName: 'Sokolov', familyName: 'Dmitrii' }, { givenName: 'Dmitrii', familyName: 'Sokolov' }, true],
  [{ nativeName: 'Дмитрий Андреевич Соколов' }, { givenName: 'Dmitrii', familyName: 'Sokolov' }, true],
  [{ givenName: 'Olha', familyName: 'Belova' }, { givenName: 'Olga', familyName: 'Belova', nativeName: 'Ольга Белова' }, true],
  [{ givenName: 'Artyom', familyName: 'Fyodorov' }, { givenName: 'Artem', familyName: 'Fedorov', nativeName: 'Артём Фёдоров' }, true],
  [{ givenName: 'Egor', familyName: 'Pavlov' }, { givenName: 'Yegor', familyName: 'Pavlov' }, true],
  [{ givenName: 'Ekaterina', familyName: 'Orlova' }, { givenName: 'Yekaterina', familyName: 'Orlova' }, true],
  [{ givenName: 'Mikhail', familyName: 'Popov' }, { givenName: 'Mikhaïl', familyName: 'Popov' }, true],
  [{ givenName: 'Ilya', familyName: 'Gusev' }, { givenName: 'Ilia', familyName: 'Gusev', nativeName: 'Илья Гусев' }, true],
  [{ givenName: 'Oleksandr', familyName: 'Shevchenko' }, { givenName: 'Aleksandr', familyName: 'Shevchenko', nativeName: 'Олександр Шевченко' }, true],
  [{ givenName: 'Bohdan', familyName: 'Melnyk' }, { givenName: 'Bogdan', familyName: 'Melnik', nativeName: 'Богдан Мельник' }, true],
  [{ givenName: 'Siarhei', familyName: 'Dubovik' }, { givenName: 'Sergei', familyName: 'Dubovik', nativeName: 'Сяргей Дубовік' }, true],
  [{ givenName: 'Hanna', familyName: 'Zhuk' }, { givenName: 'Ganna', familyName: 'Zhuk', nativeName: 'Ганна Жук' }, true],
  [{ givenName: 'Freweini', familyName: 'Kidane' }, { givenName: 'Frewoini', familyName: 'Kidane', nativeName: 'ፍረወይኒ ኪዳነ' }, true],
  [{ givenName: 'Dawit', familyName: 'Berhane' }, { givenName: 'Dawit', familyName: 'Brhane', nativeName: 'ዳዊት ብርሃነ' }, true],
  [{ nativeName: 'Кирилл Орлов' }, { givenName: 'Kirill', familyName: 'Orlov' }, true],
  [{ givenName: 'Maksim', familyName: 'Lebedev' }, { givenName: 'Maxim', familyName: 'Lebedev' }, true],
  [{ givenName: 'Nikita', familyName: 'Fedorov' }, { givenName: 'Nikita', familyName: 'Fyodorov' }, true],
  [{ givenName: 'Sergei', familyName: 'Novikov' }, { givenName: 'Sergey', familyName: 'Novikov' }, true],
  [{ givenName: 'Timofey', familyName: 'Tarasov' }, { givenName: 'Timofei', familyName: 'Tarasov', nativeName: 'Тимофей Тарасов' }, true],
  [{ nativeName: 'Аляксандр Каваленка' }, { givenName: 'Aliaksandr', familyName: 'Kavalenka' }, true],
  [{ givenName: 'Filmon', familyName: 'Mehari' }, { givenName: 'Filmon', familyName: 'Mehari', nativeName: 'ፊልሞን መሓሪ' }, true],
  // Different people.
  [{ nativeName: 'Юлия Ковальчук' }, { givenName: 'Yulia', familyName: 'Kovalenko' }, false],
  [{ givenName: 'Dmitrii', familyName: 'Sokolov' }, { givenName: 'Dmitrii', familyName: 'Smirnov' }, false],
  [{ givenName: 'Ivan', familyName: 'Kuznetsov' }, { givenName: 'Ivan', familyName: 'Popov' }, false],
  [{ givenName: 'Yonas', familyName: 'Tesfay' }, { givenName: 'Yonas', familyName: 'Haile' }, false],
  [{ givenName: 'Oksana', familyName: 'Bondarenko' }, { givenName: 'Oksana', familyName: 'Tkachenko' }, false],
  [{ givenName: 'Pavel', familyName: 'Zhuk' }, { givenName: 'Pavel', familyName: 'Karpovich' }, false],
  [{ givenName: 'Anastasiia', familyName: 'Egorova' }, { givenName: 'Anastasiia', familyName: 'Belova' }, false],
  [{ givenName: 'Samuel', familyName: 'Gebrehiwot' }, { givenName: 'Samuel', familyName: 'Haile' }, false],
  [{ givenName: 'Artem', familyName: 'Volkov' }, { givenName: 'Artem', familyName: 'Zaitsev' }, false],
  [{ givenName: 'Olga', familyName: 'Smirnova' }, { givenName: 'Olga', familyName: 'Sokolova' }, false],
  [{ givenName: 'Filmon', familyName: 'Mehari' }, { givenName: 'Filmon', familyName: 'Woldu' }, false],
  [{ givenName: 'Taras', familyName: 'Melnyk' }, { givenName: 'Bohdan', familyName: 'Melnyk' }, false],
  [{ givenName: 'Robel', familyName: 'Habte' }, { givenName: 'Henok', familyName: 'Habte' }, false],
  [{ givenName: 'Iryna', familyName: 'Kravchenko' }, { givenName: 'Iryna', familyName: 'Shevchenko' }, false],
  [{ givenName: 'Egor', familyName: 'Tarasov' }, { givenName: 'Igor', familyName: 'Tarasov' }, false],
];

/** A candidate counts as "matched" from this score (the UI highlights from here). */
const MATCH_SCORE = 50;

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
        [id, `CL-DUP-${stored.length}`, onFile.givenName ?? '', onFile.familyName ?? '', onFile.nativeName ?? null, clientNameKey(onFile.givenName ?? '', onFile.familyName ?? '', onFile.nativeName)],
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
    const supervisor = await t.tokenFor('supervisor@haven.local');
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const misses: string[] = [];
    for (const [index, [typed, , same]] of PAIRS.entries()) {
      const response = await check(supervisor, Object.fromEntries(Object.entries(typed).filter(([, v]) => v)));
      expect(response.status).toBe(200);
      const hit = response.body.data.find((c: { id: string }) => c.id === stored[index]);
      const predicted = Boolean(hit && hit.score >= MATCH_SCORE);
      if (predicted && same) tp++;
      else if (predicted && !same) fp++;
      else if (!predicted && same) fn++;
      if (predicted !== same) misses.push(`${JSON.stringify(typed)} → ${hit ? hit.score : 'not listed'} (${same ? 'same' : 'different'})`);
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(`duplicate check: precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)} over ${PAIRS.length} pairs; misses: ${misses.join('; ') || 'none'}`);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(precision).toBeGreaterThanOrEqual(0.85);
  });

  it('takes the names of similarity 0.3 and above, whatever threshold the session has', async () => {
    // The check is one statement: client_name_neighbours carries its own threshold.
    const key = clientNameKey('Dmitriy', 'Sokolov', null);
    for (const sessionThreshold of ['0.9', '0.05']) {
      const [found, expected] = await t.dataSource.transaction(async (m) => {
        await m.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [sessionThreshold]);
        const ids = await m.query<{ id: string }[]>(`SELECT id FROM client_name_neighbours($1, NULL, 50) AS id`, [key]);
        const similar = await m.query<{ id: string }[]>(`SELECT id FROM client WHERE merged_into_id IS NULL AND similarity(name_key, $1) >= 0.3`, [key]);
        return [ids.map((r) => r.id).sort(), similar.map((r) => r.id).sort()];
      });
      expect(expected.length).toBeGreaterThan(1);
      expect(expected.length).toBeLessThan(50);
      expect(found).toEqual(expected);
    }
  });

  it('ranks Yuliia Kovalchuk above Yulia Kovalenko for "Юлия Ковальчук", with its reasons', async () => {
    const response = await check(await t.tokenFor('supervisor@haven.local'), { nativeName: 'Юлия Ковальчук' });
    const kovalchuks = PAIRS.map(([, f], i) => (f.familyName === 'Kovalchuk' ? stored[i] : null)).filter(Boolean);
    expect(kovalchuks).toContain(response.body.data[0].id);
    // The Latin-only record on file matched a Cyrillic query.
    expect(response.body.data.find((c: { id: string }) => c.id === stored[3]).reasons).toContain('name matches across scripts');
    const kovalenko = response.body.data.findIndex((c: { id: string }) => c.id === stored[PAIRS.findIndex(([, f]) => f.familyName === 'Kovalenko')]);
    expect(kovalenko === -1 || kovalenko > 0).toBe(true);
  });

  it('adds date of birth, nationality and phone to the score and the reasons', async () => {
    const { client } = await intake(t, 'caseworker@haven.local', { client: { givenName: 'Ruslan', familyName: 'Abdulaev', nativeName: 'Руслан Абдулаев', dateOfBirth: '1990-03-03', phone: '+995 555 000 111' } });
    const supervisor = await t.tokenFor('supervisor@haven.local');
    const exact = await check(supervisor, { givenName: 'Ruslan', familyName: 'Abdulayev', dateOfBirth: '1990-03-03', nationality: 'RU' });
    const hit = exact.body.data.find((c: { id: string }) => c.id === client.id);
    expect(hit.reasons).toEqual(expect.arrayContaining(['same date of birth', 'same nationality']));
    const near = await check(supervisor, { givenName: 'Ruslan', familyName: 'Abdulaev', dateOfBirth: '1991-07-01' });
    expect(near.body.data.find((c: { id: string }) => c.id === client.id).reasons).toContain('birth year ±1');
    const byPhone = await check(supervisor, { phone: '+995555000111' });
    expect(byPhone.body.data.find((c: { id: string }) => c.id === client.id).reasons).toContain('same phone');
    expect((await check(supervisor, {})).status).toBe(400);
    expect((await check(supervisor, { givenName: 'X', dateOfBirth: 'soon' })).status).toBe(400);
  });

  it('shows a caseworker another team’s candidate only as "held by another team", with no personal data', async () => {
    const other = await intake(t, 'caseworker.almaty@haven.local', { client: { givenName: 'Zaur', familyName: 'Kadyrbekov', nativeName: 'Заур Кадырбеков', dateOfBirth: '1988-08-08', phone: '+7 700 123 4567' } });
    const response = await check(await t.tokenFor('caseworker@haven.local'), { nativeName: 'Заур Кадырбеков', dateOfBirth: '1988-08-08' });
    expect(response.status).toBe(200);
    const restricted = response.body.data.filter((c: { restricted: boolean }) => c.restricted);
    expect(restricted).toHaveLength(1);
    expect(restricted[0].message).toMatch(/another team/);
    const text = JSON.stringify(response.body);
    for (const secret of [other.client.id, other.client.reference, 'Zaur', 'Kadyrbekov', 'Заур', '1988-08-08', '700 123']) expect(text).not.toContain(secret);
    const full = await check(await t.tokenFor('supervisor@haven.local'), { nativeName: 'Заур Кадырбеков' });
    expect(full.body.data[0]).toMatchObject({ id: other.client.id, givenName: 'Zaur', restricted: false });
    // Who was shown whose name is in the trail; the caseworker, shown none, read no one.
    const reads = await t.dataSource.query<{ actor_id: string; details: { ids: string[] } }[]>(
      `SELECT actor_id, details FROM audit_event WHERE action = 'read' AND entity_type = 'client' AND summary LIKE 'duplicate check:%' AND details->'ids' ? $1`,
      [other.client.id],
    );
    expect(reads.map((r) => r.actor_id)).toEqual([await t.userId('supervisor@haven.local')]);
  });

  it('lets a supervisor merge a duplicate (cases move, audited) and undo it', async () => {
    const a = await intake(t, 'caseworker@haven.local', { client: { givenName: 'Timur', familyName: 'Bekov' } });
    const b = await intake(t, 'caseworker2@haven.local', { client: { givenName: 'Timur', familyName: 'Bekov' } });
    const caseworker = await t.tokenFor('caseworker@haven.local');
    expect((await t.http().post(`/api/clients/${a.client.id}/merge`).set('Authorization', caseworker).send({ duplicateId: b.client.id })).status).toBe(403);
    const supervisor = await t.tokenFor('supervisor@haven.local');
    const merged = await t.http().post(`/api/clients/${a.client.id}/merge`).set('Authorization', supervisor).send({ duplicateId: b.client.id });
    expect(merged.status).toBe(200);
    expect(merged.body.caseIds).toEqual([b.case.id]);
    const moved = await t.http().get(`/api/cases/${b.case.id}`).set('Authorization', supervisor);
    expect(moved.body.clientId).toBe(a.client.id);
    const list = await t.http().get(`/api/clients?q=Bekov`).set('Authorization', supervisor);
    expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([a.client.id]);
    const again = await t.http().post(`/api/clients/${a.client.id}/merge`).set('Authorization', supervisor).send({ duplicateId: b.client.id });
    expect(again.status).toBe(409);
    const [event] = await t.dataSource.query<{ details: { mergeId: string } }[]>(`SELECT details FROM audit_event WHERE action = 'merge' ORDER BY seq DESC LIMIT 1`);
    expect(event.details.mergeId).toBe(merged.body.id);
    const undone = await t.http().post(`/api/clients/merges/${merged.body.id}/undo`).set('Authorization', supervisor);
    expect(undone.status).toBe(200);
    expect((await t.http().get(`/api/cases/${b.case.id}`).set('Authorization', supervisor)).body.clientId).toBe(b.client.id);
    expect((await t.http().post(`/api/clients/merges/${merged.body.id}/undo`).set('Authorization', supervisor)).status).toBe(409);
    // Older than 30 days: no undo.
    const second = await t.http().post(`/api/clients/${a.client.id}/merge`).set('Authorization', supervisor).send({ duplicateId: b.client.id });
    await t.dataSource.query(`UPDATE client_merge SET merged_at = now() - interval '31 days' WHERE id = $1`, [second.body.id]);
    const late = await t.http().post(`/api/clients/merges/${second.body.id}/undo`).set('Authorization', supervisor);
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/30 days/);
  });
});
