import { describe, expect, it } from 'vitest';
import { PERTURBATION_TABLE, cellNoise, perturb } from './perturbation.js';

const rows = [
  ...Object.entries(PERTURBATION_TABLE.byCount).map(
    ([count, row]) => [Number(count), row] as const,
  ),
  [99, PERTURBATION_TABLE.default] as const,
];

describe('the perturbation table', () => {
  it.each(rows)(
    'for a count of %i: sums to 1, zero mean, the documented variance and bound',
    (count, row) => {
      const entries = Object.entries(row).map(([value, p]) => [Number(value), p] as const);
      expect(entries.reduce((sum, [, p]) => sum + p, 0)).toBeCloseTo(1, 12);
      expect(entries.reduce((sum, [value, p]) => sum + value * p, 0)).toBeCloseTo(0, 12);
      const variance = entries.reduce((sum, [value, p]) => sum + value * value * p, 0);
      expect(variance).toBeCloseTo(
        count === 1 ? PERTURBATION_TABLE.varianceOfOne : PERTURBATION_TABLE.variance,
        12,
      );
      for (const [value] of entries) {
        expect(Math.abs(value)).toBeLessThanOrEqual(PERTURBATION_TABLE.maxNoise);
        expect(count + value).toBeGreaterThanOrEqual(0);
      }
    },
  );
});

describe('cellNoise', () => {
  const M = PERTURBATION_TABLE.keyModulus;

  it('follows the table: the cell key picks the value whose cumulative interval holds it', () => {
    // Default row in ascending order: -2 [0, .05), -1 [.05, .25), 0 [.25, .75), 1 [.75, .95), 2 [.95, 1).
    expect(cellNoise(10, 0)).toBe(-2);
    expect(cellNoise(10, Math.floor(0.1 * M))).toBe(-1);
    expect(cellNoise(10, Math.floor(0.5 * M))).toBe(0);
    expect(cellNoise(10, Math.floor(0.8 * M))).toBe(1);
    expect(cellNoise(10, M - 1)).toBe(2);
    // The key is the sum modulo M: the same noise for sums M apart, and for huge bigint sums.
    expect(cellNoise(10, Math.floor(0.8 * M) + 7 * M)).toBe(1);
    expect(cellNoise(10, (BigInt(M) * 123456789n + BigInt(Math.floor(0.1 * M))).toString())).toBe(
      -1,
    );
    // A count of 1 never goes below 0.
    expect(cellNoise(1, 0)).toBe(-1);
    expect(perturb(1, 0)).toBe(0);
  });

  it('leaves an empty cell empty, and averages to zero over uniform keys', () => {
    expect(cellNoise(0, 12345)).toBe(0);
    let sum = 0;
    const steps = 10_000;
    for (let i = 0; i < steps; i++) sum += cellNoise(20, Math.floor((i / steps) * M));
    expect(Math.abs(sum / steps)).toBeLessThan(0.01);
  });
});
