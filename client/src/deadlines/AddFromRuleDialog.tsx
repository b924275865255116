import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Link,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import {
  useCreate,
  useDataProvider,
  useGetList,
  useLocaleState,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import {
  describeDurationIn,
  renderExplanation,
  ruleDescription,
  ruleTrigger,
  type CaseRuleTriggersResponse,
  type ComputedDeadlineResponse,
  type DeadlineRuleResponse,
} from '@haven/shared';
import { ConfidenceNote, ConfidenceWarning, DaysLeftChip } from '../common/DayField';
import { formatDay, isDay } from '../common/dates';
import { enumKey } from '../common/enums';
import { useDateLocale } from '../common/useDateLocale';
import { useUiLocale } from '../common/useUiLocale';
import { countryName } from '../teams/countries';
import type { HavenDataProvider } from '../providers/dataProvider';
import { errorMessage } from '../common/errorMessage';
import {
  jurisdictionCoverage,
  proceduralJurisdictions,
  recordedTrigger,
  triggerMismatch,
} from './ruleTriggers';
import { DayTextField } from '../common/DayInput';

/** A rule's version, the day it came into force (or ends) where it has one, and its confidence. */
const RuleVersionLine = ({ rule }: { rule: DeadlineRuleResponse }) => {
  const translate = useTranslate();
  const dateLocale = useDateLocale();
  return (
    <Stack
      direction="row"
      spacing={1}
      useFlexGap
      sx={{ alignItems: 'center', flexWrap: 'wrap' }}
      data-testid="rule-version"
    >
      <Typography variant="body2" color="text.secondary" component="span">
        {[
          translate('haven.deadlines.rule_version', { version: rule.version }),
          rule.effectiveFrom
            ? translate('haven.deadlines.in_force_from', {
                date: formatDay(rule.effectiveFrom, dateLocale),
              })
            : null,
          rule.effectiveTo
            ? translate('haven.deadlines.in_force_until', {
                date: formatDay(rule.effectiveTo, dateLocale),
              })
            : null,
          translate('haven.deadlines.rule_confidence', {
            confidence: translate(`haven.enums.confidence.${rule.confidence}`),
          }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography>
      <ConfidenceNote confidence={rule.confidence} />
    </Stack>
  );
};

/**
 * A deadline from the jurisdiction's rule: pick the country and the rule, give the trigger date,
 * and see the computed date, how it was reached and how certain the rule is before saving. Rules
 * and explanations read in the user's language, by name (never their ids). The trigger date is
 * filled in from what the case records (`GET /api/cases/:id/rule-triggers`), saying where it came
 * from; a typed date that differs is warned about. A rule with an open deadline on the case is not
 * offered again (the server refuses it too), and a jurisdiction without procedural rules says so.
 */
export const AddFromRuleDialog = ({
  caseId,
  jurisdiction,
  onClose,
}: {
  caseId: string;
  jurisdiction: string;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const ui = useUiLocale();
  const dateLocale = useDateLocale();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const [create, { isPending: saving }] = useCreate();
  const { data: rules = [], isPending: loadingRules } = useGetList<DeadlineRuleResponse>(
    'deadline-rules',
    { pagination: { page: 1, perPage: 100 } },
  );
  const jurisdictions = useMemo(
    () =>
      [...new Set(rules.map((rule) => rule.jurisdiction))]
        .map((code) => ({ code, name: countryName(code, locale) }))
        .sort((a, b) => a.name.localeCompare(b.name, locale)),
    [rules, locale],
  );
  const [country, setCountry] = useState<string | null>(null);
  const chosenCountry =
    country ?? (jurisdictions.some((j) => j.code === jurisdiction) ? jurisdiction : '');
  const countryRules = rules.filter((rule) => rule.jurisdiction === chosenCountry);
  const [ruleId, setRuleId] = useState('');
  const rule = countryRules.find((item) => item.id === ruleId) ?? null;
  const recorded = useQuery({
    queryKey: ['cases', caseId, 'rule-triggers'],
    queryFn: ({ signal }) =>
      dataProvider.recordAction<CaseRuleTriggersResponse>('cases', caseId, 'rule-triggers', {
        signal,
      }),
    retry: false,
  });
  const openRules = new Set(recorded.data?.openRuleIds ?? []);
  const fromCase = rule ? recordedTrigger(rule, recorded.data?.triggers) : null;
  // What the user typed; until then, the date the case records for the rule's trigger.
  const [typed, setTyped] = useState<string | null>(null);
  const triggerDate = typed ?? fromCase?.date ?? '';
  const mismatch = triggerMismatch(triggerDate, fromCase);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const caseCountry = countryName(jurisdiction, locale);
  const coverage = loadingRules ? 'procedural' : jurisdictionCoverage(rules, jurisdiction);
  const withRules = proceduralJurisdictions(rules)
    .map((code) => countryName(code, locale))
    .sort((a, b) => a.localeCompare(b, locale))
    .join(', ');

  const ready = rule !== null && !openRules.has(rule.id) && isDay(triggerDate);
  const preview = useQuery({
    queryKey: ['deadline-rules', ruleId, 'compute', triggerDate],
    queryFn: ({ signal }) =>
      dataProvider.recordAction<ComputedDeadlineResponse>('deadline-rules', ruleId, 'compute', {
        query: { triggerDate },
        signal,
      }),
    enabled: ready,
    retry: false,
  });

  const save = () => {
    if (!ready || !preview.data) return;
    setError(null);
    void create(
      'deadlines',
      {
        data: {
          caseId,
          ruleId,
          triggerDate,
          ...(title.trim() ? { title: title.trim() } : {}),
        },
      },
      {
        onSuccess: () => {
          notify('haven.deadlines.added', {
            type: 'success',
            messageArgs: { date: formatDay(preview.data.dueOn, dateLocale) },
          });
          refresh();
          onClose();
        },
        onError: (failure) => {
          const message = errorMessage(failure);
          setError(translate(message, { _: message }));
        },
      },
    );
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="rule-title" fullWidth maxWidth="sm">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <DialogTitle id="rule-title">{translate('haven.deadlines.add_from_rule')}</DialogTitle>
        <DialogContent>
          {loadingRules ? (
            <CircularProgress size={24} />
          ) : (
            <Stack spacing={2} sx={{ mt: 1 }}>
              {coverage !== 'procedural' && (
                <Alert severity="info" data-testid="rule-no-procedural">
                  {translate(
                    coverage === 'none'
                      ? 'haven.deadlines.from_rule.no_procedural_rules'
                      : 'haven.deadlines.from_rule.only_stay_rules',
                    { country: caseCountry },
                  )}{' '}
                  {translate('haven.deadlines.from_rule.countries_with_rules', {
                    countries: withRules,
                  })}
                </Alert>
              )}
              <TextField
                select
                autoFocus
                id="rule-jurisdiction"
                name="jurisdiction"
                label={translate('haven.deadlines.rule_jurisdiction')}
                value={chosenCountry}
                onChange={(event) => {
                  setCountry(event.target.value);
                  setRuleId('');
                  setTyped(null);
                }}
                slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
              >
                <option value="">{translate('haven.form.choose_country')}</option>
                {jurisdictions.map((item) => (
                  <option key={item.code} value={item.code}>
                    {item.name}
                  </option>
                ))}
              </TextField>
              <TextField
                select
                id="rule-id"
                name="ruleId"
                label={translate('resources.deadlines.fields.ruleId')}
                value={ruleId}
                onChange={(event) => {
                  setRuleId(event.target.value);
                  setTyped(null);
                }}
                disabled={!chosenCountry}
                helperText={
                  chosenCountry && countryRules.length === 0
                    ? translate('haven.deadlines.no_rules')
                    : countryRules.some((item) => openRules.has(item.id))
                      ? translate('haven.deadlines.from_rule.already_open_help')
                      : undefined
                }
                slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
              >
                <option value="">{translate('haven.form.choose')}</option>
                {countryRules.map((item) => {
                  const open = openRules.has(item.id);
                  return (
                    <option
                      key={`${item.id}@${item.version}`}
                      value={item.id}
                      disabled={open}
                      data-rule={item.id}
                      data-open={open ? 'true' : undefined}
                    >
                      {`${ruleDescription(item, ui)} — ${describeDurationIn(item.period, ui)} (${translate('haven.deadlines.rule_version', { version: item.version })}${item.effectiveFrom ? `, ${translate('haven.deadlines.in_force_from', { date: formatDay(item.effectiveFrom, dateLocale) })}` : ''})${item.confidence === 'H' ? '' : ` ⚠ ${translate(`haven.enums.confidence.${item.confidence}`)}`}${open ? ` — ${translate('haven.deadlines.from_rule.already_open')}` : ''}`}
                    </option>
                  );
                })}
              </TextField>
              {rule && (
                <Box data-testid="rule-details">
                  <Typography variant="body2" color="text.secondary">
                    {translate('haven.deadlines.rule_trigger', {
                      trigger: ruleTrigger(rule, ui),
                    })}{' '}
                    · {translate(enumKey('deadlineKind', rule.kind))} · {rule.legalBasis} ·{' '}
                    <Link href={rule.sourceUrl} target="_blank" rel="noreferrer noopener">
                      {translate('haven.deadlines.source')}
                    </Link>
                  </Typography>
                  <RuleVersionLine rule={rule} />
                </Box>
              )}
              <DayTextField
                id="rule-trigger-date"
                name="triggerDate"
                type="date"
                label={translate('resources.deadlines.fields.triggerDate')}
                value={triggerDate}
                onChange={(event) => setTyped(event.target.value)}
                disabled={!rule}
                helperText={rule ? ruleTrigger(rule, ui) : undefined}
                slotProps={{ inputLabel: { shrink: true } }}
              />
              {rule && (fromCase ? triggerDate === fromCase.date : recorded.data) && (
                <Typography
                  variant="body2"
                  color="text.secondary"
                  data-testid="rule-trigger-source"
                  sx={{ mt: -1 }}
                >
                  {fromCase
                    ? translate(`haven.deadlines.from_rule.prefilled.${fromCase.source}`)
                    : translate('haven.deadlines.from_rule.not_recorded')}
                </Typography>
              )}
              {mismatch && fromCase && (
                <Alert
                  severity="warning"
                  data-testid="rule-trigger-mismatch"
                  action={
                    <Button color="inherit" size="small" onClick={() => setTyped(null)}>
                      {translate('haven.deadlines.from_rule.use_recorded', {
                        date: formatDay(fromCase.date, dateLocale),
                      })}
                    </Button>
                  }
                >
                  {translate('haven.deadlines.from_rule.mismatch', {
                    field: translate(`haven.deadlines.from_rule.recorded.${fromCase.source}`),
                    date: formatDay(fromCase.date, dateLocale, {
                      day: 'numeric',
                      month: 'long',
                      year: 'numeric',
                    }),
                  })}
                </Alert>
              )}
              {ready && (
                <Box
                  aria-live="polite"
                  data-testid="rule-preview"
                  sx={{ p: 2, borderRadius: 1, bgcolor: 'action.hover' }}
                >
                  {preview.isFetching && !preview.data ? (
                    <CircularProgress size={20} />
                  ) : preview.error ? (
                    <Alert severity="error">
                      {translate(errorMessage(preview.error), { _: errorMessage(preview.error) })}
                    </Alert>
                  ) : preview.data ? (
                    <Stack spacing={1}>
                      <Stack
                        direction="row"
                        spacing={1}
                        sx={{ alignItems: 'center', flexWrap: 'wrap' }}
                      >
                        <Typography variant="body2">
                          {translate('haven.deadlines.computed_due')}
                        </Typography>
                        <Typography variant="h6" component="span" data-testid="rule-preview-date">
                          {formatDay(preview.data.dueOn, dateLocale, {
                            weekday: 'short',
                            day: 'numeric',
                            month: 'short',
                            year: 'numeric',
                          })}
                        </Typography>
                        <DaysLeftChip dueOn={preview.data.dueOn} />
                        <ConfidenceWarning confidence={preview.data.confidence} />
                        <ConfidenceNote confidence={preview.data.confidence} />
                      </Stack>
                      <Typography variant="body2" data-testid="rule-preview-explanation">
                        {renderExplanation(preview.data.explanation, ui)}
                      </Typography>
                      <Typography variant="caption" color="text.secondary">
                        {translate('haven.deadlines.rule_version', {
                          version: preview.data.version,
                        })}
                      </Typography>
                    </Stack>
                  ) : null}
                </Box>
              )}
              <TextField
                id="rule-title-input"
                name="title"
                label={translate('resources.deadlines.fields.title')}
                value={title}
                onChange={(event) => setTitle(event.target.value)}
                helperText={translate('haven.deadlines.title_default_help')}
                slotProps={{ htmlInput: { maxLength: 200 } }}
              />
              {error && (
                <Alert severity="error" role="alert">
                  {error}
                </Alert>
              )}
            </Stack>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={!preview.data || saving}>
            {translate('haven.deadlines.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
