import DownloadIcon from '@mui/icons-material/Download';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import type { MicrodataPreview, StatSuggestion } from '@haven/shared';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { apiFetch } from '../providers/http';
import { errorMessage } from '../common/errorMessage';
import { fetchFile, saveBlob } from './download';
import { microdataSummary, type MicrodataSummary } from './microdata';
import { MAX_K, MIN_K, microdataQuery } from './statsTable';
import { WithheldNotice } from './WithheldNotice';

/**
 * The live export of anonymised records (`GET /api/stats/microdata`): one row per case with no
 * direct identifier, k-anonymous over age band, sex, nationality, jurisdiction, case type and
 * period. It follows today's data, so the panel steers anything published to a release. The download is
 * saved as a file; the page then says what k and period were used and how many records were
 * withheld. Before downloading it asks the server how many rows would be published (`dryRun=1`):
 * when every one would be withheld it says so, with coarser choices (a lower k; the counts table,
 * which `onUseTable` sets up). Every download is recorded in the audit trail.
 */
export const MicrodataPanel = ({
  onUseTable,
}: {
  onUseTable?: (suggestion: StatSuggestion) => void;
}) => {
  const translate = useTranslate();
  const [k, setK] = useState(String(MIN_K));
  const [format, setFormat] = useState<'json' | 'csv'>('json');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [summary, setSummary] = useState<MicrodataSummary | null>(null);
  const [withheld, setWithheld] = useState<MicrodataPreview | null>(null);
  const kValue = Number(k);
  const kValid = Number.isInteger(kValue) && kValue >= MIN_K && kValue <= MAX_K;

  const download = async (anyway = false) => {
    if (!kValid) return;
    setBusy(true);
    setFailure(null);
    setWithheld(null);
    try {
      if (!anyway) {
        const preview = new URLSearchParams({ k: String(kValue), dryRun: '1' });
        const { json } = await apiFetch<MicrodataPreview>('/stats/microdata', { query: preview });
        if (json.withholdsEverything) {
          setSummary(null);
          setWithheld(json);
          return;
        }
      }
      const file = await fetchFile(
        '/stats/microdata',
        microdataQuery(kValue, format),
        `haven-microdata-k${kValue}.${format}`,
      );
      saveBlob(file.blob, file.filename);
      setSummary(microdataSummary(await file.blob.text(), format));
    } catch (error) {
      const message = errorMessage(error);
      setFailure(translate(message, { _: message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card variant="outlined" id="microdata" data-testid="microdata-panel">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate('haven.statistics.microdata_title')}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('haven.statistics.microdata_help')}
        </Typography>
        <Alert
          severity="warning"
          sx={{ mb: 2 }}
          data-testid="microdata-steer"
          action={
            <Button
              color="inherit"
              size="small"
              onClick={() =>
                document
                  .getElementById('releases')
                  ?.scrollIntoView({ behavior: 'smooth', block: 'start' })
              }
            >
              {translate('haven.statistics.go_to_releases')}
            </Button>
          }
        >
          {translate('haven.statistics.microdata_steer')}
        </Alert>
        <Stack
          direction={{ xs: 'column', sm: 'row' }}
          spacing={2}
          sx={{ alignItems: { sm: 'flex-start' } }}
        >
          <TextField
            id="microdata-k"
            name="k"
            type="number"
            label={translate('haven.statistics.k')}
            value={k}
            onChange={(event) => setK(event.target.value)}
            error={!kValid}
            helperText={translate(kValid ? 'haven.statistics.k_help' : 'haven.statistics.errors.k')}
            slotProps={{ htmlInput: { min: MIN_K, max: MAX_K, step: 1 } }}
            sx={{ width: 220 }}
          />
          <TextField
            select
            id="microdata-format"
            name="format"
            label={translate('haven.statistics.format')}
            value={format}
            onChange={(event) => setFormat(event.target.value as 'json' | 'csv')}
            sx={{ width: 140 }}
          >
            <MenuItem value="json">JSON</MenuItem>
            <MenuItem value="csv">CSV</MenuItem>
          </TextField>
          <Button
            variant="contained"
            startIcon={<DownloadIcon />}
            disabled={busy || !kValid}
            onClick={() => void download()}
            data-testid="microdata-download"
            sx={{ mt: { sm: 1 } }}
          >
            {translate('haven.statistics.download_microdata')}
          </Button>
        </Stack>
        {failure && (
          <Alert severity="error" role="alert" sx={{ mt: 2 }}>
            {failure}
          </Alert>
        )}
        {withheld && (
          <Box sx={{ mt: 2 }}>
            <WithheldNotice
              kind="microdata"
              k={withheld.k}
              suggestions={withheld.suggestions.filter(
                (suggestion) => suggestion.kind !== 'aggregate_table' || onUseTable,
              )}
              onApply={(suggestion) => {
                setWithheld(null);
                if (suggestion.kind === 'aggregate_table') onUseTable?.(suggestion);
                else if (suggestion.change.k !== undefined) setK(String(suggestion.change.k));
              }}
              onDownloadAnyway={() => void download(true)}
              onDismiss={() => setWithheld(null)}
            />
          </Box>
        )}
        {summary && (
          <Alert severity="info" sx={{ mt: 2 }} data-testid="microdata-summary">
            <Typography variant="body2" data-testid="microdata-rows">
              {translate('haven.statistics.microdata_rows', { smart_count: summary.rows })}
            </Typography>
            {summary.format === 'json' ? (
              <Stack
                component="dl"
                direction="row"
                spacing={3}
                useFlexGap
                sx={{ m: 0, mt: 1, flexWrap: 'wrap' }}
              >
                {(
                  [
                    ['k', 'haven.statistics.k', String(summary.k ?? '')],
                    [
                      'period',
                      'haven.statistics.period',
                      summary.period
                        ? translate(`haven.statistics.periods.${summary.period}`, {
                            _: summary.period,
                          })
                        : '',
                    ],
                    ['withheld', 'haven.statistics.withheld', String(summary.withheld ?? '')],
                  ] as const
                ).map(([id, label, value]) => (
                  <div key={id}>
                    <Typography component="dt" variant="caption" color="text.secondary">
                      {translate(label)}
                    </Typography>
                    <Typography
                      component="dd"
                      variant="body1"
                      sx={{ m: 0 }}
                      data-testid={`microdata-${id}`}
                    >
                      {value}
                    </Typography>
                  </div>
                ))}
              </Stack>
            ) : (
              <Typography variant="body2" color="text.secondary">
                {translate('haven.statistics.microdata_csv_note')}
              </Typography>
            )}
          </Alert>
        )}
      </CardContent>
    </Card>
  );
};
