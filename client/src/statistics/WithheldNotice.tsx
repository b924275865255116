import { Alert, AlertTitle, Box, Button, Stack, Typography } from '@mui/material';
import type { StatSuggestion } from '@haven/shared';
import { useTranslate } from 'react-admin';
import { useDateLocale } from '../common/useDateLocale';
import { formatMonth } from './periods';

/**
 * Said before a download (and above a table) that would withhold everything: why, and the coarser
 * choices the server computed from the request — each with what it would show, and a button that
 * applies it. "Download anyway" keeps the choice with the analyst.
 */
export const WithheldNotice = ({
  kind,
  k,
  suggestions,
  onApply,
  onDownloadAnyway,
  onDismiss,
}: {
  kind: 'aggregate' | 'microdata';
  k: number;
  suggestions: StatSuggestion[];
  onApply: (suggestion: StatSuggestion) => void;
  onDownloadAnyway?: () => void;
  onDismiss?: () => void;
}) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const dimensionNames = (dimensions: readonly string[] = []) =>
    dimensions.map((d) => translate(`haven.statistics.dimensions.${d}`)).join(' × ');
  const period = (from?: string | null, to?: string | null) =>
    from && to
      ? translate('haven.statistics.period_range', {
          from: formatMonth(from, locale),
          to: formatMonth(to, locale),
        })
      : from
        ? translate('haven.statistics.period_from', { from: formatMonth(from, locale) })
        : to
          ? translate('haven.statistics.period_to', { to: formatMonth(to, locale) })
          : translate('haven.statistics.period_all');
  const describe = (suggestion: StatSuggestion) => {
    const args = {
      shown: suggestion.shown ?? 0,
      of: suggestion.of ?? 0,
      dimensions: dimensionNames(suggestion.change.dimensions),
      period: period(suggestion.change.from, suggestion.change.to),
      k: suggestion.change.k ?? k,
    };
    const unit = kind === 'microdata' && suggestion.kind === 'lower_k' ? 'rows' : 'cells';
    return `${translate(`haven.statistics.withheld_notice.suggest.${suggestion.kind}`, args)} — ${translate(
      `haven.statistics.withheld_notice.would_show_${unit}`,
      args,
    )}`;
  };
  return (
    <Alert
      severity="warning"
      role="alert"
      data-testid={`${kind === 'aggregate' ? 'stat' : 'microdata'}-withheld-notice`}
      onClose={onDismiss}
    >
      <AlertTitle>{translate(`haven.statistics.withheld_notice.title_${kind}`)}</AlertTitle>
      <Typography variant="body2">
        {translate(`haven.statistics.withheld_notice.why_${kind}`, { k })}
      </Typography>
      {suggestions.length > 0 ? (
        <Box sx={{ mt: 1 }}>
          <Typography variant="body2" sx={{ fontWeight: 500 }}>
            {translate('haven.statistics.withheld_notice.try')}
          </Typography>
          <Stack component="ul" spacing={1} sx={{ pl: 2, my: 1 }}>
            {suggestions.map((suggestion, index) => (
              <Box
                component="li"
                key={`${suggestion.kind}-${index}`}
                data-testid="withheld-suggestion"
                data-kind={suggestion.kind}
              >
                <Stack
                  direction={{ xs: 'column', sm: 'row' }}
                  spacing={1}
                  sx={{ alignItems: { sm: 'center' } }}
                >
                  <Typography variant="body2" sx={{ flex: 1 }}>
                    {describe(suggestion)}
                  </Typography>
                  <Button
                    size="small"
                    variant="outlined"
                    color="inherit"
                    onClick={() => onApply(suggestion)}
                    data-testid="withheld-apply"
                  >
                    {translate('haven.statistics.withheld_notice.apply')}
                  </Button>
                </Stack>
              </Box>
            ))}
          </Stack>
        </Box>
      ) : (
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="withheld-no-suggestion">
          {translate(`haven.statistics.withheld_notice.none_${kind}`)}
        </Typography>
      )}
      {onDownloadAnyway && (
        <Button
          size="small"
          color="inherit"
          onClick={onDownloadAnyway}
          sx={{ mt: 0.5 }}
          data-testid="withheld-download-anyway"
        >
          {translate('haven.statistics.withheld_notice.download_anyway')}
        </Button>
      )}
    </Alert>
  );
};
