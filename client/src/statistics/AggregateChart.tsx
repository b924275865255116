import { Box, Grid, Stack, Typography, useTheme } from '@mui/material';
import type { StatUnit } from '@haven/shared';
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
import { chartData, marginCharts, type MarginChart, type PresentedRow } from './statsTable';
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
 * Two dimensions' cells as bars: by the first dimension, stacked by the second. Hidden counts are
 * not drawn (the table marks them).
 */
export const AggregateChart = ({
  rows,
  dimensions,
  unit,
}: {
  rows: PresentedRow[];
  dimensions: string[];
  unit: StatUnit;
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
      ? translate(`haven.statistics.units.${unit}`)
      : valueLabel(dimensions[1], key, translate, locale);
  return (
    <Box sx={{ width: '100%', height: 320 }} data-testid="stat-chart-crossed" aria-hidden>
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

/** One dimension's margin as bars, with a word for the counts that are hidden and not drawn. */
export const MarginBarChart = ({ chart, unit }: { chart: MarginChart; unit: StatUnit }) => {
  const theme = useTheme();
  const translate = useTranslate();
  const locale = useDateLocale();
  const data = chart.points.map((point) => ({
    label: valueLabel(chart.dimension, point.value, translate, locale),
    count: point.count,
  }));
  const slanted = data.length > 5;
  return (
    <Box data-testid="stat-chart" data-dimension={chart.dimension}>
      <Typography variant="subtitle2" component="h4" gutterBottom>
        {translate('haven.statistics.chart_by', {
          dimension: translate(`haven.statistics.dimensions.${chart.dimension}`),
        })}
      </Typography>
      {data.length === 0 ? (
        <Box
          sx={{
            height: 220,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            border: 1,
            borderColor: 'divider',
            borderRadius: 1,
            borderStyle: 'dashed',
            px: 2,
          }}
        >
          <Typography variant="body2" color="text.secondary" data-testid="stat-chart-empty">
            {translate('haven.statistics.chart_empty')}
          </Typography>
        </Box>
      ) : (
        <Box sx={{ width: '100%', height: 220 }} aria-hidden>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis
                dataKey="label"
                interval={0}
                tick={{ fontSize: 10 }}
                angle={slanted ? -35 : 0}
                textAnchor={slanted ? 'end' : 'middle'}
                height={slanted ? 64 : 24}
              />
              <YAxis allowDecimals={false} tick={{ fontSize: 10 }} width={40} />
              <Tooltip cursor={{ fill: theme.palette.action.hover }} />
              <Bar
                dataKey="count"
                name={translate(`haven.statistics.units.${unit}`)}
                fill={theme.palette.primary.main}
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </Box>
      )}
      {chart.hidden > 0 && data.length > 0 && (
        <Typography variant="caption" color="text.secondary">
          {translate('haven.statistics.chart_hidden', { smart_count: chart.hidden })}
        </Typography>
      )}
    </Box>
  );
};

/**
 * The charts under a table (loaded on demand with recharts): one small chart per dimension from its
 * margin, and for two dimensions the cells stacked as well.
 */
const AggregateCharts = ({
  rows,
  dimensions,
  unit,
}: {
  rows: PresentedRow[];
  dimensions: string[];
  unit: StatUnit;
}) => {
  const translate = useTranslate();
  const charts = marginCharts(rows, dimensions);
  const name = (dimension: string) => translate(`haven.statistics.dimensions.${dimension}`);
  return (
    <Stack spacing={2} data-testid="stat-charts">
      <Grid container spacing={2}>
        {charts.map((chart) => (
          <Grid
            key={chart.dimension}
            size={{ xs: 12, md: charts.length === 1 ? 12 : 6, lg: 12 / charts.length }}
          >
            <MarginBarChart chart={chart} unit={unit} />
          </Grid>
        ))}
      </Grid>
      {dimensions.length === 2 && (
        <Box>
          <Typography variant="subtitle2" component="h4" gutterBottom>
            {translate('haven.statistics.chart_crossed', {
              first: name(dimensions[0]),
              second: name(dimensions[1]),
            })}
          </Typography>
          <AggregateChart rows={rows} dimensions={dimensions} unit={unit} />
        </Box>
      )}
    </Stack>
  );
};

export default AggregateCharts;
