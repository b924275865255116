import { diffArrays, diffWordsWithSpace } from 'diff';
import type { Evidence } from '@haven/shared';

/**
 * A side-by-side comparison of two texts (an earlier revision on the left, the current note on the
 * right), line by line, with the changed words of a changed line marked. Pure, for the history
 * dialog and its tests.
 */
export interface Segment {
  text: string;
  /** Removed (on the left) or added (on the right) within a changed line. */
  changed: boolean;
}

export type LineKind = 'same' | 'removed' | 'added' | 'blank';

export interface SideLine {
  kind: LineKind;
  /** 1-based line number in its own text; null for a blank filler. */
  number: number | null;
  segments: Segment[];
}

export interface DiffRow {
  left: SideLine;
  right: SideLine;
}

const BLANK: SideLine = { kind: 'blank', number: null, segments: [] };

export function splitLines(text: string): string[] {
  if (!text) return [];
  return text.replace(/\r\n?/g, '\n').split('\n');
}

/** Word-level marks for a line that was changed (a removed line paired with an added one). */
export function wordSegments(before: string, after: string): { left: Segment[]; right: Segment[] } {
  const left: Segment[] = [];
  const right: Segment[] = [];
  for (const part of diffWordsWithSpace(before, after)) {
    if (part.added) right.push({ text: part.value, changed: true });
    else if (part.removed) left.push({ text: part.value, changed: true });
    else {
      left.push({ text: part.value, changed: false });
      right.push({ text: part.value, changed: false });
    }
  }
  return { left: coalesce(left), right: coalesce(right) };
}

/** "a paper" reads as one change, not two words with an unchanged space between them. */
function coalesce(segments: Segment[]): Segment[] {
  const marked = segments.map((segment, index) => {
    const between =
      !segment.changed &&
      segment.text.trim() === '' &&
      segments[index - 1]?.changed === true &&
      segments[index + 1]?.changed === true;
    return between ? { ...segment, changed: true } : segment;
  });
  const merged: Segment[] = [];
  for (const segment of marked) {
    const last = merged[merged.length - 1];
    if (last && last.changed === segment.changed) last.text += segment.text;
    else merged.push({ ...segment });
  }
  return merged;
}

export function sideBySide(before: string, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let leftNumber = 0;
  let rightNumber = 0;
  const parts = diffArrays(splitLines(before), splitLines(after));
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part.added && !part.removed) {
      for (const line of part.value) {
        rows.push({
          left: { kind: 'same', number: ++leftNumber, segments: [{ text: line, changed: false }] },
          right: {
            kind: 'same',
            number: ++rightNumber,
            segments: [{ text: line, changed: false }],
          },
        });
      }
      continue;
    }
    // A removal followed by an addition is a change: pair the lines so that they sit side by side.
    const removed = part.removed ? part.value : [];
    const next = parts[i + 1];
    const added = part.added ? part.value : next?.added ? next.value : [];
    if (part.removed && next?.added) i++;
    const length = Math.max(removed.length, added.length);
    for (let j = 0; j < length; j++) {
      const old = removed[j];
      const now = added[j];
      if (old !== undefined && now !== undefined) {
        const words = wordSegments(old, now);
        rows.push({
          left: { kind: 'removed', number: ++leftNumber, segments: words.left },
          right: { kind: 'added', number: ++rightNumber, segments: words.right },
        });
      } else if (old !== undefined) {
        rows.push({
          left: { kind: 'removed', number: ++leftNumber, segments: [{ text: old, changed: true }] },
          right: BLANK,
        });
      } else if (now !== undefined) {
        rows.push({
          left: BLANK,
          right: { kind: 'added', number: ++rightNumber, segments: [{ text: now, changed: true }] },
        });
      }
    }
  }
  return rows;
}

export function diffCounts(rows: DiffRow[]): { added: number; removed: number } {
  return {
    added: rows.filter((row) => row.right.kind === 'added').length,
    removed: rows.filter((row) => row.left.kind === 'removed').length,
  };
}

export interface EvidenceLabels {
  kind: (kind: string) => string;
  original: string;
  translated: string;
}

/** One evidence item as one comparable line, in the interface language. */
export function evidenceLine(item: Evidence, labels: EvidenceLabels): string {
  const details = [
    item.reference ? `[${item.reference}]` : null,
    item.language || null,
    item.original ? labels.original : null,
    item.translated ? labels.translated : null,
  ].filter(Boolean);
  return `${labels.kind(item.kind)}: ${item.description}${details.length ? ` (${details.join(', ')})` : ''}`;
}

export function evidenceText(items: Evidence[], labels: EvidenceLabels): string {
  return items.map((item) => evidenceLine(item, labels)).join('\n');
}
