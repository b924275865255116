import {
  Box,
  Card,
  CardContent,
  Stack,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  useTheme,
  type SxProps,
  type Theme,
} from '@mui/material';
import type { ReactNode } from 'react';
import { Link, useNavigate, useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** A dashboard card with a heading. */
export const Section = ({
  title,
  children,
  action,
  testId,
  sx,
}: {
  title: string;
  children: ReactNode;
  action?: ReactNode;
  testId?: string;
  sx?: SxProps<Theme>;
}) => (
  <Card variant="outlined" sx={{ height: '100%', ...sx }} data-testid={testId}>
    <CardContent>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="h6" component="h2" sx={{ flex: 1, fontSize: '1.05rem' }}>
          {title}
        </Typography>
        {action}
      </Stack>
      {children}
    </CardContent>
  </Card>
);

/** A big number that opens the list it counts. */
export const Figure = ({
  label,
  value,
  to,
  color,
  testId,
}: {
  label: string;
  value: number;
  to: string;
  color?: 'error' | 'warning' | 'primary';
  testId?: string;
}) => (
  <Link
    to={to}
    underline="none"
    data-testid={testId}
    data-count={value}
    sx={{
      display: 'block',
      p: 1.5,
      borderRadius: 1,
      border: 1,
      borderColor: 'divider',
      minWidth: 120,
      '&:hover': { bgcolor: 'action.hover' },
    }}
  >
    <Typography
      variant="h4"
      component="span"
      sx={{ display: 'block', color: value > 0 && color ? `${color}.main` : 'text.primary' }}
    >
      {value}
    </Typography>
    <Typography variant="body2" color="text.secondary" component="span">
      {label}
    </Typography>
  </Link>
);

export const FigureRow = ({ children }: { children: ReactNode }) => (
  <Stack direction="row" spacing={1.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
    {children}
  </Stack>
);

export interface ChartBar {
  key: string;
  label: string;
  count: number;
  to: string;
}

/**
 * Counts as a bar chart whose bars open the list they count, with the same figures as links below
 * it (for keyboards and screen readers, and for exact numbers).
 */
export const CountChart = ({
  bars,
  testId,
  height = 220,
}: {
  bars: ChartBar[];
  testId?: string;
  height?: number;
}) => {
  const theme = useTheme();
  const navigate = useNavigate();
  const translate = useTranslate();
  const total = bars.reduce((sum, bar) => sum + bar.count, 0);
  return (
    <Box data-testid={testId}>
      {total > 0 ? (
        <Box sx={{ width: '100%', height }} aria-hidden>
          <ResponsiveContainer width="100%" height="100%">
            {/* Hidden from assistive technology (the links below say the same), so not focusable
                either: recharts' keyboard layer would be a focus stop inside aria-hidden. */}
            <BarChart
              accessibilityLayer={false}
              data={bars}
              margin={{ top: 8, right: 8, bottom: 8, left: -16 }}
            >
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis
                dataKey="label"
                interval={0}
                tick={{ fontSize: 11 }}
                angle={bars.length > 5 ? -30 : 0}
                textAnchor={bars.length > 5 ? 'end' : 'middle'}
                height={bars.length > 5 ? 60 : 30}
              />
              <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
              <Tooltip cursor={{ fill: theme.palette.action.hover }} />
              <Bar
                dataKey="count"
                name={translate('haven.dashboard.count')}
                fill={theme.palette.primary.main}
                cursor="pointer"
                isAnimationActive={false}
                onClick={(entry: { payload?: ChartBar }) => {
                  if (entry.payload) navigate(entry.payload.to);
                }}
              />
            </BarChart>
          </ResponsiveContainer>
        </Box>
      ) : (
        <Typography variant="body2" color="text.secondary">
          {translate('haven.dashboard.nothing')}
        </Typography>
      )}
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mt: 1 }}>
        {bars.map((bar) => (
          <Link
            key={bar.key}
            to={bar.to}
            variant="body2"
            data-testid={testId ? `${testId}-${bar.key}` : undefined}
            data-count={bar.count}
          >
            {bar.label}: {bar.count}
          </Link>
        ))}
      </Stack>
    </Box>
  );
};

/** A short list of records with a link each, and "see all" to the filtered list. */
export const ItemList = <T,>({
  items,
  render,
  empty,
  allTo,
  testId,
}: {
  items: T[];
  render: (item: T) => ReactNode;
  empty: string;
  allTo?: string;
  testId?: string;
}) => {
  const translate = useTranslate();
  return (
    <Box data-testid={testId}>
      {items.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {empty}
        </Typography>
      ) : (
        <Box component="ul" sx={{ listStyle: 'none', p: 0, m: 0 }}>
          {items.map((item, index) => (
            <Box
              component="li"
              key={index}
              sx={{ py: 0.5, borderBottom: 1, borderColor: 'divider' }}
              data-testid={testId ? `${testId}-item` : undefined}
            >
              {render(item)}
            </Box>
          ))}
        </Box>
      )}
      {allTo && items.length > 0 && (
        <Link to={allTo} variant="body2" sx={{ display: 'inline-block', mt: 1 }}>
          {translate('haven.dashboard.see_all')}
        </Link>
      )}
    </Box>
  );
};

/** The columns of a caseworker's load, as the caseload tables show them (dashboard and Caseload page). */
export const CASEWORKER_LOAD_COLUMNS = [
  'haven.dashboard.caseworker',
  'haven.dashboard.open_cases',
  'haven.dashboard.urgent_cases',
  'haven.dashboard.overdue_deadlines',
  'haven.dashboard.open_tasks',
  'haven.dashboard.overdue_tasks',
];

/** A load table's header: the first column names the row (a person, a team), the rest are counts. */
export const LoadTableHead = ({ columns }: { columns: string[] }) => {
  const translate = useTranslate();
  return (
    <TableHead>
      <TableRow>
        {columns.map((key, index) => (
          <TableCell key={key} align={index === 0 ? undefined : 'right'}>
            {translate(key)}
          </TableCell>
        ))}
      </TableRow>
    </TableHead>
  );
};
