import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import {
  Alert,
  Box,
  Button,
  Chip,
  FormControlLabel,
  IconButton,
  Paper,
  Stack,
  Switch,
  Tooltip,
  Typography,
} from '@mui/material';
import type { DeadlineResponse } from '@haven/shared';
import { useMemo, useState } from 'react';
import { Title, useGetList, useRedirect, useTranslate } from 'react-admin';
import { URGENCY_COLOR, firstDayOfWeek, localDay, urgency } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';
import { caseDeadlinesPath } from './DeadlineAgenda';
import { byDay, gridRange, monthGrid, shiftMonth, weekdayOrder } from './calendarGrid';

const MAX_PER_CELL = 3;
const PAGE = 100;

/** A month of deadlines; each one opens its case. Weeks start where the user's locale starts them. */
export const MonthCalendar = () => {
  const translate = useTranslate();
  const redirect = useRedirect();
  const locale = useDateLocale();
  const today = localDay();
  const [{ year, month }, setMonth] = useState(() => ({
    year: Number(today.slice(0, 4)),
    month: Number(today.slice(5, 7)),
  }));
  const [openOnly, setOpenOnly] = useState(true);
  const weekStartsOn = firstDayOfWeek(locale);
  const grid = useMemo(() => monthGrid(year, month, weekStartsOn), [year, month, weekStartsOn]);
  const { from, to } = gridRange(grid);
  const {
    data = [],
    total = 0,
    isPending,
    error,
  } = useGetList<DeadlineResponse>('deadlines', {
    pagination: { page: 1, perPage: PAGE },
    sort: { field: 'dueOn', order: 'ASC' },
    filter: { dueOn_gte: from, dueOn_lte: to, ...(openOnly ? { status: 'open' } : {}) },
  });
  const days = useMemo(() => byDay(data), [data]);

  const monthName = new Intl.DateTimeFormat(locale, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, 1)));
  const weekdayName = (iso: number) =>
    // 2024-01-01 was a Monday: day (iso - 1) after it has that ISO weekday.
    new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2024, 0, iso)),
    );

  return (
    <Box data-testid="month-calendar">
      <Title title="haven.deadlines.title" />
      <Stack
        direction="row"
        spacing={1}
        sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap' }}
        useFlexGap
      >
        <Tooltip title={translate('haven.deadlines.previous_month')}>
          <IconButton
            aria-label={translate('haven.deadlines.previous_month')}
            onClick={() => setMonth(shiftMonth(year, month, -1))}
          >
            <ChevronLeftIcon />
          </IconButton>
        </Tooltip>
        <Typography
          variant="h6"
          component="h2"
          sx={{ minWidth: 180, textAlign: 'center' }}
          aria-live="polite"
        >
          {monthName}
        </Typography>
        <Tooltip title={translate('haven.deadlines.next_month')}>
          <IconButton
            aria-label={translate('haven.deadlines.next_month')}
            onClick={() => setMonth(shiftMonth(year, month, 1))}
          >
            <ChevronRightIcon />
          </IconButton>
        </Tooltip>
        <Button
          size="small"
          onClick={() =>
            setMonth({ year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) })
          }
        >
          {translate('haven.dates.today')}
        </Button>
        <FormControlLabel
          sx={{ ml: 'auto' }}
          control={
            <Switch checked={openOnly} onChange={(event) => setOpenOnly(event.target.checked)} />
          }
          label={translate('haven.deadlines.open_only')}
        />
      </Stack>
      {error ? (
        <Alert severity="error">{translate(error.message, { _: error.message })}</Alert>
      ) : null}
      {total > PAGE && (
        <Alert severity="info" sx={{ mb: 1 }}>
          {translate('haven.deadlines.too_many', { shown: PAGE, total })}
        </Alert>
      )}
      <Box
        role="grid"
        aria-label={monthName}
        aria-busy={isPending}
        sx={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', gap: 0.5 }}
      >
        {/* Rows for assistive technology (a grid's cells live in rows); `display: contents`
            keeps the seven-column layout. */}
        <Box role="row" sx={{ display: 'contents' }}>
          {weekdayOrder(weekStartsOn).map((iso) => (
            <Typography
              key={iso}
              role="columnheader"
              variant="caption"
              color="text.secondary"
              sx={{ textAlign: 'center', fontWeight: 600 }}
            >
              {weekdayName(iso)}
            </Typography>
          ))}
        </Box>
        {grid.map((week) => (
          <Box key={week[0].day} role="row" sx={{ display: 'contents' }}>
            {week.map((cell) => {
              const items = days.get(cell.day) ?? [];
              const isToday = cell.day === today;
              return (
                <Paper
                  key={cell.day}
                  role="gridcell"
                  variant="outlined"
                  data-day={cell.day}
                  sx={{
                    minHeight: { xs: 56, sm: 96 },
                    p: 0.5,
                    // Days of the next and previous month: a tinted cell, text at full contrast.
                    bgcolor: cell.inMonth ? undefined : 'action.hover',
                    borderColor: isToday ? 'primary.main' : undefined,
                    borderWidth: isToday ? 2 : 1,
                    overflow: 'hidden',
                  }}
                >
                  <Typography
                    variant="caption"
                    component="div"
                    color={cell.inMonth ? undefined : 'text.secondary'}
                    sx={{ fontWeight: isToday ? 700 : 400 }}
                    aria-current={isToday ? 'date' : undefined}
                  >
                    {Number(cell.day.slice(8))}
                  </Typography>
                  <Stack spacing={0.25}>
                    {items.slice(0, MAX_PER_CELL).map((item) => {
                      const level = urgency(item.dueOn, today, item.status);
                      return (
                        <Tooltip key={item.id} title={`${item.caseReference}: ${item.title}`}>
                          <Chip
                            size="small"
                            clickable
                            color={URGENCY_COLOR[level]}
                            variant={
                              level === 'later' || level === 'settled' ? 'outlined' : 'filled'
                            }
                            label={item.caseReference}
                            onClick={() => redirect(caseDeadlinesPath(item.caseId))}
                            sx={{
                              maxWidth: '100%',
                              textDecoration: item.status === 'open' ? undefined : 'line-through',
                            }}
                          />
                        </Tooltip>
                      );
                    })}
                    {items.length > MAX_PER_CELL && (
                      <Typography variant="caption" color="text.secondary">
                        {translate('haven.deadlines.more', {
                          smart_count: items.length - MAX_PER_CELL,
                        })}
                      </Typography>
                    )}
                  </Stack>
                </Paper>
              );
            })}
          </Box>
        ))}
      </Box>
      {!isPending && data.length === 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {translate('haven.deadlines.empty_month')}
        </Typography>
      )}
    </Box>
  );
};
