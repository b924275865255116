import EventAvailableIcon from '@mui/icons-material/EventAvailable';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Chip,
  List,
  ListItem,
  ListItemText,
  Stack,
} from '@mui/material';
import {
  DEADLINE_RULES,
  type CaseResponse,
  type StayLimitResponse,
  type SuggestedDeadlinesResponse,
} from '@haven/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useCanAccess, useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import { DueDate } from '../common/DayField';
import { formatDay } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';
import type { HavenDataProvider } from '../providers/dataProvider';
import { errorMessage } from '../common/errorMessage';
import { countryName } from '../teams/countries';

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
      dataProvider.recordAction<SuggestedDeadlinesResponse>(
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

/** Whether Haven has a stay rule for the country at all (for some nationality). */
const hasStayRules = (country: string) =>
  DEADLINE_RULES.some((rule) => rule.kind === 'stay_expiry' && rule.jurisdiction === country);

/**
 * The last legal day of the client's current stay: both limits of the rule for the client's
 * nationality (a visit's cap and the rolling window), which one applies, and the earlier day. Says
 * so when no rule covers the nationality in a country where Haven has stay rules.
 */
export const StayLimitLine = ({ caseId }: { caseId: string }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const { data } = useQuery({
    queryKey: ['cases', caseId, 'stay-limit'],
    queryFn: ({ signal }) =>
      dataProvider.recordAction<StayLimitResponse>('cases', caseId, 'stay-limit', { signal }),
  });
  if (!data) return null;
  const { explanation } = data;
  const day = (value: string) => formatDay(value, locale);
  if (explanation.code === 'stay.no_rule') {
    if (!hasStayRules(explanation.params.country)) return null;
    return (
      <Alert
        severity="warning"
        sx={{ mb: 2 }}
        data-testid="stay-limit"
        data-code={explanation.code}
      >
        {translate('haven.deadlines.stay.no_rule', {
          nationality: countryName(explanation.params.nationality, locale),
          country: countryName(explanation.params.country, locale),
        })}
      </Alert>
    );
  }
  if (explanation.code === 'stay.no_current_stay') {
    return (
      <Alert severity="info" sx={{ mb: 2 }} data-testid="stay-limit" data-code={explanation.code}>
        {translate('haven.deadlines.stay.no_current_stay', {
          country: countryName(explanation.params.country, locale),
        })}
      </Alert>
    );
  }
  const { params } = explanation;
  const exhausted = params.lastLegalDay < params.entryDate;
  const isBinding = (which: 'per_visit' | 'rolling') =>
    params.binding === which || params.binding === 'both';
  const binds = (which: 'per_visit' | 'rolling') =>
    isBinding(which) ? (
      <Chip size="small" color="primary" label={translate('haven.deadlines.stay.binds')} />
    ) : null;
  return (
    <Alert
      severity={exhausted ? 'error' : 'info'}
      sx={{ mb: 2 }}
      data-testid="stay-limit"
      data-code={explanation.code}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Box component="span">{translate('haven.deadlines.stay_limit')}</Box>
        <DueDate dueOn={params.lastLegalDay} confidence={params.confidence} />
      </Stack>
      <Box sx={{ mt: 0.5, typography: 'body2' }}>
        {translate('haven.deadlines.stay.entry', { date: day(params.entryDate) })}
      </Box>
      <List dense disablePadding>
        {params.perVisitLastDay && params.perVisitMaxDays !== null && (
          <ListItem
            disableGutters
            data-testid="stay-limit-per-visit"
            data-binds={isBinding('per_visit')}
          >
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
              <Box component="span">
                {translate('haven.deadlines.stay.per_visit', {
                  days: params.perVisitMaxDays,
                  date: day(params.perVisitLastDay),
                })}
              </Box>
              {binds('per_visit')}
            </Stack>
          </ListItem>
        )}
        {params.rollingLastDay && params.maxDays !== null && params.windowDays !== null && (
          <ListItem
            disableGutters
            data-testid="stay-limit-rolling"
            data-binds={isBinding('rolling')}
          >
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
              <Box component="span">
                {translate('haven.deadlines.stay.rolling', {
                  max: params.maxDays,
                  window: params.windowDays,
                  date: day(params.rollingLastDay),
                })}
              </Box>
              {binds('rolling')}
              {params.daysUsedBefore ? (
                <Box component="span" sx={{ typography: 'body2', color: 'text.secondary' }}>
                  {translate('haven.deadlines.stay.used_before', {
                    smart_count: params.daysUsedBefore,
                  })}
                </Box>
              ) : null}
            </Stack>
          </ListItem>
        )}
      </List>
      {exhausted && (
        <Box sx={{ typography: 'body2' }}>{translate('haven.deadlines.stay.exhausted')}</Box>
      )}
      <Box sx={{ mt: 0.5, typography: 'body2', color: 'text.secondary' }}>
        {translate('haven.deadlines.stay.rule', {
          ruleId: params.ruleId,
          basis: params.legalBasis,
        })}
      </Box>
    </Alert>
  );
};
