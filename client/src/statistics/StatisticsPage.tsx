import DownloadIcon from '@mui/icons-material/Download';
import TableChartIcon from '@mui/icons-material/TableChart';
import InsightsIcon from '@mui/icons-material/Insights';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  CircularProgress,
  Grid,
  LinearProgress,
  MenuItem,
  Skeleton,
  Stack,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import {
  STAT_DIMENSIONS,
  STAT_PERIODS_BY,
  STAT_UNITS,
  type AggregatePreview,
  type AggregateResponse,
  type StatDimension,
  type StatSuggestion,
  type StatPeriodBy,
  type StatUnit,
} from '@haven/shared';
import { Suspense, lazy, useState } from 'react';
import { Title, useCanAccess, useLocaleState, useTranslate } from 'react-admin';
import { apiFetch, type HavenErrorBody } from '../providers/http';
import { translatedFieldErrors } from '../common/serverErrors';
import { errorMessage } from '../common/errorMessage';
import { formatInstant } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';
import { CrossTable, FlatTable } from './AggregateTable';
import { MicrodataPanel } from './MicrodataPanel';
import { ReleasesPanel } from './ReleasesPanel';
import { WithheldNotice } from './WithheldNotice';
import { fetchFile, saveBlob } from './download';
import { formatMonth } from './periods';
import {
  DEFAULT_SETTINGS,
  MAX_K,
  MIN_K,
  ROUNDING_BASES,
  aggregateQuery,
  allCellsHidden,
  applySuggestion,
  isEmptyTable,
  presentRows,
  previewQuery,
  suppressionNote,
  validateSettings,
  type AggregateSettings,
  type SettingsErrors,
} from './statsTable';

/** The settings the server may name in a refusal, shown under their own input. */
const SETTINGS_FIELDS = ['dimensions', 'from', 'to', 'periodBy', 'unit', 'k', 'round'] as const;

/** recharts is large: the charts load on demand, after the table is shown. */
const AggregateCharts = lazy(() => import('./AggregateChart'));

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
          helperText={index === 0 && error ? translate(error, { _: error }) : undefined}
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
 * The method and its error, from the answer itself (noise, k, rounding): what an analyst publishes
 * beside the figures.
 */
const MethodNote = ({ response }: { response: AggregateResponse }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
  const args = {
    max: number.format(response.noise?.max ?? 0),
    variance: number.format(response.noise?.variance ?? 0),
    k: response.k,
    method: response.method,
  };
  return (
    <Alert severity="info" variant="outlined" icon={<InsightsIcon />} data-testid="stat-method">
      <AlertTitle>{translate('haven.statistics.method_title')}</AlertTitle>
      <Typography variant="body2" data-testid="stat-method-line">
        {translate(
          response.method === 'cell-key'
            ? 'haven.statistics.method_note'
            : 'haven.statistics.method_other',
          args,
        )}
      </Typography>
      {response.round ? (
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="stat-rounded-note">
          {translate('haven.statistics.rounded_note', { base: response.round })}
        </Typography>
      ) : null}
    </Alert>
  );
};

/**
 * What the table counts, by which month, over which months, and up to when changes are counted (as
 * the server answered).
 */
const ScopeChips = ({ response }: { response: AggregateResponse }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const from = response.from ? formatMonth(response.from, locale) : null;
  const to = response.to ? formatMonth(response.to, locale) : null;
  const period =
    from && to
      ? translate('haven.statistics.period_range', { from, to })
      : from
        ? translate('haven.statistics.period_from', { from })
        : to
          ? translate('haven.statistics.period_to', { to })
          : translate('haven.statistics.period_all');
  return (
    <Stack
      direction="row"
      spacing={1}
      useFlexGap
      sx={{ flexWrap: 'wrap', mb: 2 }}
      data-testid="stat-scope"
    >
      <Chip size="small" label={translate(`haven.statistics.units.${response.unit}`)} />
      <Chip
        size="small"
        label={`${translate('haven.statistics.period_by')}: ${translate(
          `haven.statistics.periods_by.${response.periodBy}`,
        )}`}
      />
      <Chip size="small" label={period} data-testid="stat-period" />
      {response.computedAt ? (
        <Chip
          size="small"
          variant="outlined"
          label={translate('haven.statistics.computed_at', {
            time: formatInstant(response.computedAt, locale),
          })}
          data-testid="stat-computed-at"
        />
      ) : null}
    </Stack>
  );
};

