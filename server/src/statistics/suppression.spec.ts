import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellNoise, PERTURBATION_TABLE } from '@haven/shared';
import type { AggregateSqlRow } from './statistics.queries.js';
import { MIN_K, protectTable } from './statistics.service.js';
import { suppress, type Cell } from './suppression.js';

/** The oracle: a full CUBE over records, computed naively. */
function cube(records: string[][]): { key: (string | null)[]; count: number }[] {
  const dims = records[0]?.length ?? 0;
  const counts = new Map<string, { key: (string | null)[]; count: number }>();
  for (const record of records) {
    for (let mask = 0; mask < 1 << dims; mask++) {
      const key = record.map((v, i) => (mask & (1 << i) ? null : v));
      const id = JSON.stringify(key);
      const cell = counts.get(id) ?? { key, count: 0 };
      cell.count++;
      counts.set(id, cell);
    }
  }
  return [...counts.values()];
}

function lines(cells: Cell[]) {
  const byKey = new Map(cells.map((c) => [JSON.stringify(c.key), c]));
  const result: { total: Cell; members: Cell[] }[] = [];
  const dims = cells[0]?.key.length ?? 0;
  for (let i = 0; i < dims; i++) {
    const groups = new Map<string, Cell[]>();
    for (const c of cells) {
      if (c.key[i] === null) continue;
      const k = JSON.stringify(c.key.map((v, j) => (j === i ? null : v)));
      groups.set(k, [...(groups.get(k) ?? []), c]);
    }
    for (const [k, members] of groups) result.push({ total: byKey.get(k)!, members });
  }
  return result;
}

const caseload = (dims: number) =>
  fc.array(
    fc.tuple(
      ...Array.from({ length: dims }, (_, i) =>
        fc.constantFrom(...['a', 'b', 'c', 'd', 'e'].slice(0, 2 + i)),
      ),
    ),
    { minLength: 1, maxLength: 300 },
  );

describe('suppress', () => {
  it('hides every count below k, and leaves no hidden cell recoverable by one subtraction', () => {
    for (const dims of [1, 2, 3]) {
      fc.assert(
        fc.property(caseload(dims), fc.integer({ min: 5, max: 10 }), (records, k) => {
          const cells = suppress(cube(records), k);
          for (const cell of cells)
            if (!cell.suppressed) expect(cell.count >= k || cell.count === 0).toBe(true);
          for (const line of lines(cells)) {
            if (line.total.suppressed) continue;
            expect(line.members.filter((m) => m.suppressed).length).not.toBe(1);
          }
        }),
        { numRuns: 150 },
      );
    }
  });

  it('hides the smallest other cell of the row (the secondary suppression that loses least)', () => {
    const cells = suppress(
      [
        { key: ['RU', 'DE'], count: 3 },
        { key: ['RU', 'FR'], count: 20 },
        { key: ['RU', 'PL'], count: 8 },
        { key: ['RU', null], count: 31 },
        { key: [null, 'DE'], count: 3 },
        { key: [null, 'FR'], count: 20 },
        { key: [null, 'PL'], count: 8 },
        { key: [null, null], count: 31 },
      ],
      5,
    );
    const hidden = cells.filter((c) => c.suppressed).map((c) => c.key.join('/'));
    expect(hidden.sort()).toEqual(['/DE', '/PL', 'RU/DE', 'RU/PL'].sort());
  });
});

describe('protectTable', () => {
  /** A key sum whose noise moves a count of `count` by exactly `noise`. */
  const keySumFor = (count: number, noise: number) => {
    for (let keySum = 0; keySum < PERTURBATION_TABLE.keyModulus; keySum += 997) {
      if (cellNoise(count, keySum) === noise) return String(keySum);
    }
    throw new Error(`no key sum gives ${noise}`);
  };
  const row = (d0: string | null, count: number, keysum: string): AggregateSqlRow => ({
    d0,
    grouping: d0 === null ? 1 : 0,
    count,
    keysum,
    recognised: 0,
    recognisedKeysum: '0',
    rejected: 0,
    rejectedKeysum: '0',
  });

  it('hides by the published count and k, so raising k never finds a true count', () => {
    // True 6, published 8; another cell of 40 keeps the margin from giving it away.
    const raw = [
      row('a', 6, keySumFor(6, 2)),
      row('b', 40, keySumFor(40, 0)),
      row(null, 46, keySumFor(46, 0)),
    ];
    const shownAt = (k: number) =>
      protectTable(raw, ['nationality'], k, null).find((r) => r.nationality === 'a')!;
    // Were the true count held to k, the cell would vanish at k = 7 (true + 1), telling 6.
    for (const k of [5, 6, 7, 8]) expect(shownAt(k)).toMatchObject({ count: 8, suppressed: false });
    expect(shownAt(9)).toMatchObject({ count: null, suppressed: true });
    // Below the fixed floor of 5 a true count is hidden whatever it is published as.
    const small = [row('a', 4, keySumFor(4, 2)), ...raw.slice(1)];
    expect(
      protectTable(small, ['nationality'], MIN_K, null).find((r) => r.nationality === 'a'),
    ).toMatchObject({ count: null, suppressed: true });
  });
});
