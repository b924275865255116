import LockOutlinedIcon from '@mui/icons-material/LockOutlined';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Alert, Box, Chip, LinearProgress, Paper, Stack, Typography } from '@mui/material';
import type { PossibleDuplicatesResponse, VisibleDuplicateCandidate } from '@haven/shared';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useLocaleState, useTranslate } from 'react-admin';
import { formatDay } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';
import { apiFetch } from '../providers/http';
import { countryName } from '../teams/countries';
import { DEBOUNCE_MS, duplicateParams, reasonKey, type DuplicateFields } from './duplicateQuery';
import { useDebouncedValue } from './useDebouncedValue';

const scoreColor = (score: number): 'error' | 'warning' | 'default' =>
  score >= 80 ? 'error' : score >= 60 ? 'warning' : 'default';

const ScoreChip = ({ score }: { score: number }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      color={scoreColor(score)}
      label={translate('haven.duplicates.score', { score })}
      data-testid="duplicate-score"
    />
  );
};

/** The one line saying another team holds a possible match: nothing about whom, nor how close. */
const HeldElsewhere = () => {
  const translate = useTranslate();
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }} data-testid="duplicate-restricted">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <LockOutlinedIcon fontSize="small" color="action" />
        <Typography variant="body2">{translate('haven.duplicates.restricted')}</Typography>
      </Stack>
    </Paper>
  );
};

const Candidate = ({
  candidate,
  action,
}: {
  candidate: VisibleDuplicateCandidate;
  action?: (candidate: VisibleDuplicateCandidate) => ReactNode;
}) => {
  const translate = useTranslate();
  const dateLocale = useDateLocale();
  const [locale] = useLocaleState();
  const name = `${candidate.givenName} ${candidate.familyName}`.trim();
  return (
    <Paper
      variant="outlined"
      sx={{ p: 1.5 }}
      data-testid="duplicate-candidate"
      data-id={candidate.id}
    >
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={1}
        sx={{ alignItems: { sm: 'flex-start' } }}
      >
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Stack
            direction="row"
            spacing={1}
            useFlexGap
            sx={{ alignItems: 'baseline', flexWrap: 'wrap' }}
          >
            <Typography variant="subtitle2" component="span" data-testid="duplicate-name">
              {name}
            </Typography>
            {candidate.nativeName && (
              <Typography variant="body2" component="span" color="text.secondary">
                {candidate.nativeName}
              </Typography>
            )}
            {candidate.reference && (
              <Link
                to={`/clients/${candidate.id}/show`}
                target="_blank"
                rel="noopener"
                variant="body2"
                sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.25 }}
              >
                {candidate.reference}
                <OpenInNewIcon
                  sx={{ fontSize: 14 }}
                  aria-label={translate('haven.duplicates.new_tab')}
                />
              </Link>
            )}
          </Stack>
          <Typography variant="body2" color="text.secondary">
            {[
              candidate.dateOfBirth
                ? translate('haven.duplicates.born', {
                    date: formatDay(candidate.dateOfBirth, dateLocale),
                  })
                : null,
              candidate.nationality ? countryName(candidate.nationality, locale) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Typography>
          <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap', mt: 0.5 }}>
            {candidate.reasons.map((reason) => {
              const key = reasonKey(reason);
              return (
                <Chip
                  key={reason}
                  size="small"
                  variant="outlined"
                  label={key ? translate(key) : reason}
                  data-testid="duplicate-reason"
                />
              );
            })}
          </Stack>
        </Box>
        <Stack spacing={1} sx={{ alignItems: { sm: 'flex-end' } }}>
          <ScoreChip score={candidate.score} />
          {action?.(candidate)}
        </Stack>
      </Stack>
    </Paper>
  );
};

/**
 * Possible duplicates of the person being registered, asked of the server as the caseworker types
 * (300 ms after the last keystroke), across scripts: "Дмитрий Соколов" finds "Dmitrii Sokolov".
 * A match held by another team shows only that it exists. `action` renders a button per visible
 * candidate (e.g. use this client, or merge).
 */
export const PossibleDuplicates = ({
  action,
  ...fields
}: DuplicateFields & { action?: (candidate: VisibleDuplicateCandidate) => ReactNode }) => {
  const translate = useTranslate();
  const key = duplicateParams(fields)?.toString() ?? '';
  const settled = useDebouncedValue(key, DEBOUNCE_MS);
  const query = useQuery({
    queryKey: ['haven', 'possible-duplicates', settled],
    queryFn: async ({ signal }) =>
      (
        await apiFetch<PossibleDuplicatesResponse>('/clients/possible-duplicates', {
          query: new URLSearchParams(settled),
          signal,
        })
      ).json.data,
    enabled: settled !== '',
    // Keep the last answer on screen while the next one is on its way.
    placeholderData: (previous) => previous,
    staleTime: 30_000,
  });
  if (!key && !settled) return null;
  const answer = settled ? (query.data ?? []) : [];
  const candidates = answer.filter((c): c is VisibleDuplicateCandidate => !c.restricted);
  const heldElsewhere = answer.some((c) => c.restricted);
  const searching = key !== settled || query.isFetching;
  const throttled = (query.error as { status?: number } | null)?.status === 429;

  return (
    <Box data-testid="possible-duplicates" aria-live="polite" aria-busy={searching}>
      <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
        {translate('haven.duplicates.title')}
      </Typography>
      <Box sx={{ height: 4, mb: 1 }}>{searching && <LinearProgress />}</Box>
      {query.error ? (
        <Alert severity="warning" data-testid="duplicates-failed">
          {translate(throttled ? 'haven.duplicates.throttled' : 'haven.duplicates.failed')}
        </Alert>
      ) : !searching && candidates.length === 0 && !heldElsewhere ? (
        <Typography variant="body2" color="text.secondary" data-testid="duplicates-none">
          {translate('haven.duplicates.none')}
        </Typography>
      ) : (
        <Stack spacing={1}>
          {candidates.length > 0 && (
            <Typography variant="body2" color="text.secondary">
              {translate('haven.duplicates.found', { smart_count: candidates.length })}
            </Typography>
          )}
          {candidates.map((candidate) => (
            <Candidate key={candidate.id} candidate={candidate} action={action} />
          ))}
          {heldElsewhere && <HeldElsewhere />}
        </Stack>
      )}
    </Box>
  );
};
