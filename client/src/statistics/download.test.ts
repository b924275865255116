import { describe, expect, it } from 'vitest';
import { filenameFrom } from './download';

describe('filenameFrom', () => {
  it('takes the name the server gives', () => {
    expect(filenameFrom('attachment; filename="haven-statistics-nationality.csv"', 'x.csv')).toBe(
      'haven-statistics-nationality.csv',
    );
    expect(filenameFrom('attachment; filename=plain.json', 'x.json')).toBe('plain.json');
    expect(
      filenameFrom("attachment; filename*=UTF-8''%D1%81%D0%B2%D0%BE%D0%B4%D0%BA%D0%B0.csv", 'x'),
    ).toBe('сводка.csv');
  });

  it('falls back, and never lets a name climb out of the download folder', () => {
    expect(filenameFrom(null, 'fallback.csv')).toBe('fallback.csv');
    expect(filenameFrom('inline', 'fallback.csv')).toBe('fallback.csv');
    expect(filenameFrom('attachment; filename="../../etc/passwd"', 'f')).toBe('.._.._etc_passwd');
    expect(filenameFrom('attachment; filename=".."', 'f')).toBe('f');
  });
});