/**
 * Anonymised statistics for analysts, supervisors and admins: counts of cases or persons by one to
 * three dimensions over whole months, with the server's disclosure control (cell-key perturbation,
 * no count below k, and further cells hidden so that none can be worked out from a total), as a
 * table beside its method and error, a chart per dimension and CSV/JSON downloads; the microdata
 * releases to publish; and the live anonymised microdata. Every table and download is an audited
 * export.
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
  const [lang] = useLocaleState();
  /** A download held back: the export would withhold every count (its preview said so). */
  const [withheld, setWithheld] = useState<{
    format: 'csv' | 'json';
    settings: AggregateSettings;
    preview: AggregatePreview;
  } | null>(null);
  const set = (change: Partial<AggregateSettings>) =>
    setSettings((current) => ({ ...current, ...change }));

  const checked = (): AggregateSettings | null => {
    const next = { ...settings, k: Number(kText) };
    const found = validateSettings(next);
    setErrors(found);
    return Object.keys(found).length === 0 ? next : null;
  };

  /** A refusal: under the field it names (a day in `from`, say), and in words above the table. */
  const failed = (error: unknown) => {
    const fields = translatedFieldErrors(
      (error as { body?: HavenErrorBody } | null)?.body,
      SETTINGS_FIELDS,
      translate,
    );
    if (fields) setErrors(fields);
    const message = errorMessage(error);
    setFailure(translate(message, { _: message }));
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
      failed(error);
    } finally {
      setBusy(null);
    }
  };

  /**
   * Downloads the table; first asks the server what it would show (`dryRun=1`, no counts), and
   * holds the download back with coarser choices when every count would be hidden — unless the
   * analyst downloads anyway.
   */
  const download = async (format: 'csv' | 'json', anyway = false) => {
    const next = anyway && withheld ? withheld.settings : checked();
    if (!next) return;
    setBusy(format);
    setFailure(null);
    setWithheld(null);
    try {
      if (!anyway) {
        const { json: preview } = await apiFetch<AggregatePreview>('/stats/aggregate', {
          query: previewQuery(next),
        });
        if (preview.withholdsEverything) {
          setWithheld({ format, settings: next, preview });
          return;
        }
      }
      const file = await fetchFile(
        '/stats/aggregate',
        aggregateQuery(next, format, lang),
        `haven-statistics-${next.dimensions.join('-')}.${format}`,
      );
      saveBlob(file.blob, file.filename);
    } catch (error) {
      failed(error);
    } finally {
      setBusy(null);
    }
  };

  /** A coarser choice taken: the settings change, the table (if shown) is asked again. */
  const applyChoice = (suggestion: StatSuggestion) => {
    const next = applySuggestion(settings, suggestion.change);
    setSettings(next);
    if (suggestion.change.k !== undefined) setKText(String(next.k));
    setErrors({});
    setWithheld(null);
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
  const empty = isEmptyTable(rows);

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
                    type="month"
                    label={translate('haven.statistics.from')}
                    value={settings.from}
                    onChange={(event) => set({ from: event.target.value })}
                    error={Boolean(errors.from)}
                    helperText={
                      errors.from
                        ? translate(errors.from, { _: errors.from })
                        : translate('haven.statistics.months_help')
                    }
                    slotProps={{
                      inputLabel: { shrink: true },
                      htmlInput: { placeholder: 'YYYY-MM', 'data-testid': 'stat-from' },
                    }}
                    sx={{ flex: 1 }}
                  />
                  <TextField
                    id="stat-to"
                    name="to"
                    type="month"
                    label={translate('haven.statistics.to')}
                    value={settings.to}
                    onChange={(event) => set({ to: event.target.value })}
                    error={Boolean(errors.to)}
                    helperText={errors.to ? translate(errors.to, { _: errors.to }) : ' '}
                    slotProps={{
                      inputLabel: { shrink: true },
                      htmlInput: { placeholder: 'YYYY-MM', 'data-testid': 'stat-to' },
                    }}
                    sx={{ flex: 1 }}
                  />
                  <TextField
                    select
                    id="stat-period-by"
                    name="periodBy"
                    label={translate('haven.statistics.period_by')}
                    value={settings.periodBy}
                    onChange={(event) => set({ periodBy: event.target.value as StatPeriodBy })}
                    error={Boolean(errors.periodBy)}
                    helperText={
                      errors.periodBy
                        ? translate(errors.periodBy, { _: errors.periodBy })
                        : translate(`haven.statistics.period_by_help.${settings.periodBy}`)
                    }
                    sx={{ flex: 1 }}
                    slotProps={{ htmlInput: { 'data-testid': 'stat-period-by' } }}
                  >
                    {STAT_PERIODS_BY.map((by) => (
                      <MenuItem key={by} value={by}>
                        {translate(`haven.statistics.periods_by.${by}`)}
                      </MenuItem>
                    ))}
                  </TextField>
                  <TextField
                    select
                    id="stat-unit"
                    name="unit"
                    label={translate('haven.statistics.unit')}
                    value={settings.unit}
                    onChange={(event) => set({ unit: event.target.value as StatUnit })}
                    error={Boolean(errors.unit)}
                    helperText={
                      errors.unit
                        ? translate(errors.unit, { _: errors.unit })
                        : translate(`haven.statistics.unit_help.${settings.unit}`)
                    }
                    sx={{ flex: 1 }}
                    slotProps={{ htmlInput: { 'data-testid': 'stat-unit' } }}
                  >
                    {STAT_UNITS.map((unit) => (
                      <MenuItem key={unit} value={unit}>
                        {translate(`haven.statistics.units.${unit}`)}
                      </MenuItem>
                    ))}
                  </TextField>
                </Stack>
                <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
                  <TextField
                    id="stat-k"
                    name="k"
                    type="number"
                    label={translate('haven.statistics.k')}
                    value={kText}
                    onChange={(event) => setKText(event.target.value)}
                    error={Boolean(errors.k)}
                    helperText={
                      errors.k
                        ? translate(errors.k, { _: errors.k })
                        : translate('haven.statistics.k_help')
                    }
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
            {withheld && (
              <Box sx={{ mt: 2 }}>
                <WithheldNotice
                  kind="aggregate"
                  k={withheld.preview.k}
                  suggestions={withheld.preview.suggestions}
                  onApply={applyChoice}
                  onDownloadAnyway={() => void download(withheld.format, true)}
                  onDismiss={() => setWithheld(null)}
                />
              </Box>
            )}
          </CardContent>
        </Card>
        {result ? (
          <Card
            variant="outlined"
            data-testid="stat-result"
            aria-busy={busy === 'table'}
            sx={{ position: 'relative' }}
          >
            {busy === 'table' && (
              <LinearProgress sx={{ position: 'absolute', top: 0, left: 0, right: 0 }} />
            )}
            <CardContent sx={{ opacity: busy === 'table' ? 0.6 : 1, transition: 'opacity .2s' }}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
                <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
                  {dimensions
                    .map((dimension) => translate(`haven.statistics.dimensions.${dimension}`))
                    .join(' × ')}
                </Typography>
                {dimensions.length === 2 && !empty && (
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
              <ScopeChips response={result.response} />
              <Grid container spacing={2}>
                <Grid size={{ xs: 12, lg: 8 }}>
                  {empty ? (
                    <Box
                      data-testid="stat-empty"
                      sx={{
                        py: 4,
                        px: 2,
                        textAlign: 'center',
                        border: 1,
                        borderColor: 'divider',
                        borderStyle: 'dashed',
                        borderRadius: 1,
                      }}
                    >
                      <Typography color="text.secondary">
                        {translate('haven.statistics.no_rows')}
                      </Typography>
                    </Box>
                  ) : (
                    <Stack spacing={1}>
                      {allCellsHidden(rows) &&
                        (result.response.suggestions ? (
                          <Box data-testid="stat-all-hidden">
                            <WithheldNotice
                              kind="aggregate"
                              k={result.response.k}
                              suggestions={result.response.suggestions}
                              onApply={applyChoice}
                            />
                          </Box>
                        ) : (
                          <Alert severity="warning" data-testid="stat-all-hidden">
                            {translate('haven.statistics.all_hidden')}
                          </Alert>
                        ))}
                      {dimensions.length === 2 && layout === 'cross' ? (
                        <CrossTable rows={rows} dimensions={dimensions} k={result.response.k} />
                      ) : (
                        <FlatTable
                          rows={rows}
                          dimensions={dimensions}
                          k={result.response.k}
                          unit={result.response.unit}
                        />
                      )}
                    </Stack>
                  )}
                </Grid>
                <Grid size={{ xs: 12, lg: 4 }}>
                  <Stack spacing={1.5} component="aside">
                    <MethodNote response={result.response} />
                    {note && (
                      <Typography variant="body2" data-testid="stat-hidden-note">
                        <sup>*</sup> {translate(note.key, note.args)}
                      </Typography>
                    )}
                    <Typography variant="body2" color="text.secondary">
                      {translate('haven.statistics.rate_note')}
                    </Typography>
                  </Stack>
                </Grid>
              </Grid>
              {!empty && (
                <Box sx={{ mt: 3 }}>
                  <Typography variant="subtitle1" component="h3" gutterBottom>
                    {translate('haven.statistics.charts_title')}
                  </Typography>
                  <Suspense
                    fallback={
                      <Box data-testid="stat-chart-loading">
                        <Skeleton variant="rounded" height={220} />
                        <Typography variant="caption" color="text.secondary">
                          {translate('haven.statistics.chart_loading')}
                        </Typography>
                      </Box>
                    }
                  >
                    <AggregateCharts
                      rows={rows}
                      dimensions={dimensions}
                      unit={result.response.unit}
                    />
                  </Suspense>
                </Box>
              )}
            </CardContent>
          </Card>
        ) : (
          <Card variant="outlined" data-testid="stat-start" aria-busy={busy === 'table'}>
            <CardContent>
              {busy === 'table' ? (
                <Stack spacing={1} data-testid="stat-loading">
                  <LinearProgress />
                  <Typography variant="body2" color="text.secondary">
                    {translate('haven.statistics.loading')}
                  </Typography>
                  <Skeleton variant="rounded" height={160} />
                </Stack>
              ) : (
                <Stack spacing={1} sx={{ alignItems: 'center', textAlign: 'center', py: 3 }}>
                  <TableChartIcon color="disabled" fontSize="large" />
                  <Typography variant="subtitle1" component="h2">
                    {translate('haven.statistics.start_title')}
                  </Typography>
                  <Typography variant="body2" color="text.secondary" sx={{ maxWidth: 480 }}>
                    {translate('haven.statistics.start_hint')}
                  </Typography>
                </Stack>
              )}
            </CardContent>
          </Card>
        )}
        <ReleasesPanel />
        <MicrodataPanel
          onUseTable={(suggestion) => {
            applyChoice(suggestion);
            window.scrollTo({ top: 0, behavior: 'smooth' });
          }}
        />
      </Stack>
    </Box>
  );
};
