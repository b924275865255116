import DownloadIcon from '@mui/icons-material/Download';
import TableChartIcon from '@mui/icons-material/TableChart';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CircularProgress,
  MenuItem,
  Stack,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { STAT_DIMENSIONS, type AggregateResponse, type StatDimension } from '@haven/shared';
import { useState } from 'react';
import { Title, useCanAccess, useTranslate } from 'react-admin';
import { apiFetch } from '../providers/http';
import { errorMessage } from '../common/errorMessage';
import { AggregateChart } from './AggregateChart';
import { CrossTable, FlatTable } from './AggregateTable';
import { MicrodataPanel } from './MicrodataPanel';
import { fetchFile, saveBlob } from './download';
import {
  DEFAULT_SETTINGS,
  MAX_K,
  MIN_K,
  ROUNDING_BASES,
  aggregateQuery,
  presentRows,
  suppressionNote,
  validateSettings,
  type AggregateSettings,
  type SettingsErrors,
} from './statsTable';

interface Result {
  settings: AggregateSettings;
  response: AggregateResponse;
}

/** Up to three dimension pickers; the second and third may stay empty. */
const DimensionPickers = ({
  value,
  onChange,
  error,
}: {
  value: StatDimension[];
  onChange: (dimensions: StatDimension[]) => void;
  error?: string;
}) => {
  const translate = useTranslate();
  const slots = [0, 1, 2];
  const set = (index: number, dimension: string) => {
    const next = [...value];
    if (dimension) next[index] = dimension as StatDimension;
    else next.splice(index);
    onChange(next.filter(Boolean));
  };
  return (
    <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
      {slots.map((index) => (
        <TextField
          key={index}
          select
          id={`stat-dimension-${index}`}
          name={`dimension${index}`}
          label={translate('haven.statistics.dimension_n', { n: index + 1 })}
          value={value[index] ?? ''}
          disabled={index > value.length}
          onChange={(event) => set(index, event.target.value)}
          error={index === 0 && Boolean(error)}
          helperText={index === 0 && error ? translate(error) : undefined}
          sx={{ minWidth: 200, flex: 1 }}
          slotProps={{ htmlInput: { 'data-testid': `stat-dimension-${index}` } }}
        >
          {index > 0 && (
            <MenuItem value="">
              <em>{translate('haven.statistics.no_dimension')}</em>
            </MenuItem>
          )}
          {STAT_DIMENSIONS.map((dimension) => (
            <MenuItem
              key={dimension}
              value={dimension}
              disabled={value.includes(dimension) && value[index] !== dimension}
            >
              {translate(`haven.statistics.dimensions.${dimension}`)}
            </MenuItem>
          ))}
        </TextField>
      ))}
    </Stack>
  );
};

/**
 * Anonymised statistics for analysts, supervisors and admins: counts of cases by one to three
 * dimensions, with the server's disclosure control (no count below k, and further cells hidden so
 * that none can be worked out from a total), as a table, a chart and CSV/JSON downloads; and the
 * anonymised microdata. Every table and download is an audited export.
 */
