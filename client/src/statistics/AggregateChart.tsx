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
import { useId } from 'react';
import {
  HIDDEN_KEY,
  barData,
  chartData,
  marginCharts,
  type ChartPoint,
  type MarginChart,
  type PresentedRow,
} from './statsTable';
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

type Translate = ReturnType<typeof useTranslate>;

/** The SVG pattern hidden bands are filled with (diagonal hatching), once per chart. */
const HatchPattern = ({ id, color }: { id: string; color: string }) => (
  <defs>
    <pattern
      id={id}
      patternUnits="userSpaceOnUse"
      width={8}
      height={8}
      patternTransform="rotate(45)"
    >
      <rect width={8} height={8} fill="transparent" />
      <line x1={0} y1={0} x2={0} y2={8} stroke={color} strokeWidth={3} />
    </pattern>
  </defs>
);

interface BandProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  payload?: ChartPoint;
}

/**
 * A hidden count's band: hatched, outlined with a dashed line and labelled "hidden" — read as
 * "not known", never as a value (its height is the tallest bar's, not a count).
 */
const hiddenBand =
  (fill: string, stroke: string, word: string) =>
  ({ x = 0, y = 0, width = 0, height = 0, payload }: BandProps) => {
    if (width <= 0 || height <= 0) return <g />;
    const vertical = width < 44;
    const cx = x + width / 2;
    const cy = y + height / 2;
    return (
      <g data-testid="stat-chart-hidden-bar" data-label={payload?.label}>
        <rect
          x={x}
          y={y}
          width={width}
          height={height}
          fill={fill}
          fillOpacity={0.6}
          stroke={stroke}
          strokeDasharray="4 3"
        />
        <text
          x={cx}
          y={cy}
          textAnchor="middle"
          dominantBaseline="central"
          fontSize={11}
          fill={stroke}
          transform={vertical ? `rotate(-90 ${cx} ${cy})` : undefined}
        >
          {word}
        </text>
      </g>
    );
  };

/** The tooltip's line for a band: which series are hidden; for a count, the count. */
const tooltipFormatter =
  (translate: Translate, seriesName: (key: string) => string) =>
  (value: unknown, name: unknown, item: { dataKey?: unknown; payload?: ChartPoint }) => {
    if (item.dataKey !== HIDDEN_KEY) return [String(value), String(name)];
    const hidden = item.payload?.hiddenSeries ?? [];
    const which = hidden.filter((key) => key !== 'count').map(seriesName);
    return [which.join(', ') || translate('haven.statistics.hidden_label'), String(name)];
  };

/**
 * Two dimensions' cells as bars: by the first dimension, stacked by the second. Hidden counts are
 * drawn as a hatched band beside the stack (naming the hidden series), never as a zero.
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
  const patternId = `stat-hatch-${useId().replace(/:/g, '')}`;
  const { points, series, hidden } = chartData(rows, dimensions);
  const labelled = points.map((point) => ({
    ...point,
    label: valueLabel(dimensions[0], String(point.label), translate, locale),
  }));
  const seriesName = (key: string) =>
    key === 'count'
      ? translate(`haven.statistics.units.${unit}`)
      : valueLabel(dimensions[1], key, translate, locale);
  const hiddenName = translate('haven.statistics.chart_hidden_legend');
  const grey = theme.palette.text.secondary;
  return (
    <Box sx={{ width: '100%', height: 320 }} data-testid="stat-chart-crossed" aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          accessibilityLayer={false}
          data={labelled}
          margin={{ top: 8, right: 16, bottom: 24, left: 0 }}
        >
          <HatchPattern id={patternId} color={grey} />
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
          <Tooltip
            cursor={{ fill: theme.palette.action.hover }}
            formatter={tooltipFormatter(translate, seriesName) as never}
          />
          {(series.length > 1 || hidden > 0) && <Legend />}
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
          {hidden > 0 && (
            <Bar
              dataKey={HIDDEN_KEY}
              name={hiddenName}
              stackId="hidden"
              fill={`url(#${patternId})`}
              stroke={grey}
              shape={hiddenBand(
                `url(#${patternId})`,
                grey,
                translate('haven.statistics.hidden_label'),
              )}
              isAnimationActive={false}
            />
          )}
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
};

/** One dimension's margin as bars; a hidden count is a hatched band labelled "hidden". */
export const MarginBarChart = ({ chart, unit }: { chart: MarginChart; unit: StatUnit }) => {
  const theme = useTheme();
  const translate = useTranslate();
  const locale = useDateLocale();
  const patternId = `stat-hatch-${useId().replace(/:/g, '')}`;
  const bars = barData(chart.points);
  const data = bars.points.map((point) => ({
    ...point,
    label: valueLabel(chart.dimension, point.label, translate, locale),
  }));
  const unitName = translate(`haven.statistics.units.${unit}`);
  const seriesName = () => unitName;
  const grey = theme.palette.text.secondary;
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
            <BarChart
              accessibilityLayer={false}
              data={data}
              margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
            >
              <HatchPattern id={patternId} color={grey} />
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
              <Tooltip
                cursor={{ fill: theme.palette.action.hover }}
                formatter={tooltipFormatter(translate, seriesName) as never}
              />
              <Bar
                dataKey="count"
                name={unitName}
                stackId="bar"
                fill={theme.palette.primary.main}
                isAnimationActive={false}
              />
              {bars.hidden > 0 && (
                <Bar
                  dataKey={HIDDEN_KEY}
                  name={translate('haven.statistics.chart_hidden_legend')}
                  stackId="bar"
                  fill={`url(#${patternId})`}
                  stroke={grey}
                  shape={hiddenBand(
                    `url(#${patternId})`,
                    grey,
                    translate('haven.statistics.hidden_label'),
                  )}
                  isAnimationActive={false}
                />
              )}
            </BarChart>
          </ResponsiveContainer>
        </Box>
      )}
      {chart.hidden > 0 && data.length > 0 && (
        <Typography variant="caption" color="text.secondary" data-testid="stat-chart-hidden-note">
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
