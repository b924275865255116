import type { AggregateRow } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { microdataSummary } from './microdata';
import {
  DEFAULT_SETTINGS,
  aggregateQuery,
  allCellsHidden,
  isEmptyTable,
  marginCharts,
  barData,
  chartData,
  HIDDEN_KEY,
  crossTab,
  hiddenCount,
  microdataQuery,
  presentRows,
  rowKind,
  suppressionNote,
  validateSettings,
} from './statsTable';

/** A row as the server answers it: the dimensions' values, the count, and no rate by default. */
const row = (
  values: Record<string, string | null>,
  count: number | null,
  extra: Partial<AggregateRow> = {},
): AggregateRow => ({
  ...values,
  count,
  suppressed: count === null,
  recognised: null,
  rejected: null,
  recognitionRate: null,
  ...extra,
});

// As the server answers nationality × sex on the demo data (cells, then margins, then the total).
const TWO: AggregateRow[] = [
  row({ nationality: 'BY', sex: 'female' }, null),
  row({ nationality: 'BY', sex: 'male' }, null),
  row({ nationality: 'RU', sex: 'female' }, 7),
  row({ nationality: 'RU', sex: 'male' }, 27, { recognised: 15, rejected: 5, recognitionRate: 75 }),
  row({ nationality: null, sex: 'female' }, 17),
  row({ nationality: null, sex: 'male' }, 35),
  row({ nationality: 'BY', sex: null }, 5),
  row({ nationality: 'RU', sex: null }, 34),
  row({ nationality: null, sex: null }, 52, { recognised: 20, rejected: 5, recognitionRate: 80 }),
];

describe('the aggregate query', () => {
  it("sends exactly the contract's parameters: dimensions, months, unit, periodBy, k, round, format", () => {
    expect(aggregateQuery(DEFAULT_SETTINGS).toString()).toBe(
      'dimensions=nationality&unit=cases&periodBy=opened&k=5',
    );
    expect(
      aggregateQuery(
        {
          dimensions: ['nationality', 'decidedMonth'],
          from: '2025-01',
          to: '2025-12',
          periodBy: 'decided',
          unit: 'persons',
          k: 10,
          round: 5,
        },
        'csv',
      ).toString(),
    ).toBe(
      'dimensions=nationality%2CdecidedMonth&from=2025-01&to=2025-12&unit=persons&periodBy=decided&k=10&round=5&format=csv',
    );
    const keys = [
      ...aggregateQuery({ ...DEFAULT_SETTINGS, from: '2025-03', round: 10 }, 'csv').keys(),
    ];
    expect(keys.every((key) => CONTRACT_PARAMETERS.includes(key))).toBe(true);
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
    expect(validateSettings({ ...DEFAULT_SETTINGS, unit: 'people' as never }).unit).toBe(
      'haven.statistics.errors.unit',
    );
    expect(validateSettings({ ...DEFAULT_SETTINGS, periodBy: 'closed' as never }).periodBy).toBe(
      'haven.statistics.errors.period_by',
    );
  });

  it('takes whole months only: a day, a 13th month or free text is refused', () => {
    expect(validateSettings({ ...DEFAULT_SETTINGS, from: '2026-02', to: '2026-02' })).toEqual({});
    expect(validateSettings({ ...DEFAULT_SETTINGS, from: '2026-02-01' }).from).toBe(
      'haven.statistics.errors.month',
    );
    expect(validateSettings({ ...DEFAULT_SETTINGS, to: '2026-13' }).to).toBe(
      'haven.statistics.errors.month',
    );
    expect(validateSettings({ ...DEFAULT_SETTINGS, to: 'March' }).to).toBe(
      'haven.statistics.errors.month',
    );
    expect(validateSettings({ ...DEFAULT_SETTINGS, from: '2026-03', to: '2026-02' }).to).toBe(
      'haven.statistics.errors.range',
    );
  });
});

/** The query parameters of `GET /api/stats/aggregate` (api-contract.md, Statistics). */
const CONTRACT_PARAMETERS = [
  'dimensions',
  'from',
  'to',
  'unit',
  'periodBy',
  'k',
  'round',
  'format',
];

