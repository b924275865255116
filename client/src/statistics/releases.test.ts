import type { StatsRelease } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { releaseDownload, releaseRequest, releasedKs, sortReleases, validK } from './releases';

const release = (quarter: string, createdAt: string, k = 5): StatsRelease => ({
  id: `${quarter}-${k}`,
  quarter,
  k,
  rows: 120,
  createdAt,
});

describe('releases', () => {
  it('lists the newest quarter first', () => {
    const sorted = sortReleases([
      release('2025-Q4', '2026-01-05T10:00:00Z'),
      release('2026-Q1', '2026-04-02T10:00:00Z'),
      release('2025-Q4', '2026-02-01T10:00:00Z', 10),
    ]);
    expect(sorted.map((r) => r.id)).toEqual(['2026-Q1-5', '2025-Q4-10', '2025-Q4-5']);
  });

  it('knows the k of each released quarter', () => {
    const released = releasedKs([
      release('2025-Q4', '2026-01-05T10:00:00Z', 10),
      release('2025-Q4', '2026-01-06T10:00:00Z', 5),
      release('2025-Q3', '2025-10-06T10:00:00Z', 5),
    ]);
    expect(released.get('2025-Q4')).toEqual([5, 10]);
    expect(released.get('2025-Q3')).toEqual([5]);
    expect(released.has('2026-Q1')).toBe(false);
  });

  it('takes k as a whole number from 5', () => {
    expect(validK('5')).toBe(5);
    expect(validK(' 12 ')).toBe(12);
    expect(validK('4')).toBeNull();
    expect(validK('5.5')).toBeNull();
    expect(validK('')).toBeNull();
    expect(validK('1e3')).toBeNull();
    expect(validK('1001')).toBeNull();
  });

  it('asks for a release and its files as the contract names them', () => {
    expect(releaseRequest('2026-Q2', 5)).toEqual({ quarter: '2026-Q2', k: 5 });
    const csv = releaseDownload({ id: 'a/b', quarter: '2026-Q2', k: 5 }, 'csv');
    expect(csv.path).toBe('/stats/releases/a%2Fb/microdata');
    expect(csv.query.toString()).toBe('format=csv');
    expect(csv.fallbackName).toBe('haven-microdata-2026-Q2-k5.csv');
    expect(releaseDownload({ id: 'x', quarter: '2026-Q2', k: 7 }, 'json').query.toString()).toBe(
      'format=json',
    );
  });
});
