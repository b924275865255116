import { describe, expect, it } from 'vitest';
import { LABELS } from './labels.js';
import { FontStack, parseUnicodeRanges } from './pdf-fonts.js';
import { ZipNames, documentFileName, safeSegment } from './zip-names.js';

describe('archive names', () => {
  it('keep letters of every script and drop what could leave the folder or mislead', () => {
    expect(safeSegment('Решение BAMF', 'x')).toBe('Решение BAMF');
    expect(safeSegment('ተስፋይ', 'x')).toBe('ተስፋይ');
    expect(safeSegment('../../etc/passwd', 'x')).toBe('_._etc_passwd');
    expect(safeSegment('a\\b/c:d*e?f"g<h>i|j', 'x')).toBe('a_b_c_d_e_f_g_h_i_j');
    expect(safeSegment('\u202egnp.exe', 'x')).toBe('gnp.exe');
    expect(safeSegment(' .. ', 'fallback')).toBe('fallback');
    expect(safeSegment('CON', 'fallback')).toBe('fallback');
    expect(safeSegment('x'.repeat(500), 'y')).toHaveLength(80);
  });

  it('name a document by its uploaded name, else its title, with its type’s extension', () => {
    const base = { title: 'Decision', kind: 'decision', createdAt: new Date('2026-03-01') };
    expect(documentFileName({ ...base, fileName: 'scan.PDF', mime: 'application/pdf' })).toBe(
      'scan.pdf',
    );
    expect(documentFileName({ ...base, fileName: null, mime: 'image/jpeg' })).toBe('Decision.jpg');
    expect(documentFileName({ ...base, fileName: null, title: '..', mime: 'text/plain' })).toBe(
      'decision-2026-03-01.txt',
    );
  });

  it('keep duplicates apart, blind to case', () => {
    const names = new ZipNames();
    expect(names.take('documents/HV-1', 'scan.pdf')).toBe('documents/HV-1/scan.pdf');
    expect(names.take('documents/HV-1', 'Scan.pdf')).toBe('documents/HV-1/Scan (2).pdf');
    expect(names.take('documents/HV-1', 'scan.pdf')).toBe('documents/HV-1/scan (3).pdf');
    expect(names.take('documents/HV-2', 'scan.pdf')).toBe('documents/HV-2/scan.pdf');
    expect(names.take('documents/../x', 'a.pdf')).toBe('documents/folder/x/a.pdf');
  });
});

describe('the summary’s fonts', () => {
  it('read Fontsource’s unicode ranges', () => {
    expect(parseUnicodeRanges('U+0000-00FF,U+0131')).toEqual([
      [0, 0xff],
      [0x131, 0x131],
    ]);
  });

  it('cut mixed text into runs of a face that has each script', () => {
    const stack = FontStack.load();
    const runs = stack.runs('Name: Дмитрий ተስፋይ ገብረሚካኤል');
    expect(runs.map((run) => run.text)).toEqual(['Name: ', 'Дмитрий ', 'ተስፋይ ገብረሚካኤል']);
    expect(runs.map((run) => run.font)).toEqual([
      'noto-sans-latin-400',
      'noto-sans-cyrillic-400',
      'noto-sans-ethiopic-ethiopic-400',
    ]);
    expect(stack.runs('Ё', 700)).toEqual([{ font: 'noto-sans-cyrillic-700', text: 'Ё' }]);
    expect(stack.runs('')).toEqual([]);
  });
});

describe('labels', () => {
  it('are in both languages for the same codes', () => {
    const en = LABELS.en as Record<string, Record<string, string>>;
    const ru = LABELS.ru as Record<string, Record<string, string>>;
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    for (const group of Object.keys(en))
      expect(Object.keys(ru[group]).sort(), group).toEqual(Object.keys(en[group]).sort());
  });
});
