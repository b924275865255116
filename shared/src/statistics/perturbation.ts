import type { PerturbationTable } from './statistics.types.js';

/**
 * The published perturbation table of Haven's cell-key method (the Australian Bureau of Statistics'
 * TableBuilder method, also the 2021 EU census's): noise of at most ±2 with zero mean for every
 * count; variance 0.8 (a count of 1: 0.7, since it cannot go below 0). Changing it changes every
 * published number: it is part of the method, documented in the README and shown beside each table.
 */
export const PERTURBATION_TABLE: PerturbationTable = {
  keyModulus: 1_048_576,
  maxNoise: 2,
  variance: 0.8,
  varianceOfOne: 0.7,
  byCount: { 1: { '-1': 0.3, '0': 0.45, '1': 0.2, '2': 0.05 } },
  default: { '-2': 0.05, '-1': 0.2, '0': 0.5, '1': 0.2, '2': 0.05 },
};

/**
 * The noise of a cell from its true count and the sum of its records' keys: the cell key is that
 * sum modulo the table's modulus, as a fraction of it; the noise is the value whose cumulative
 * interval (in ascending order of the values) holds the cell key. An empty cell stays 0. The same
 * records give the same noise in any query.
 */
export function cellNoise(count: number, keySum: number | bigint | string): number {
  if (count <= 0) return 0;
  const table = PERTURBATION_TABLE;
  const modulus = BigInt(table.keyModulus);
  const key = Number(((BigInt(keySum) % modulus) + modulus) % modulus) / table.keyModulus;
  const row = table.byCount[count] ?? table.default;
  const values = Object.keys(row)
    .map(Number)
    .sort((a, b) => a - b);
  let cumulative = 0;
  for (const value of values) {
    cumulative += row[String(value)];
    if (key < cumulative) return value;
  }
  return values[values.length - 1];
}

/** The perturbed count of a cell: its count plus its noise, never below 0. */
export function perturb(count: number, keySum: number | bigint | string): number {
  return Math.max(0, count + cellNoise(count, keySum));
}
