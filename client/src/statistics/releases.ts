import type { StatsRelease } from '@haven/shared';
import { MAX_K, MIN_K } from './statsTable';

/**
 * The pure side of microdata releases (`/api/stats/releases`): the order they are listed in, which
 * quarters already have one, the request that makes one and the name a download is saved under.
 */

export type ReleaseFormat = 'csv' | 'json';

/** Newest quarter first; for the same quarter, the newest release first. */
export function sortReleases(releases: readonly StatsRelease[]): StatsRelease[] {
  return [...releases].sort(
    (a, b) => b.quarter.localeCompare(a.quarter) || b.createdAt.localeCompare(a.createdAt),
  );
}

/**
 * The k of each quarter's releases, ascending (the form marks them). A release is one quarter at one
 * k: the server refuses the same pair again (409).
 */
export function releasedKs(releases: readonly StatsRelease[]): Map<string, number[]> {
  const byQuarter = new Map<string, number[]>();
  for (const release of releases) {
    const ks = byQuarter.get(release.quarter) ?? [];
    if (!ks.includes(release.k)) ks.push(release.k);
    byQuarter.set(release.quarter, ks);
  }
  for (const ks of byQuarter.values()) ks.sort((a, b) => a - b);
  return byQuarter;
}

/** Whether a typed k is one the server takes (a whole number from MIN_K to MAX_K). */
export function validK(text: string): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const k = Number(text);
  return Number.isInteger(k) && k >= MIN_K && k <= MAX_K ? k : null;
}

/** The body of `POST /api/stats/releases`. */
export function releaseRequest(quarter: string, k: number): { quarter: string; k: number } {
  return { quarter, k };
}

/** `GET /api/stats/releases/:id/microdata?format=…`: the path and query of one download. */
export function releaseDownload(
  release: Pick<StatsRelease, 'id' | 'quarter' | 'k'>,
  format: ReleaseFormat,
): { path: string; query: URLSearchParams; fallbackName: string } {
  return {
    path: `/stats/releases/${encodeURIComponent(release.id)}/microdata`,
    query: new URLSearchParams({ format }),
    fallbackName: `haven-microdata-${release.quarter}-k${release.k}.${format}`,
  };
}