export const StatisticsPage = () => {
  const translate = useTranslate();
  const { canAccess, isPending: accessPending } = useCanAccess({
    resource: 'statistics',
    action: 'read',
  });
  const [settings, setSettings] = useState<AggregateSettings>(DEFAULT_SETTINGS);
  const [kText, setKText] = useState(String(DEFAULT_SETTINGS.k));
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState<'table' | 'csv' | 'json' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [layout, setLayout] = useState<'cross' | 'flat'>('cross');
  const set = (change: Partial<AggregateSettings>) =>
    setSettings((current) => ({ ...current, ...change }));

  const checked = (): AggregateSettings | null => {
    const next = { ...settings, k: Number(kText) };
    const found = validateSettings(next);
    setErrors(found);
    return Object.keys(found).length === 0 ? next : null;
  };

  const showTable = async () => {
    const next = checked();
    if (!next) return;
    setBusy('table');
    setFailure(null);
    try {
      const { json } = await apiFetch<AggregateResponse>('/stats/aggregate', {
        query: aggregateQuery(next),
      });
      setResult({ settings: next, response: json });
    } catch (error) {
      const message = errorMessage(error);
      setFailure(translate(message, { _: message }));
    } finally {
      setBusy(null);
    }
  };

  const download = async (format: 'csv' | 'json') => {
    const next = checked();
    if (!next) return;
    setBusy(format);
    setFailure(null);
    try {
      const file = await fetchFile(
        '/stats/aggregate',
        aggregateQuery(next, format),
        `haven-statistics-${next.dimensions.join('-')}.${format}`,
      );
      saveBlob(file.blob, file.filename);
    } catch (error) {
      const message = errorMessage(error);
      setFailure(translate(message, { _: message }));
    } finally {
      setBusy(null);
    }
  };

  if (accessPending) return <CircularProgress size={24} sx={{ mt: 2 }} />;
  if (!canAccess) {
    return (
      <Alert severity="warning" sx={{ mt: 2 }}>
        {translate('haven.statistics.forbidden')}
      </Alert>
    );
  }

  const dimensions = result?.settings.dimensions ?? [];
  const rows = result ? presentRows(result.response.data, dimensions) : [];
  const note = result ? suppressionNote(rows, result.response.k) : null;

  return (
    <Box sx={{ mt: { xs: 1, sm: 2 }, mb: 4 }} data-testid="statistics-page">
      <Title title="haven.statistics.title" />
      <Typography variant="h5" component="h1" gutterBottom>
        {translate('haven.statistics.title')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('haven.statistics.intro')}
      </Typography>
      <Stack spacing={2}>
        <Card variant="outlined">
          <CardContent>
            <Box
              component="form"
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                void showTable();
              }}
            >
              <Stack spacing={2}>
                <DimensionPickers
                  value={settings.dimensions}
                  onChange={(dims) => set({ dimensions: dims })}
                  error={errors.dimensions}
                />
                <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
                  <TextField
                    id="stat-from"
                    name="from"
                    type="date"
                    label={translate('haven.statistics.from')}
                    value={settings.from}
                    onChange={(event) => set({ from: event.target.value })}
                    error={Boolean(errors.from)}
                    helperText={
                      errors.from
                        ? translate(errors.from)
                        : translate('haven.statistics.opened_help')
                    }
                    slotProps={{ inputLabel: { shrink: true } }}
                    sx={{ flex: 1 }}
                  />
                  <TextField
                    id="stat-to"
                    name="to"
                    type="date"
                    label={translate('haven.statistics.to')}
                    value={settings.to}
                    onChange={(event) => set({ to: event.target.value })}
                    error={Boolean(errors.to)}
                    helperText={errors.to ? translate(errors.to) : undefined}
                    slotProps={{ inputLabel: { shrink: true } }}
                    sx={{ flex: 1 }}
                  />
                  <TextField
                    id="stat-k"
                    name="k"
                    type="number"
                    label={translate('haven.statistics.k')}
                    value={kText}
                    onChange={(event) => setKText(event.target.value)}
                    error={Boolean(errors.k)}
                    helperText={translate(errors.k ?? 'haven.statistics.k_help')}
                    slotProps={{ htmlInput: { min: MIN_K, max: MAX_K, step: 1 } }}
                    sx={{ flex: { md: '0 0 220px' } }}
                  />
                  <TextField
                    select
                    id="stat-round"
                    name="round"
                    label={translate('haven.statistics.round')}
                    value={settings.round === null ? '' : String(settings.round)}
                    onChange={(event) =>
                      set({ round: event.target.value ? Number(event.target.value) : null })
                    }
                    sx={{ flex: { md: '0 0 220px' } }}
                  >
                    <MenuItem value="">{translate('haven.statistics.round_none')}</MenuItem>
                    {ROUNDING_BASES.map((base) => (
                      <MenuItem key={base} value={String(base)}>
                        {translate('haven.statistics.round_to', { base })}
                      </MenuItem>
                    ))}
                  </TextField>
                </Stack>
                <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
                  <Button
                    type="submit"
                    variant="contained"
                    startIcon={<TableChartIcon />}
                    disabled={busy !== null}
                    data-testid="stat-show"
                  >
                    {translate('haven.statistics.show')}
                  </Button>
                  <Button
                    variant="outlined"
                    startIcon={<DownloadIcon />}
                    disabled={busy !== null}
                    onClick={() => void download('csv')}
                    data-testid="stat-download-csv"
                  >
                    {translate('haven.statistics.download_csv')}
                  </Button>
                  <Button
                    variant="outlined"
                    startIcon={<DownloadIcon />}
                    disabled={busy !== null}
                    onClick={() => void download('json')}
                    data-testid="stat-download-json"
                  >
                    {translate('haven.statistics.download_json')}
                  </Button>
                  {busy && <CircularProgress size={24} />}
                </Stack>
                <Typography variant="caption" color="text.secondary">
                  {translate('haven.statistics.audited')}
                </Typography>
              </Stack>
            </Box>
            {failure && (
              <Alert severity="error" role="alert" sx={{ mt: 2 }}>
                {failure}
              </Alert>
            )}
          </CardContent>
        </Card>
        {result && (
          <Card variant="outlined" data-testid="stat-result">
            <CardContent>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
                <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
                  {dimensions
                    .map((dimension) => translate(`haven.statistics.dimensions.${dimension}`))
                    .join(' × ')}
                </Typography>
                {dimensions.length === 2 && (
                  <ToggleButtonGroup
                    size="small"
                    exclusive
                    value={layout}
                    onChange={(_event, value: 'cross' | 'flat' | null) => value && setLayout(value)}
                    aria-label={translate('haven.statistics.layout')}
                  >
                    <ToggleButton value="cross">
                      {translate('haven.statistics.layout_cross')}
                    </ToggleButton>
                    <ToggleButton value="flat">
                      {translate('haven.statistics.layout_flat')}
                    </ToggleButton>
                  </ToggleButtonGroup>
                )}
              </Stack>
              {rows.length === 0 ? (
                <Typography color="text.secondary">
                  {translate('haven.statistics.no_rows')}
                </Typography>
              ) : (
                <Stack spacing={2}>
                  {dimensions.length === 2 && layout === 'cross' ? (
                    <CrossTable rows={rows} dimensions={dimensions} k={result.response.k} />
                  ) : (
                    <FlatTable rows={rows} dimensions={dimensions} k={result.response.k} />
                  )}
                  <Box>
                    {note && (
                      <Typography variant="body2" data-testid="stat-hidden-note">
                        <sup>*</sup> {translate(note.key, note.args)}
                      </Typography>
                    )}
                    <Typography
                      variant="body2"
                      color="text.secondary"
                      data-testid="stat-settings-note"
                    >
                      {translate('haven.statistics.settings_note', { k: result.response.k })}
                      {result.response.round
                        ? ` ${translate('haven.statistics.rounded_note', { base: result.response.round })}`
                        : ''}
                    </Typography>
                    <Typography variant="body2" color="text.secondary">
                      {translate('haven.statistics.rate_note')}
                    </Typography>
                  </Box>
                  <AggregateChart rows={rows} dimensions={dimensions} />
                </Stack>
              )}
            </CardContent>
          </Card>
        )}
        <MicrodataPanel />
      </Stack>
    </Box>
  );
};
