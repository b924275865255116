import AddIcon from '@mui/icons-material/Add';
import DownloadIcon from '@mui/icons-material/Download';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  CircularProgress,
  Divider,
  LinearProgress,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { Role, StatsRelease } from '@haven/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { usePermissions, useTranslate } from 'react-admin';
import { errorMessage } from '../common/errorMessage';
import { formatInstant } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';
import { apiFetch } from '../providers/http';
import { fetchFile, saveBlob } from './download';
import { endedQuarters, formatQuarterMonths } from './periods';
import {
  releaseDownload,
  releaseRequest,
  releasedKs,
  sortReleases,
  validK,
  type ReleaseFormat,
} from './releases';
import { MAX_K, MIN_K } from './statsTable';

/** Who may make a release (api-contract.md, Statistics); everyone on the page may download one. */
const CREATORS: readonly Role[] = ['admin', 'analyst'];

type ListState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; releases: StatsRelease[] };

/**
 * Microdata releases: anonymised records of one ended quarter, fixed once made, so that they are
 * what gets published (two downloads are the same bytes). Listed with their downloads; analysts and
 * admins make one from a quarter that has ended (the choices are computed here, the server decides).
 */
export const ReleasesPanel = () => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const { permissions: role } = usePermissions<Role | null>();
  const canCreate = CREATORS.includes(role as Role);
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const quarters = useMemo(() => endedQuarters(new Date(), 12), []);
  const [quarter, setQuarter] = useState(quarters[0]);
  const [kText, setKText] = useState(String(MIN_K));
  const [creating, setCreating] = useState(false);
  const [createFailure, setCreateFailure] = useState<string | null>(null);
  const [created, setCreated] = useState<StatsRelease | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const [downloadFailure, setDownloadFailure] = useState<string | null>(null);
  const k = validK(kText);

  const load = useCallback(async () => {
    setList((current) => (current.status === 'ready' ? current : { status: 'loading' }));
    try {
      const { json } = await apiFetch<{ data: StatsRelease[]; total: number }>('/stats/releases');
      setList({ status: 'ready', releases: sortReleases(json.data ?? []) });
    } catch (error) {
      const message = errorMessage(error);
      setList({ status: 'failed', message: translate(message, { _: message }) });
    }
  }, [translate]);

  useEffect(() => {
    void load();
  }, [load]);

  const released =
    list.status === 'ready' ? releasedKs(list.releases) : new Map<string, number[]>();
  const repeat = k !== null && (released.get(quarter) ?? []).includes(k);

  const create = async () => {
    if (k === null || !quarter) return;
    setCreating(true);
    setCreateFailure(null);
    setCreated(null);
    try {
      const { json } = await apiFetch<StatsRelease>('/stats/releases', {
        method: 'POST',
        body: releaseRequest(quarter, k),
      });
      setCreated(json);
      await load();
    } catch (error) {
      const failure = error as { status?: number; body?: { code?: string } };
      if (failure.status === 409 && failure.body?.code !== 'stats.release_exists') {
        // Made before (by anyone) and the answer has no code of its own: say so plainly.
        setCreateFailure(translate('haven.statistics.releases.exists', { quarter, k }));
        void load();
      } else {
        if (failure.status === 409) void load();
        const message = errorMessage(error);
        setCreateFailure(translate(message, { _: message }));
      }
    } finally {
      setCreating(false);
    }
  };

  const download = async (release: StatsRelease, format: ReleaseFormat) => {
    const { path, query, fallbackName } = releaseDownload(release, format);
    setDownloading(`${release.id}:${format}`);
    setDownloadFailure(null);
    try {
      const file = await fetchFile(path, query, fallbackName);
      saveBlob(file.blob, file.filename);
    } catch (error) {
      const message = errorMessage(error);
      setDownloadFailure(translate(message, { _: message }));
    } finally {
      setDownloading(null);
    }
  };

  return (
    <Card variant="outlined" id="releases" data-testid="releases-panel">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate('haven.statistics.releases.title')}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('haven.statistics.releases.intro')}
        </Typography>

        {canCreate && (
          <Box
            component="form"
            noValidate
            data-testid="release-form"
            onSubmit={(event) => {
              event.preventDefault();
              void create();
            }}
            sx={{ mb: 2 }}
          >
            <Typography variant="subtitle2" component="h3" gutterBottom>
              {translate('haven.statistics.releases.create_title')}
            </Typography>
            <Stack
              direction={{ xs: 'column', sm: 'row' }}
              spacing={2}
              sx={{ alignItems: { sm: 'flex-start' } }}
            >
              <TextField
                select
                id="release-quarter"
                name="quarter"
                label={translate('haven.statistics.releases.quarter')}
                value={quarter}
                onChange={(event) => {
                  setQuarter(event.target.value);
                  setCreateFailure(null);
                }}
                helperText={
                  repeat
                    ? translate('haven.statistics.releases.quarter_released_help', { k })
                    : translate('haven.statistics.releases.create_help')
                }
                sx={{ minWidth: 280, flex: 1 }}
                slotProps={{ htmlInput: { 'data-testid': 'release-quarter' } }}
              >
                {quarters.map((option) => (
                  <MenuItem key={option} value={option} data-quarter={option}>
                    {translate('haven.statistics.releases.quarter_option', {
                      quarter: option,
                      months: formatQuarterMonths(option, locale),
                    })}
                    {released.has(option) && (
                      <Chip
                        size="small"
                        variant="outlined"
                        label={translate('haven.statistics.releases.quarter_released', {
                          ks: (released.get(option) ?? []).join(', '),
                        })}
                        sx={{ ml: 1 }}
                      />
                    )}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                id="release-k"
                name="k"
                type="number"
                label={translate('haven.statistics.k')}
                value={kText}
                onChange={(event) => {
                  setKText(event.target.value);
                  setCreateFailure(null);
                }}
                error={k === null}
                helperText={translate(
                  k === null ? 'haven.statistics.errors.k' : 'haven.statistics.k_help',
                )}
                slotProps={{ htmlInput: { min: MIN_K, max: MAX_K, step: 1 } }}
                sx={{ width: 220, flexShrink: 0 }}
              />
              <Button
                type="submit"
                variant="contained"
                startIcon={creating ? <CircularProgress size={16} color="inherit" /> : <AddIcon />}
                disabled={creating || k === null}
                data-testid="release-create"
                sx={{ mt: { sm: 1 }, flexShrink: 0, whiteSpace: 'nowrap' }}
              >
                {translate(
                  creating
                    ? 'haven.statistics.releases.creating'
                    : 'haven.statistics.releases.create',
                )}
              </Button>
            </Stack>
            {createFailure && (
              <Alert severity="error" role="alert" sx={{ mt: 2 }} data-testid="release-error">
                {createFailure}
              </Alert>
            )}
            {created && (
              <Alert severity="success" sx={{ mt: 2 }} data-testid="release-created">
                {translate('haven.statistics.releases.created_note', {
                  quarter: created.quarter,
                  smart_count: created.rows,
                })}
              </Alert>
            )}
            <Divider sx={{ mt: 2 }} />
          </Box>
        )}

        {list.status === 'loading' && (
          <Box data-testid="releases-loading" sx={{ py: 2 }}>
            <LinearProgress />
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              {translate('haven.statistics.releases.loading')}
            </Typography>
          </Box>
        )}
        {list.status === 'failed' && (
          <Alert
            severity="error"
            role="alert"
            action={
              <Button color="inherit" size="small" onClick={() => void load()}>
                {translate('haven.statistics.releases.retry')}
              </Button>
            }
          >
            {translate('haven.statistics.releases.load_failed', { error: list.message })}
          </Alert>
        )}
        {list.status === 'ready' && list.releases.length === 0 && (
          <Typography color="text.secondary" data-testid="releases-empty" sx={{ py: 1 }}>
            {translate(
              canCreate
                ? 'haven.statistics.releases.empty'
                : 'haven.statistics.releases.empty_viewer',
            )}
          </Typography>
        )}
        {list.status === 'ready' && list.releases.length > 0 && (
          <TableContainer>
            <Table size="small" data-testid="releases-table">
              <TableHead>
                <TableRow>
                  <TableCell>{translate('haven.statistics.releases.quarter')}</TableCell>
                  <TableCell align="right">{translate('haven.statistics.releases.k')}</TableCell>
                  <TableCell align="right">{translate('haven.statistics.releases.rows')}</TableCell>
                  <TableCell>{translate('haven.statistics.releases.created')}</TableCell>
                  <TableCell align="right">
                    {translate('haven.statistics.releases.download')}
                  </TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {list.releases.map((release) => (
                  <TableRow
                    key={release.id}
                    data-testid="release-row"
                    data-quarter={release.quarter}
                    data-k={release.k}
                    selected={created?.id === release.id}
                  >
                    <TableCell component="th" scope="row">
                      <Typography variant="body2" sx={{ fontWeight: 600 }}>
                        {release.quarter}
                      </Typography>
                      <Typography variant="caption" color="text.secondary">
                        {formatQuarterMonths(release.quarter, locale)}
                      </Typography>
                    </TableCell>
                    <TableCell align="right">{release.k}</TableCell>
                    <TableCell align="right" data-testid="release-rows">
                      {release.rows.toLocaleString(locale)}
                    </TableCell>
                    <TableCell>{formatInstant(release.createdAt, locale)}</TableCell>
                    <TableCell align="right">
                      <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
                        {(['csv', 'json'] as const).map((format) => {
                          const busy = downloading === `${release.id}:${format}`;
                          return (
                            <Button
                              key={format}
                              size="small"
                              variant="outlined"
                              startIcon={busy ? <CircularProgress size={14} /> : <DownloadIcon />}
                              disabled={downloading !== null}
                              onClick={() => void download(release, format)}
                              data-testid={`release-download-${format}`}
                              aria-label={translate(
                                `haven.statistics.releases.download_${format}`,
                                {
                                  quarter: release.quarter,
                                },
                              )}
                            >
                              {format.toUpperCase()}
                            </Button>
                          );
                        })}
                      </Stack>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
        {downloadFailure && (
          <Alert severity="error" role="alert" sx={{ mt: 2 }}>
            {downloadFailure}
          </Alert>
        )}
        {!canCreate && list.status === 'ready' && list.releases.length > 0 && (
          <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1 }}>
            {translate('haven.statistics.releases.viewer_note')}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
};
