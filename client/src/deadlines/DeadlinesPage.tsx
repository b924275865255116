import CalendarMonthIcon from '@mui/icons-material/CalendarMonth';
import ViewAgendaIcon from '@mui/icons-material/ViewAgenda';
import { Box, Tab, Tabs } from '@mui/material';
import { useStore, useTranslate } from 'react-admin';
import { CalendarSubscribePanel } from './CalendarSubscribePanel';
import { DeadlineAgenda } from './DeadlineAgenda';
import { MonthCalendar } from './MonthCalendar';

type View = 'agenda' | 'month';

/** Deadlines across the caller's cases: an agenda and a month, and the calendar feed. */
export const DeadlinesPage = () => {
  const translate = useTranslate();
  const [view, setView] = useStore<View>('deadlines.view', 'agenda');
  return (
    <Box sx={{ mt: { xs: 1, sm: 2 }, mb: 4 }}>
      <Tabs
        value={view}
        onChange={(_event, value: View) => setView(value)}
        aria-label={translate('haven.deadlines.view')}
        sx={{ mb: 1 }}
      >
        <Tab
          value="agenda"
          icon={<ViewAgendaIcon />}
          iconPosition="start"
          label={translate('haven.deadlines.agenda')}
          data-testid="deadlines-agenda-tab"
        />
        <Tab
          value="month"
          icon={<CalendarMonthIcon />}
          iconPosition="start"
          label={translate('haven.deadlines.month')}
          data-testid="deadlines-month-tab"
        />
      </Tabs>
      {view === 'month' ? <MonthCalendar /> : <DeadlineAgenda />}
      <CalendarSubscribePanel />
    </Box>
  );
};
