/**
 * What a microdata download says about itself. JSON carries k, the period the opening dates were
 * coarsened to, and how many records were withheld; CSV carries only the rows.
 */
export interface MicrodataSummary {
  format: 'json' | 'csv';
  rows: number;
  k: number | null;
  period: string | null;
  withheld: number | null;
}

export function microdataSummary(text: string, format: 'json' | 'csv'): MicrodataSummary {
  if (format === 'csv') {
    const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
    return { format, rows: Math.max(0, lines.length - 1), k: null, period: null, withheld: null };
  }
  const parsed = JSON.parse(text) as {
    k?: unknown;
    period?: unknown;
    withheld?: unknown;
    data?: unknown;
  };
  return {
    format,
    rows: Array.isArray(parsed.data) ? parsed.data.length : 0,
    k: typeof parsed.k === 'number' ? parsed.k : null,
    period: typeof parsed.period === 'string' ? parsed.period : null,
    withheld: typeof parsed.withheld === 'number' ? parsed.withheld : null,
  };
}
