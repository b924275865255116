import type { AggregateRow } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { microdataSummary } from './microdata';
import {
  DEFAULT_SETTINGS,
  aggregateQuery,
  chartData,
  crossTab,
  hiddenCount,
  microdataQuery,
  presentRows,
  rowKind,
  suppressionNote,
  validateSettings,
} from './statsTable';

// As the server answers nationality × sex on the demo data (cells, then margins, then the total).
const TWO: AggregateRow[] = [
  { nationality: 'BY', sex: 'female', count: null, suppressed: true, recognitionRate: null },
  { nationality: 'BY', sex: 'male', count: null, suppressed: true, recognitionRate: null },
  { nationality: 'RU', sex: 'female', count: 7, suppressed: false, recognitionRate: null },
  { nationality: 'RU', sex: 'male', count: 27, suppressed: false, recognitionRate: 75 },
  { nationality: null, sex: 'female', count: 17, suppressed: false, recognitionRate: null },
  { nationality: null, sex: 'male', count: 35, suppressed: false, recognitionRate: null },
  { nationality: 'BY', sex: null, count: 5, suppressed: false, recognitionRate: null },
  { nationality: 'RU', sex: null, count: 34, suppressed: false, recognitionRate: null },
  { nationality: null, sex: null, count: 52, suppressed: false, recognitionRate: 80 },
];

describe('the aggregate query', () => {
  it('sends the dimensions, k and only the settings that are set', () => {
    expect(aggregateQuery(DEFAULT_SETTINGS).toString()).toBe('dimensions=nationality&k=5');
    expect(
      aggregateQuery(
        {
          dimensions: ['nationality', 'sex'],
          from: '2025-01-01',
          to: '2025-12-31',
          k: 10,
          round: 5,
        },
        'csv',
      ).toString(),
    ).toBe('dimensions=nationality%2Csex&from=2025-01-01&to=2025-12-31&k=10&round=5&format=csv');
    expect(microdataQuery(5, 'json').toString()).toBe('k=5');
    expect(microdataQuery(7, 'csv').toString()).toBe('k=7&format=csv');
  });

  it('checks the settings as the server does', () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual({});
    expect(validateSettings({ ...DEFAULT_SETTINGS, dimensions: [] }).dimensions).toBeDefined();
    expect(
      validateSettings({ ...DEFAULT_SETTINGS, dimensions: ['sex', 'stage', 'team', 'ground'] })
        .dimensions,
    ).toBeDefined();
    expect(validateSettings({ ...DEFAULT_SETTINGS, dimensions: ['sex', 'sex'] }).dimensions).toBe(
      'haven.statistics.errors.distinct',
    );
    expect(validateSettings({ ...DEFAULT_SETTINGS, k: 4 }).k).toBe('haven.statistics.errors.k');
    expect(validateSettings({ ...DEFAULT_SETTINGS, k: 5.5 }).k).toBeDefined();
    expect(validateSettings({ ...DEFAULT_SETTINGS, from: '2026-02-30' }).from).toBeDefined();
    expect(validateSettings({ ...DEFAULT_SETTINGS, from: '2026-03-01', to: '2026-02-01' }).to).toBe(
      'haven.statistics.errors.range',
    );
  });
});

describe('presenting the rows', () => {
  it('tells cells, margins and the grand total apart', () => {
    expect(rowKind(TWO[0], ['nationality', 'sex'])).toBe('cell');
    expect(rowKind(TWO[4], ['nationality', 'sex'])).toBe('margin');
    expect(rowKind(TWO[6], ['nationality', 'sex'])).toBe('margin');
    expect(rowKind(TWO[8], ['nationality', 'sex'])).toBe('total');
    expect(rowKind({ nationality: null, count: 52, suppressed: false }, ['nationality'])).toBe(
      'total',
    );
    expect(rowKind({ nationality: 'RU', count: 34, suppressed: false }, ['nationality'])).toBe(
      'cell',
    );
  });

  it('never shows a count for a hidden row, and says how many are hidden and why', () => {
    const rows = presentRows(TWO, ['nationality', 'sex']);
    expect(rows[0]).toMatchObject({
      values: ['BY', 'female'],
      count: null,
      suppressed: true,
      kind: 'cell',
    });
    expect(rows[3]).toMatchObject({ count: 27, recognitionRate: 75 });
    expect(hiddenCount(rows)).toBe(2);
    expect(suppressionNote(rows, 5)).toEqual({
      key: 'haven.statistics.hidden_note',
      args: { smart_count: 2, k: 5 },
    });
    expect(
      suppressionNote(
        rows.filter((row) => !row.suppressed),
        5,
      ),
    ).toBeNull();
    // Even a malformed row that is hidden but carries a count shows none.
    expect(
      presentRows([{ nationality: 'X', count: 3, suppressed: true }], ['nationality'])[0].count,
    ).toBeNull();
  });

  it('lays two dimensions out as a cross table with margins', () => {
    const table = crossTab(presentRows(TWO, ['nationality', 'sex']));
    expect(table.rowValues).toEqual(['BY', 'RU']);
    expect(table.columnValues).toEqual(['female', 'male']);
    expect(table.at('RU', 'male')?.count).toBe(27);
    expect(table.at('BY', 'male')?.suppressed).toBe(true);
    expect(table.at('RU', null)?.count).toBe(34);
    expect(table.at(null, 'female')?.count).toBe(17);
    expect(table.at(null, null)?.count).toBe(52);
  });

  it('charts shown counts only: stacked for two dimensions, margins for three', () => {
    const two = chartData(presentRows(TWO, ['nationality', 'sex']), ['nationality', 'sex']);
    expect(two.series).toEqual(['female', 'male']);
    expect(two.points).toEqual([{ label: 'BY' }, { label: 'RU', female: 7, male: 27 }]);

    const one = chartData(
      presentRows(
        [
          { nationality: 'RU', count: 34, suppressed: false },
          { nationality: 'BY', count: null, suppressed: true },
          { nationality: null, count: 52, suppressed: false },
        ],
        ['nationality'],
      ),
      ['nationality'],
    );
    expect(one).toEqual({ points: [{ label: 'RU', count: 34 }], series: ['count'] });

    const three = chartData(
      presentRows(
        [
          { a: 'x', b: 'y', c: 'z', count: 9, suppressed: false },
          { a: 'x', b: null, c: null, count: 12, suppressed: false },
          { a: null, b: null, c: null, count: 12, suppressed: false },
        ],
        ['a', 'b', 'c'],
      ),
      ['a', 'b', 'c'],
    );
    expect(three.points).toEqual([{ label: 'x', count: 12 }]);
  });
});

describe('the microdata summary', () => {
  it('reads k, period and the withheld count from a JSON download', () => {
    expect(
      microdataSummary(
        '{"k":5,"period":"year","withheld":52,"data":[{"id":"a"},{"id":"b"}]}',
        'json',
      ),
    ).toEqual({ format: 'json', rows: 2, k: 5, period: 'year', withheld: 52 });
  });

  it('counts CSV rows without the header', () => {
    expect(microdataSummary('id,ageBand\r\na,18-59\r\nb,18-59\r\n', 'csv')).toMatchObject({
      rows: 2,
      k: null,
    });
    expect(microdataSummary('id,ageBand\r\n', 'csv').rows).toBe(0);
  });
});
