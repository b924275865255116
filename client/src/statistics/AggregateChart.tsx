import { Box, useTheme } from '@mui/material';
import { useTranslate } from 'react-admin';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useDateLocale } from '../common/useDateLocale';
import { chartData, type PresentedRow } from './statsTable';
import { valueLabel } from './valueLabels';

const PALETTE = [
  '#1565c0',
  '#ef6c00',
  '#2e7d32',
  '#6a1b9a',
  '#c62828',
  '#00838f',
  '#9e9d24',
  '#4e342e',
  '#ad1457',
  '#37474f',
];

/**
 * The table's counts as bars: by the first dimension, stacked by the second. Hidden counts are
 * not drawn (the table marks them).
 */
export const AggregateChart = ({
  rows,
  dimensions,
}: {
  rows: PresentedRow[];
  dimensions: string[];
}) => {
  const theme = useTheme();
  const translate = useTranslate();
  const locale = useDateLocale();
  const { points, series } = chartData(rows, dimensions);
  const labelled = points.map((point) => ({
    ...point,
    label: valueLabel(dimensions[0], String(point.label), translate, locale),
  }));
  const seriesName = (key: string) =>
    key === 'count'
      ? translate('haven.statistics.count')
      : valueLabel(dimensions[1], key, translate, locale);
  return (
    <Box sx={{ width: '100%', height: 320 }} data-testid="stat-chart" aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={labelled} margin={{ top: 8, right: 16, bottom: 24, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="label"
            interval={0}
            tick={{ fontSize: 11 }}
            angle={labelled.length > 6 ? -30 : 0}
            textAnchor={labelled.length > 6 ? 'end' : 'middle'}
            height={labelled.length > 6 ? 70 : 30}
          />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip cursor={{ fill: theme.palette.action.hover }} />
          {series.length > 1 && <Legend />}
          {series.map((key, index) => (
            <Bar
              key={key}
              dataKey={key}
              name={seriesName(key)}
              stackId={series.length > 1 ? 'stack' : undefined}
              fill={
                series.length > 1 ? PALETTE[index % PALETTE.length] : theme.palette.primary.main
              }
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
};
