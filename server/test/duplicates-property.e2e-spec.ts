import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientNameKey } from '../src/duplicates/name-key.js';
import { startTestApp, type TestApp } from './harness.js';

type Spelling = [givenName: string, familyName: string, nativeName: string | null];
type Person = {
  who: number;
  spelling: number;
  dob: string | null;
  phone: string | null;
  nationality: string;
};

/** People, each in the spellings a caseworker might type or find on file. */
const PEOPLE: Spelling[][] = [
  [
    ['Dmitrii', 'Sokolov', null],
    ['Dmitry', 'Sokolov', null],
    ['', '', 'Дмитрий Соколов'],
    ['Dmitriy', 'Sokolov', 'Дмитрий Соколов'],
  ],
  [
    ['Yuliia', 'Kovalchuk', null],
    ['Julia', 'Kovalchuk', null],
    ['', '', 'Юлия Ковальчук'],
  ],
  [
    ['Yonas', 'Tesfay', null],
    ['Yonas', 'Tesfaye', 'ዮናስ ተስፋይ'],
  ],
  [
    ['Artem', 'Fedorov', null],
    ['Artyom', 'Fyodorov', 'Артём Фёдоров'],
  ],
  [
    ['Ivan', 'Kuznetsov', null],
    ['', '', 'Иван Кузнецов'],
  ],
  [
    ['Olga', 'Smirnova', null],
    ['Olha', 'Smirnova', null],
  ],
  [
    ['Dawit', 'Berhane', null],
    ['Dawit', 'Brhane', 'ዳዊት ብርሃነ'],
  ],
  [
    ['Egor', 'Pavlov', null],
    ['Yegor', 'Pavlov', null],
  ],
];
const BIRTH_DATES = ['1990-03-03', '1990-03-04', '1985-11-20'];
const PHONES = ['+995 555 100 200', '+7 700 300 4000', '+49 151 2233 4455'];
const NATIONALITIES = ['RU', 'ER', 'UA'];

const person: fc.Arbitrary<Person> = fc.record({
  who: fc.nat(PEOPLE.length - 1),
  spelling: fc.nat(3),
  dob: fc.option(fc.constantFrom(...BIRTH_DATES), { nil: null }),
  phone: fc.option(fc.constantFrom(...PHONES), { nil: null }),
  nationality: fc.constantFrom(...NATIONALITIES),
});
const spellingOf = (p: { who: number; spelling: number }): Spelling =>
  PEOPLE[p.who][p.spelling % PEOPLE[p.who].length];

/**
 * For random people held in two teams: nothing a caller of team B receives from the duplicate check
 * (status, headers bar the date, the request id and the length, body) differs between team A holding a client that
 * matches the probe (the same person, of the same date of birth) and team A holding one that does
 * not (another person, or the same name of another birth date, sharing the probe's phone), except
 * the one coarse "held by another team" entry; nor does what the check files under team B. And a
 * non-matching client of team A changes nothing at all: the answer is the one team A holding no one
 * gets.
 */
