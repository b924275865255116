import EventAvailableIcon from '@mui/icons-material/EventAvailable';
import { Alert, AlertTitle, Box, Button, List, ListItem, ListItemText, Stack } from '@mui/material';
import type { CaseResponse } from '@haven/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useCanAccess, useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import { DueDate } from '../common/DayField';
import { formatDay } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';
import type { HavenDataProvider } from '../providers/dataProvider';
import type { ComputedDeadline, StayLimit } from './deadlineTypes';
import { errorMessage } from '../common/errorMessage';

/**
 * When the case records the day a decision was served, the appeal deadlines that day starts
 * (computed by the server from the jurisdiction's rules), created with one click.
 */
export const SuggestedDeadlinesPanel = ({ record }: { record: CaseResponse }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const queryClient = useQueryClient();
  const locale = useDateLocale();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const { canAccess: canWrite } = useCanAccess({ resource: 'deadlines', action: 'create' });
  const [busy, setBusy] = useState(false);
  const queryKey = ['cases', record.id, 'suggested-deadlines', record.decisionServedOn];
  const { data } = useQuery({
    queryKey,
    queryFn: ({ signal }) =>
      dataProvider.recordAction<{ data: ComputedDeadline[] }>(
        'cases',
        record.id,
        'suggested-deadlines',
        {
          signal,
        },
      ),
    enabled: Boolean(record.decisionServedOn),
  });
  const suggestions = data?.data ?? [];
  if (!record.decisionServedOn || suggestions.length === 0) return null;

  const createAll = async () => {
    setBusy(true);
    try {
      const created = await dataProvider.recordAction<{ data: unknown[] }>(
        'cases',
        record.id,
        'suggested-deadlines',
        { method: 'POST', body: { ruleIds: suggestions.map((item) => item.ruleId) } },
      );
      notify('haven.deadlines.created_suggested', {
        type: 'success',
        messageArgs: { smart_count: created.data.length },
      });
      await queryClient.invalidateQueries({
        queryKey: ['cases', record.id, 'suggested-deadlines'],
      });
      refresh();
    } catch (failure) {
      const message = errorMessage(failure);
      notify(message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Alert
      severity="warning"
      icon={<EventAvailableIcon />}
      sx={{ mb: 2 }}
      data-testid="suggested-deadlines"
      action={
        canWrite ? (
          <Button
            color="inherit"
            variant="outlined"
            size="small"
            onClick={() => void createAll()}
            disabled={busy}
          >
            {translate('haven.deadlines.create_suggested')}
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>
        {translate('haven.deadlines.suggested_title', {
          date: formatDay(record.decisionServedOn, locale),
        })}
      </AlertTitle>
      <List dense disablePadding>
        {suggestions.map((item) => (
          <ListItem key={item.ruleId} disableGutters>
            <ListItemText
              primary={
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                  <strong>{item.ruleId}</strong>
                  <DueDate dueOn={item.dueOn} confidence={item.confidence} />
                </Stack>
              }
              secondary={item.explanation}
            />
          </ListItem>
        ))}
      </List>
    </Alert>
  );
};

/** The last legal day of the client's stay under the country's (rolling) stay rule, when known. */
export const StayLimitLine = ({ caseId }: { caseId: string }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const { data } = useQuery({
    queryKey: ['cases', caseId, 'stay-limit'],
    queryFn: ({ signal }) =>
      dataProvider.recordAction<StayLimit>('cases', caseId, 'stay-limit', { signal }),
  });
  if (!data?.lastLegalDay) return null;
  return (
    <Alert severity="info" sx={{ mb: 2 }} data-testid="stay-limit">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Box component="span">{translate('haven.deadlines.stay_limit')}</Box>
        <DueDate dueOn={data.lastLegalDay} />
      </Stack>
      <Box sx={{ mt: 0.5, typography: 'body2', color: 'text.secondary' }}>{data.explanation}</Box>
    </Alert>
  );
};
