import { randomUUID } from 'node:crypto';
import { SEXES } from '@haven/shared';
import type { TestApp } from './harness.js';

/**
 * Seeded randomness for the statistics property tests: the same seed gives the same caseload and
 * the same writes, so a failure can be replayed.
 */
export function generator(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(values: readonly T[]): T => values[int(values.length)];
  const day = (from: number, span: number) =>
    new Date(Date.UTC(2023, 0, 1) + (from + int(span)) * 86_400_000).toISOString().slice(0, 10);
  return { int, pick, day, chance: (p: number) => next() < p };
}
export type Generator = ReturnType<typeof generator>;

/** An intake's consent: none (a fifth), with or without consent to anonymised statistics. */
export const consentOf = (g: Generator) =>
  g.chance(0.2)
    ? null
    : {
        scopes: g.chance(0.6)
          ? ['data_processing', 'anonymised_statistics']
          : ['data_processing', 'legal_representation'],
        givenOn: '2024-01-02',
        language: 'ru',
      };

/**
 * A client written straight into the table (as the seed does), of a random birth date (or none),
 * sex, one of `nationalities`, and consent; named `name` so a failing test shows whose it is.
 */
export async function plantClient(
  t: TestApp,
  g: Generator,
  nationalities: readonly string[],
  name: [given: string, family: string],
): Promise<string> {
  const id = randomUUID();
  await t.dataSource.query(
    `INSERT INTO client (id, reference, given_name, family_name, date_of_birth, sex, nationality, consent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      id,
      `CL-RU-${id.slice(0, 13)}`,
      name[0],
      name[1],
      g.chance(0.15) ? null : g.day(-30_000, 29_000),
      g.pick(SEXES),
      g.pick(nationalities),
      consentOf(g),
    ],
  );
  return id;
}
