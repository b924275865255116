import type { Evidence } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { diffCounts, evidenceText, sideBySide, splitLines, wordSegments } from './revisionDiff';

const text = (segments: { text: string }[]) => segments.map((s) => s.text).join('');
const changed = (segments: { text: string; changed: boolean }[]) =>
  segments
    .filter((s) => s.changed)
    .map((s) => s.text.trim())
    .filter(Boolean);

describe('side-by-side revision comparison', () => {
  it('shows identical texts as unchanged lines, numbered on both sides', () => {
    const rows = sideBySide('one\ntwo', 'one\ntwo');
    expect(rows.map((r) => [r.left.kind, r.left.number, r.right.kind, r.right.number])).toEqual([
      ['same', 1, 'same', 1],
      ['same', 2, 'same', 2],
    ]);
    expect(diffCounts(rows)).toEqual({ added: 0, removed: 0 });
  });

  it('pairs a changed line with its new version and marks the changed words', () => {
    const rows = sideBySide(
      'He received a paper summons.\nHe left in October.',
      'He received an electronic summons.\nHe left in October.',
    );
    expect(rows).toHaveLength(2);
    const [first, second] = rows;
    expect(first.left.kind).toBe('removed');
    expect(first.right.kind).toBe('added');
    expect(text(first.left.segments)).toBe('He received a paper summons.');
    expect(text(first.right.segments)).toBe('He received an electronic summons.');
    expect(changed(first.left.segments)).toEqual(['a paper']);
    expect(changed(first.right.segments)).toEqual(['an electronic']);
    expect(second.left.kind).toBe('same');
    expect(diffCounts(rows)).toEqual({ added: 1, removed: 1 });
  });

  it('puts a blank opposite an added or a removed line', () => {
    const added = sideBySide('a\nc', 'a\nb\nc');
    expect(added.map((r) => [r.left.kind, r.right.kind])).toEqual([
      ['same', 'same'],
      ['blank', 'added'],
      ['same', 'same'],
    ]);
    expect(added[1].right.number).toBe(2);
    expect(added[2].left.number).toBe(2);
    expect(added[2].right.number).toBe(3);

    const removed = sideBySide('a\nb\nc', 'a\nc');
    expect(removed.map((r) => [r.left.kind, r.right.kind])).toEqual([
      ['same', 'same'],
      ['removed', 'blank'],
      ['same', 'same'],
    ]);
  });

  it('handles empty texts and Windows line ends', () => {
    expect(sideBySide('', '')).toEqual([]);
    expect(sideBySide('', 'new').map((r) => [r.left.kind, r.right.kind])).toEqual([
      ['blank', 'added'],
    ]);
    expect(splitLines('a\r\nb')).toEqual(['a', 'b']);
    expect(sideBySide('a\r\nb', 'a\nb').every((r) => r.left.kind === 'same')).toBe(true);
  });

  it('marks nothing as changed in words that stayed', () => {
    const { left, right } = wordSegments('same words here', 'same words here');
    expect(changed(left)).toEqual([]);
    expect(changed(right)).toEqual([]);
  });

  it('compares evidence as one line per item, in the interface language', () => {
    const evidence: Evidence[] = [
      {
        kind: 'summons_paper',
        description: 'Summons of 3 October',
        reference: 'binder 2',
        original: true,
        language: 'ru',
        translated: false,
      },
    ];
    const labels = { kind: (k: string) => k.toUpperCase(), original: 'orig', translated: 'tr' };
    expect(evidenceText(evidence, labels)).toBe(
      'SUMMONS_PAPER: Summons of 3 October ([binder 2], ru, orig)',
    );
    const rows = sideBySide(evidenceText([], labels), evidenceText(evidence, labels));
    expect(diffCounts(rows)).toEqual({ added: 1, removed: 0 });
  });
});