describe('the duplicate check reveals one bit of another team, at most', () => {
  let t: TestApp;
  let teamA: string;
  let teamB: string;
  const callers: { email: string; id: string; token: string }[] = [];
  const caseworkersB: string[] = [];
  let runs = 0;
  let flagged = 0;

  beforeAll(async () => {
    t = await startTestApp();
    teamA = await t.teamId('Almaty office');
    teamB = await t.teamId('Tbilisi office');
    // Four callers of team B, in turn (three checks a run), so that no one passes the check's limit a minute.
    for (const [index, like] of [
      'supervisor@haven.local',
      'caseworker@haven.local',
      'supervisor@haven.local',
      'caseworker@haven.local',
    ].entries()) {
      const email = `property${index}.${like}`;
      await t.dataSource.query(
        `INSERT INTO app_user (email, full_name, password_hash, role, team_id, locale, active)
         SELECT $2, full_name, password_hash, role, team_id, locale, active FROM app_user WHERE email = $1`,
        [like, email],
      );
      const id = await t.userId(email);
      callers.push({ email, id, token: await t.login(email) });
      if (like.startsWith('caseworker')) caseworkersB.push(id);
    }
  });
  afterAll(() => t.close());

  /** A client with one case in `teamId`, inserted as the intake would leave it; returns the ids to remove it again. */
  const hold = async (p: Person, teamId: string, assignee: string | null) => {
    const [givenName, familyName, nativeName] = spellingOf(p);
    const clientId = randomUUID();
    const caseId = randomUUID();
    await t.dataSource.query(
      `INSERT INTO client (id, reference, given_name, family_name, native_name, date_of_birth, sex, nationality, phone, name_key) VALUES ($1, $2, $3, $4, $5, $6, 'male', $7, $8, $9)`,
      [
        clientId,
        `CL-P-${clientId.slice(0, 8)}`,
        givenName || 'Unknown',
        familyName || 'Unknown',
        nativeName,
        p.dob,
        p.nationality,
        p.phone,
        clientNameKey(givenName, familyName, nativeName),
      ],
    );
    await t.dataSource.query(
      `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, team_id, assigned_to_id, opened_on) VALUES ($1, $2, $3, 'asylum', 'GE', $4, $5, '2025-01-01')`,
      [caseId, `HV-P-${caseId.slice(0, 8)}`, clientId, teamId, assignee],
    );
    return { clientId, caseId };
  };
  const release = async ({ clientId, caseId }: { clientId: string; caseId: string }) => {
    await t.dataSource.query('DELETE FROM legal_case WHERE id = $1', [caseId]);
    await t.dataSource.query('DELETE FROM client WHERE id = $1', [clientId]);
  };

  /** The answer and the caller's own audit event, with the one allowed difference taken out. */
  const observe = async (caller: (typeof callers)[number], query: Record<string, string>) => {
    const response: Response = await t
      .http()
      .get(`/api/clients/possible-duplicates?${new URLSearchParams(query).toString()}`)
      .set('Authorization', caller.token);
    expect(response.status).toBe(200);
    const data = response.body.data as { restricted: boolean }[];
    const restricted = data.filter((c) => c.restricted);
    // The flag, if any, is exactly one bare entry, last.
    expect(restricted.length).toBeLessThanOrEqual(1);
    if (restricted.length) {
      expect(restricted[0]).toEqual({
        restricted: true,
        message: 'A possible match is held by another team — ask your supervisor.',
      });
      expect(data[data.length - 1]).toBe(restricted[0]);
    }
    // Per request whatever the answer: the date and the request's own id. The length follows the body.
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const headers = Object.fromEntries(
      Object.entries(response.headers).filter(
        ([name]) => !['date', 'etag', 'x-request-id', 'content-length'].includes(name),
      ),
    );
    const [event] = await t.dataSource.query<
      ({ team_id: string; details: { ids: string[]; inputs: string } } | undefined)[]
    >(
      `SELECT team_id, details FROM audit_event WHERE actor_id = $1 AND details->>'duplicateCheck' = 'caller' ORDER BY seq DESC LIMIT 1`,
      [caller.id],
    );
    return {
      flag: restricted.length === 1,
      seen: {
        status: response.status,
        headers,
        visible: data.filter((c) => !c.restricted),
        filed: event && {
          team: event.team_id,
          ids: event.details.ids,
          inputs: event.details.inputs,
        },
      },
      length: Number(response.headers['content-length']),
    };
  };

  it('gives a caller of team B the same answer whether team A holds a matching client or not, bar the one flag', async () => {
    await fc.assert(
      fc.asyncProperty(
        person,
        fc.array(fc.record({ p: person, assignee: fc.nat(2) }), { maxLength: 3 }),
        fc.record({ spelling: fc.nat(3), nationality: fc.constantFrom(...NATIONALITIES) }),
        fc.constantFrom('another person' as const, 'another birth date' as const),
        fc.boolean(),
        fc.boolean(),
        async (probe, heldByB, matchingAs, unlike, phoneShared, matchingFirst) => {
          const caller = callers[runs++ % callers.length];
          const [givenName, familyName, nativeName] = spellingOf(probe);
          const query: Record<string, string> = Object.fromEntries(
            Object.entries({
              givenName,
              familyName,
              nativeName: nativeName ?? '',
              dateOfBirth: probe.dob ?? '',
              phone: probe.phone ?? '',
              nationality: probe.nationality,
            }).filter(([, v]) => v),
          );
          const inB = [];
          for (const { p, assignee } of heldByB)
            inB.push(
              await hold(p, teamB, assignee < caseworkersB.length ? caseworkersB[assignee] : null),
            );
          // Team A's client: the probe's person and birth date in another spelling, or not the same
          // person — either way possibly sharing the probe's phone.
          const matching = {
            ...matchingAs,
            who: probe.who,
            dob: probe.dob ?? BIRTH_DATES[0],
            phone: phoneShared ? probe.phone : null,
          };
          const nonMatching =
            unlike === 'another person'
              ? { ...matching, who: (probe.who + 1) % PEOPLE.length }
              : { ...matching, dob: BIRTH_DATES.find((d) => d !== matching.dob)! };
          const world = async (held: Person | null) => {
            const a = held && (await hold(held, teamA, null));
            try {
              return await observe(caller, query);
            } finally {
              if (a) await release(a);
            }
          };
          const [first, second] = matchingFirst
            ? [await world(matching), await world(nonMatching)]
            : [await world(nonMatching), await world(matching)];
          const [withMatch, withoutMatch] = matchingFirst ? [first, second] : [second, first];
          // And team A holding no one at all.
          const alone = await world(null);
          for (const b of inB) await release(b);

          expect(withMatch.seen).toEqual(withoutMatch.seen);
          if (withMatch.flag === withoutMatch.flag)
            expect(withMatch.length).toBe(withoutMatch.length);
          // A client that is not the same person changes nothing at all, not even the flag.
          expect({
            ...withoutMatch.seen,
            flag: withoutMatch.flag,
            length: withoutMatch.length,
          }).toEqual({ ...alone.seen, flag: alone.flag, length: alone.length });
          if (withMatch.flag && !withoutMatch.flag) flagged++;
        },
      ),
      { numRuns: 25 },
    );
    // Not vacuous: team A's matching client did raise the flag in some runs.
    expect(flagged).toBeGreaterThan(0);
  });
});
