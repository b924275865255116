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
  Typography,
} from '@mui/material';
import {
  DEADLINE_RULES,
  renderExplanation,
  ruleDescription,
  type CaseResponse,
  type ComputedDeadlineResponse,
  type ProcedureTrack,
  type StayLimitResponse,
  type SuggestedDeadlinesResponse,
} from '@haven/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import {
  useCanAccess,
  useDataProvider,
  useNotify,
  useRefresh,
  useTranslate,
  useUpdate,
} from 'react-admin';
import { DueDate } from '../common/DayField';
import { formatDay } from '../common/dates';
import { enumKey } from '../common/enums';
import { useDateLocale } from '../common/useDateLocale';
import { useUiLocale } from '../common/useUiLocale';
import type { HavenDataProvider } from '../providers/dataProvider';
import { errorMessage } from '../common/errorMessage';
import { countryName } from '../teams/countries';
import { appealSuggestions, caseDecisionTrack, ruleText } from './ruleText';

/**
 * The key of a case's suggestions: everything the server's answer depends on, so that recording a
 * decision (service date, outcome, procedure) or answering the track question refetches it.
 */
export const suggestionsKey = (
  record: Pick<
    CaseResponse,
    'id' | 'decisionServedOn' | 'outcome' | 'procedureTrack' | 'jurisdiction'
  >,
) => [
  'cases',
  record.id,
  'suggested-deadlines',
  record.decisionServedOn,
  record.outcome,
  record.procedureTrack,
  record.jurisdiction,
];

/** One suggested deadline: the rule in the reader's language, the date, and how it was reached. */
const Suggestion = ({ item }: { item: ComputedDeadlineResponse }) => {
  const locale = useUiLocale();
  const rule = ruleText(item.ruleId, item.version);
  return (
    <ListItem
      disableGutters
      data-testid="suggested-deadline"
      data-rule={item.ruleId}
      data-kind={rule?.kind ?? ''}
      data-due={item.dueOn}
    >
      <ListItemText
        primary={
          <Stack
            direction="row"
            spacing={1}
            useFlexGap
            sx={{ alignItems: 'center', flexWrap: 'wrap' }}
          >
            <strong>{rule ? ruleDescription(rule, locale) : item.ruleId}</strong>
            <DueDate dueOn={item.dueOn} confidence={item.confidence} note />
          </Stack>
        }
        secondary={
          <Box component="span" data-testid="suggested-explanation">
            {renderExplanation(item.explanation, locale)}
          </Box>
        }
        slotProps={{ secondary: { component: 'div' } }}
      />
    </ListItem>
  );
};

/**
 * When the case records the day a decision was served, the deadlines that day starts (computed by
 * the server from the jurisdiction's rules for the decision's procedure: one appeal period, never
 * two), created with one click. When the procedure is not known and the period depends on it, it
 * asks which procedure it was; the answer is saved on the case.
 */