describe('presenting the rows', () => {
  it('tells cells, margins and the grand total apart', () => {
    expect(rowKind(TWO[0], ['nationality', 'sex'])).toBe('cell');
    expect(rowKind(TWO[4], ['nationality', 'sex'])).toBe('margin');
    expect(rowKind(TWO[6], ['nationality', 'sex'])).toBe('margin');
    expect(rowKind(TWO[8], ['nationality', 'sex'])).toBe('total');
    expect(rowKind(row({ nationality: null }, 52), ['nationality'])).toBe('total');
    expect(rowKind(row({ nationality: 'RU' }, 34), ['nationality'])).toBe('cell');
  });

  it('never shows a count for a hidden row, and says how many are hidden and why', () => {
    const rows = presentRows(TWO, ['nationality', 'sex']);
    expect(rows[0]).toMatchObject({
      values: ['BY', 'female'],
      count: null,
      suppressed: true,
      kind: 'cell',
    });
    expect(rows[3]).toMatchObject({ count: 27, recognised: 15, rejected: 5, recognitionRate: 75 });
    // A rate whose counts are not both shown is never shown.
    expect(
      presentRows(
        [row({ nationality: 'RU' }, 30, { recognised: 12, rejected: null, recognitionRate: 90 })],
        ['nationality'],
      )[0].recognitionRate,
    ).toBeNull();
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
      presentRows([row({ nationality: 'X' }, 3, { suppressed: true })], ['nationality'])[0].count,
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

  it('charts hidden counts as hatched bands, never as zero: stacked for two dimensions, margins for three', () => {
    const two = chartData(presentRows(TWO, ['nationality', 'sex']), ['nationality', 'sex']);
    expect(two.series).toEqual(['female', 'male']);
    // BY's two cells are hidden: a band as tall as the tallest stack (7 + 27), naming both.
    expect(two.points).toEqual([
      { label: 'BY', hiddenSeries: ['female', 'male'], [HIDDEN_KEY]: 34 },
      { label: 'RU', female: 7, male: 27 },
    ]);
    expect(two.hidden).toBe(2);
    // No hidden cell becomes a number of its own (a zero-height bar).
    expect(two.points[0]).not.toHaveProperty('female');
    expect(two.points[0]).not.toHaveProperty('male');

    const one = chartData(
      presentRows(
        [
          row({ nationality: 'RU' }, 34),
          row({ nationality: 'BY' }, null),
          row({ nationality: null }, 52),
        ],
        ['nationality'],
      ),
      ['nationality'],
    );
    expect(one).toEqual({
      points: [
        { label: 'RU', count: 34 },
        { label: 'BY', hiddenSeries: ['count'], [HIDDEN_KEY]: 34 },
      ],
      series: ['count'],
      hidden: 1,
    });

    const three = chartData(
      presentRows(
        [
          row({ a: 'x', b: 'y', c: 'z' }, 9),
          row({ a: 'x', b: null, c: null }, 12),
          row({ a: 'w', b: null, c: null }, null),
          row({ a: null, b: null, c: null }, 12),
        ],
        ['a', 'b', 'c'],
      ),
      ['a', 'b', 'c'],
    );
    expect(three.points).toEqual([
      { label: 'x', count: 12 },
      { label: 'w', hiddenSeries: ['count'], [HIDDEN_KEY]: 12 },
    ]);
  });

  it('draws a band of height 1 when every count is hidden, and none when none is', () => {
    expect(
      barData([
        { value: 'a', count: null },
        { value: 'b', count: null },
      ]).points,
    ).toEqual([
      { label: 'a', hiddenSeries: ['count'], [HIDDEN_KEY]: 1 },
      { label: 'b', hiddenSeries: ['count'], [HIDDEN_KEY]: 1 },
    ]);
    const shown = barData([{ value: 'a', count: 0 }]);
    expect(shown.points).toEqual([{ label: 'a', count: 0 }]);
    expect(shown.hidden).toBe(0);
  });
});

describe('empty and hidden tables, and a chart per dimension', () => {
  it('tells an empty table and one whose every cell is hidden', () => {
    expect(isEmptyTable([])).toBe(true);
    expect(isEmptyTable(presentRows([row({ sex: null }, 0)], ['sex']))).toBe(true);
    expect(isEmptyTable(presentRows(TWO, ['nationality', 'sex']))).toBe(false);
    expect(allCellsHidden(presentRows(TWO, ['nationality', 'sex']))).toBe(false);
    expect(
      allCellsHidden(presentRows([row({ sex: 'male' }, null), row({ sex: null }, 6)], ['sex'])),
    ).toBe(true);
  });

  it("charts each dimension's margin, hidden values included and counted", () => {
    const rows = presentRows(TWO, ['nationality', 'sex']);
    expect(marginCharts(rows, ['nationality', 'sex'])).toEqual([
      {
        index: 0,
        dimension: 'nationality',
        points: [
          { value: 'BY', count: 5 },
          { value: 'RU', count: 34 },
        ],
        hidden: 0,
      },
      {
        index: 1,
        dimension: 'sex',
        points: [
          { value: 'female', count: 17 },
          { value: 'male', count: 35 },
        ],
        hidden: 0,
      },
    ]);
    // One dimension: its cells are its margin.
    const one = presentRows(
      [row({ ground: 'religion' }, 12), row({ ground: 'race' }, null), row({ ground: null }, 40)],
      ['ground'],
    );
    expect(marginCharts(one, ['ground'])).toEqual([
      {
        index: 0,
        dimension: 'ground',
        points: [
          { value: 'religion', count: 12 },
          { value: 'race', count: null },
        ],
        hidden: 1,
      },
    ]);
    // Three dimensions: each margin totals over the other two.
    const three = presentRows(
      [
        row({ a: 'x', b: 'y', c: 'z' }, 9),
        row({ a: 'x', b: null, c: null }, 12),
        row({ a: null, b: 'y', c: null }, 11),
        row({ a: null, b: null, c: 'z' }, null),
        row({ a: 'x', b: 'y', c: null }, 10),
        row({ a: null, b: null, c: null }, 12),
      ],
      ['a', 'b', 'c'],
    );
    expect(
      marginCharts(three, ['a', 'b', 'c']).map((chart) => [chart.points, chart.hidden]),
    ).toEqual([
      [[{ value: 'x', count: 12 }], 0],
      [[{ value: 'y', count: 11 }], 0],
      [[{ value: 'z', count: null }], 1],
    ]);
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
