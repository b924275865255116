import type { TestApp } from './harness.js';

/** A small deterministic generator (mulberry32): a failing run is replayed by its seed. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  return { next, int, pick };
}

export type Random = ReturnType<typeof random>;

/** The caseworkers of a team, in id order. */
export async function caseworkersOf(t: TestApp, teamId: string): Promise<string[]> {
  const rows = await t.dataSource.query<{ id: string }[]>(
    `SELECT id FROM app_user WHERE team_id = $1 AND role = 'caseworker' ORDER BY id`,
    [teamId],
  );
  return rows.map((row) => row.id);
}

/**
 * The random writes that move a case between people and teams, as the kept lists' tests drive
 * them: each returns whether it wrote anything.
 */
export function caseMoves(
  t: TestApp,
  rng: Random,
  liveCases: () => Promise<{ id: string; team_id: string }[]>,
  teams: ReadonlyMap<string, string>,
) {
  return {
    // To another caseworker of its team, or to nobody.
    reassign: async () => {
      const cases = await liveCases();
      if (cases.length === 0) return false;
      const chosen = rng.pick(cases);
      const within = await caseworkersOf(t, chosen.team_id);
      const to = rng.next() < 0.25 || within.length === 0 ? null : rng.pick(within);
      await t.dataSource.query(`UPDATE legal_case SET assigned_to_id = $2 WHERE id = $1`, [
        chosen.id,
        to,
      ]);
      return true;
    },
    // To another team, to one of its caseworkers or to nobody.
    moveTeam: async () => {
      const cases = await liveCases();
      if (cases.length === 0) return false;
      const chosen = rng.pick(cases);
      const team = rng.pick([...teams.values()]);
      const within = await caseworkersOf(t, team);
      await t.dataSource.query(
        `UPDATE legal_case SET team_id = $2, assigned_to_id = $3 WHERE id = $1`,
        [chosen.id, team, within.length > 0 && rng.next() < 0.5 ? rng.pick(within) : null],
      );
      return true;
    },
  };
}