export const SuggestedDeadlinesPanel = ({ record }: { record: CaseResponse }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const queryClient = useQueryClient();
  const locale = useDateLocale();
  const ui = useUiLocale();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const { canAccess: canWrite } = useCanAccess({ resource: 'deadlines', action: 'create' });
  const { canAccess: canEditCase } = useCanAccess({ resource: 'cases', action: 'edit' });
  const [update, { isPending: answering }] = useUpdate<CaseResponse>();
  // A second click before the first answer arrives must not post again (the server would create
  // nothing the second time anyway).
  const posting = useRef(false);
  const { data } = useQuery({
    queryKey: suggestionsKey(record),
    queryFn: ({ signal }) =>
      dataProvider.recordAction<SuggestedDeadlinesResponse>(
        'cases',
        record.id,
        'suggested-deadlines',
        { signal },
      ),
    enabled: Boolean(record.decisionServedOn),
  });
  const suggestions = data?.data ?? [];
  const question = data?.question ?? null;

  const createAll = useMutation({
    mutationFn: () =>
      dataProvider.recordAction<{ data: unknown[] }>('cases', record.id, 'suggested-deadlines', {
        method: 'POST',
        body: { ruleIds: suggestions.map((item) => item.ruleId) },
      }),
    onSuccess: async (created) => {
      notify('haven.deadlines.created_suggested', {
        type: 'success',
        messageArgs: { smart_count: created.data.length },
      });
      await queryClient.invalidateQueries({
        queryKey: ['cases', record.id, 'suggested-deadlines'],
      });
      refresh();
    },
    onError: (failure) => {
      const message = errorMessage(failure);
      notify(message, { type: 'error' });
    },
    onSettled: () => {
      posting.current = false;
    },
  });

  if (!record.decisionServedOn || (!question && suggestions.length === 0)) return null;

  const addAll = () => {
    if (posting.current || createAll.isPending) return;
    posting.current = true;
    createAll.mutate();
  };

  const answer = (track: ProcedureTrack) => {
    void update(
      'cases',
      { id: record.id, data: { procedureTrack: track }, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          notify('haven.deadlines.track_set', {
            type: 'success',
            messageArgs: { track: translate(enumKey('procedureTrack', track)) },
          });
          void queryClient.invalidateQueries({
            queryKey: ['cases', record.id, 'suggested-deadlines'],
          });
        },
        onError: (failure) => {
          const message = errorMessage(failure);
          notify(message, { type: 'error' });
        },
      },
    );
  };

  const track = caseDecisionTrack(record);
  const appeals = appealSuggestions(suggestions);

  return (
    <Alert
      severity="warning"
      icon={<EventAvailableIcon />}
      sx={{ mb: 2, '& .MuiAlert-message': { flexGrow: 1 } }}
      data-testid="suggested-deadlines"
      action={
        canWrite && suggestions.length > 0 ? (
          <Button
            color="inherit"
            variant="outlined"
            size="small"
            onClick={addAll}
            disabled={createAll.isPending}
            data-testid="create-suggested"
            sx={{ whiteSpace: 'nowrap' }}
          >
            {translate(
              createAll.isPending ? 'haven.deadlines.creating' : 'haven.deadlines.create_suggested',
            )}
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>
        {translate('haven.deadlines.suggested_title', {
          date: formatDay(record.decisionServedOn, locale),
        })}
      </AlertTitle>
      {record.decisionService && (
        <Typography variant="body2" data-testid="suggested-service">
          {translate('haven.deadlines.service_basis', {
            text: renderExplanation(record.decisionService, ui),
          })}
        </Typography>
      )}
      {question ? (
        <Box
          sx={{ my: 1 }}
          data-testid="track-question"
          role="group"
          aria-labelledby="track-question-title"
        >
          <Typography variant="subtitle2" component="p" id="track-question-title">
            {translate('haven.deadlines.track_question')}
          </Typography>
          <Typography variant="body2" sx={{ mb: 1 }}>
            {translate('haven.deadlines.track_question_help')}
          </Typography>
          {canEditCase && (
            <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
              {question.options.map((option) => (
                <Button
                  key={option}
                  variant="outlined"
                  color="inherit"
                  size="small"
                  disabled={answering}
                  onClick={() => answer(option)}
                  data-testid={`track-option-${option}`}
                >
                  {translate(enumKey('procedureTrack', option))}
                </Button>
              ))}
            </Stack>
          )}
        </Box>
      ) : track !== 'unknown' && appeals.length === 1 ? (
        <Typography
          variant="body2"
          sx={{ my: 0.5 }}
          data-testid="suggested-track"
          data-track={track}
        >
          {translate('haven.deadlines.one_appeal_for_track', {
            track: translate(enumKey('procedureTrack', track)),
          })}
        </Typography>
      ) : null}
      {suggestions.length > 0 && (
        <List dense disablePadding>
          {suggestions.map((item) => (
            <Suggestion key={`${item.ruleId}:${item.version}`} item={item} />
          ))}
        </List>
      )}
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
