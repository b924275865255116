/**
 * Statistical disclosure control for aggregate tables (domain.md, Anonymised statistics).
 *
 * Cells are the rows of a GROUP BY CUBE: `key[i]` is a value of dimension i, or null where the
 * row is a total over that dimension. A *line* is a set of cells that differ only in dimension i,
 * together with its total (the cell with null at i): members add up to the total.
 *
 * 1. Primary suppression: every cell (margins included) with a count from 1 to k−1 is hidden.
 * 2. Secondary suppression: wherever a line's total is shown and exactly one member is hidden, that
 *    member could be recovered by one subtraction; so the smallest shown member of the line is
 *    hidden too (smallest, to lose as little information as possible). This repeats until no line
 *    with a shown total has exactly one hidden member — a fixpoint, since cells are only ever hidden.
 * This is the classic greedy heuristic used by τ-ARGUS's "hypercube" method family; it guarantees
 * the single-subtraction property tested here, not protection against every linear-algebra attack.
 */
export interface Cell {
  key: (string | null)[];
  count: number;
  suppressed: boolean;
}

const keyOf = (key: (string | null)[]) => JSON.stringify(key);

export function suppress(
  input: { key: (string | null)[]; count: number; hidden?: boolean }[],
  k: number,
): Cell[] {
  // Primary: given by the caller (from the true and the perturbed count), else a count below k.
  const cells: Cell[] = input.map((c) => ({
    key: c.key,
    count: c.count,
    suppressed: c.hidden ?? (c.count > 0 && c.count < k),
  }));
  if (cells.length === 0) return cells;
  const dims = cells[0].key.length;
  const byKey = new Map(cells.map((c) => [keyOf(c.key), c]));

  // Lines: for each dimension, members grouped by their key with that position blanked out.
  const lines: { total: Cell | undefined; members: Cell[] }[] = [];
  for (let i = 0; i < dims; i++) {
    const groups = new Map<string, Cell[]>();
    for (const cell of cells) {
      if (cell.key[i] === null) continue;
      const lineKey = keyOf(cell.key.map((v, j) => (j === i ? null : v)));
      const group = groups.get(lineKey) ?? [];
      group.push(cell);
      groups.set(lineKey, group);
    }
    for (const [lineKey, members] of groups) lines.push({ total: byKey.get(lineKey), members });
  }

  for (let changed = true; changed;) {
    changed = false;
    for (const line of lines) {
      if (!line.total || line.total.suppressed) continue;
      const hidden = line.members.filter((m) => m.suppressed).length;
      if (hidden !== 1) continue;
      const candidates = line.members
        .filter((m) => !m.suppressed)
        .sort((a, b) => a.count - b.count || keyOf(a.key).localeCompare(keyOf(b.key)));
      const victim = candidates[0] ?? line.total;
      victim.suppressed = true;
      changed = true;
    }
  }
  return cells;
}

/** Rounds a shown count to the nearest multiple of `base` (Eurostat/EUAA convention). */
export function roundTo(count: number, base: number | null): number {
  return base ? Math.round(count / base) * base : count;
}
