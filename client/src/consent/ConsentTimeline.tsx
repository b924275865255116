import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  List,
  ListItem,
  ListItemText,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import {
  CONSENT_ACTIONS,
  CONSENT_BASES,
  CONSENT_NOTE_MAX,
  CONSENT_SCOPES,
  type ConsentAction,
  type ConsentBasis,
  type ConsentHistoryResponse,
  type ConsentScope,
  type RecordConsentRequest,
} from '@haven/shared';
import { useCallback, useEffect, useState } from 'react';
import {
  useCanAccess,
  useDataProvider,
  useLocaleState,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { formatDay } from '../common/dates';
import { enumKey } from '../common/enums';
import { errorMessage } from '../common/errorMessage';
import { LANGUAGE_CODES, languageName } from '../common/languages';
import { useDateLocale } from '../common/useDateLocale';
import type { HavenDataProvider } from '../providers/dataProvider';
import { DayTextField } from '../common/DayInput';

const today = () => new Date().toISOString().slice(0, 10);

const ACTION_COLOR = { given: 'success', withdrawn: 'warning', never: 'default' } as const;

/**
 * A client's consent as a timeline (`GET /api/clients/:id/consent`): where each scope stands now,
 * every giving and withdrawal newest first, and a dialog to record one. Recording refreshes the
 * client, whose current consent follows the history.
 */
export const ConsentTimeline = ({ clientId }: { clientId: string }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const dateLocale = useDateLocale();
  const [locale] = useLocaleState();
  const { canAccess: canWrite } = useCanAccess({ resource: 'clients', action: 'edit' });
  const [history, setHistory] = useState<ConsentHistoryResponse | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ scope?: ConsentScope; action?: ConsentAction } | null>(
    null,
  );

  const load = useCallback(async () => {
    try {
      setHistory(
        await dataProvider.recordAction<ConsentHistoryResponse>('clients', clientId, 'consent', {
          method: 'GET',
        }),
      );
      setFailure(null);
    } catch (problem) {
      setFailure(errorMessage(problem));
    }
  }, [clientId, dataProvider]);
  useEffect(() => {
    void load();
  }, [load]);

  const day = (value: string) => formatDay(value, dateLocale);
  if (failure)
    return (
      <Alert severity="error" role="alert">
        {translate(failure, { _: failure })}
      </Alert>
    );
  if (!history) return null;
  return (
    <Box data-testid="consent-timeline">
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', gap: 1, mb: 2 }}>
        {history.current.map((state) => (
          <Stack
            key={state.scope}
            direction="row"
            spacing={0.5}
            sx={{ alignItems: 'center' }}
            data-testid={`consent-state-${state.scope}`}
          >
            <Chip
              size="small"
              variant="outlined"
              color={ACTION_COLOR[state.status]}
              label={`${translate(enumKey('consentScope', state.scope))}: ${translate(`haven.consent.action.${state.status}`)}`}
            />
            {canWrite && state.status === 'given' && (
              <Button
                size="small"
                color="warning"
                onClick={() => setDialog({ scope: state.scope, action: 'withdrawn' })}
                data-testid={`consent-withdraw-${state.scope}`}
              >
                {translate('haven.consent.withdraw')}
              </Button>
            )}
          </Stack>
        ))}
      </Stack>
      {history.data.length === 0 ? (
        <Box sx={{ mb: 1 }}>
          <Typography variant="body2">{translate('haven.consent.empty')}</Typography>
          <Typography variant="body2" color="text.secondary">
            {translate('haven.consent.empty_help')}
          </Typography>
        </Box>
      ) : (
        <List dense disablePadding>
          {history.data.map((event) => (
            <ListItem
              key={event.id}
              disableGutters
              divider
              data-testid="consent-event"
              data-action={event.action}
              data-scope={event.scope}
            >
              <ListItemText
                primary={
                  <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                    <Typography variant="body2" component="span" sx={{ minWidth: 96 }}>
                      {day(event.on)}
                    </Typography>
                    <Chip
                      size="small"
                      color={ACTION_COLOR[event.action]}
                      label={translate(`haven.consent.action.${event.action}`)}
                    />
                    <Typography variant="body2" component="span">
                      {translate(enumKey('consentScope', event.scope))}
                    </Typography>
                  </Stack>
                }
                secondary={
                  <>
                    {translate(`haven.consent.basis.${event.basis}`)}
                    {' · '}
                    {event.language
                      ? languageName(event.language, locale)
                      : translate('haven.consent.carried_over')}
                    {event.note ? (
                      <Box component="span" sx={{ display: 'block', whiteSpace: 'pre-wrap' }}>
                        {event.note}
                      </Box>
                    ) : null}
                  </>
                }
              />
            </ListItem>
          ))}
        </List>
      )}
      {canWrite && (
        <Button sx={{ mt: 1 }} onClick={() => setDialog({})} data-testid="consent-record">
          {translate('haven.consent.record')}
        </Button>
      )}
      {dialog && (
        <RecordConsentDialog
          clientId={clientId}
          scope={dialog.scope}
          action={dialog.action}
          onClose={() => setDialog(null)}
          onRecorded={(next) => setHistory(next)}
        />
      )}
    </Box>
  );
};

/** Records one giving or withdrawal; a withdrawal says what stops before it is confirmed. */
const RecordConsentDialog = ({
  clientId,
  scope: initialScope,
  action: initialAction,
  onClose,
  onRecorded,
}: {
  clientId: string;
  scope?: ConsentScope;
  action?: ConsentAction;
  onClose: () => void;
  onRecorded: (history: ConsentHistoryResponse) => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [locale] = useLocaleState();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const [scope, setScope] = useState<ConsentScope>(initialScope ?? 'data_processing');
  const [action, setAction] = useState<ConsentAction>(initialAction ?? 'given');
  const [on, setOn] = useState(today());
  const [language, setLanguage] = useState(locale === 'ru' ? 'ru' : 'en');
  const [basis, setBasis] = useState<ConsentBasis | ''>('');
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const body: RecordConsentRequest = {
        scope,
        action,
        on,
        language,
        ...(basis ? { basis } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      };
      await dataProvider.recordAction('clients', clientId, 'consent', { method: 'POST', body });
      const next = await dataProvider.recordAction<ConsentHistoryResponse>(
        'clients',
        clientId,
        'consent',
        { method: 'GET' },
      );
      onRecorded(next);
      notify('haven.consent.recorded', { type: 'success' });
      refresh();
      onClose();
    } catch (problem) {
      const message = errorMessage(problem);
      setFailure(translate(message, { _: message }));
    } finally {
      setBusy(false);
    }
  };

  const select = { select: { native: true } } as const;
  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="consent-record-title"
    >
      <form
        noValidate
        data-testid="consent-record-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <DialogTitle id="consent-record-title">
          {translate('haven.consent.record_title')}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <TextField
              select
              autoFocus
              id="consent-scope"
              label={translate('haven.consent.fields.scope')}
              value={scope}
              onChange={(event) => setScope(event.target.value as ConsentScope)}
              slotProps={select}
            >
              {CONSENT_SCOPES.map((value) => (
                <option key={value} value={value}>
                  {translate(enumKey('consentScope', value))}
                </option>
              ))}
            </TextField>
            <TextField
              select
              id="consent-action"
              label={translate('haven.consent.fields.action')}
              value={action}
              onChange={(event) => setAction(event.target.value as ConsentAction)}
              slotProps={select}
            >
              {CONSENT_ACTIONS.map((value) => (
                <option key={value} value={value}>
                  {translate(`haven.consent.action.${value}`)}
                </option>
              ))}
            </TextField>
            <DayTextField
              type="date"
              required
              id="consent-on"
              label={translate('haven.consent.fields.on')}
              value={on}
              onChange={(event) => setOn(event.target.value)}
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: today() } }}
            />
            <TextField
              select
              id="consent-language"
              label={translate('haven.consent.fields.language')}
              value={language}
              onChange={(event) => setLanguage(event.target.value)}
              slotProps={select}
            >
              {LANGUAGE_CODES.map((code) => (
                <option key={code} value={code}>
                  {languageName(code, locale)}
                </option>
              ))}
            </TextField>
            <TextField
              select
              id="consent-basis"
              label={translate('haven.consent.fields.basis')}
              value={basis}
              onChange={(event) => setBasis(event.target.value as ConsentBasis | '')}
              slotProps={{ ...select, inputLabel: { shrink: true } }}
            >
              <option value="">{translate('haven.consent.fields.basis_default')}</option>
              {CONSENT_BASES.map((value) => (
                <option key={value} value={value}>
                  {translate(`haven.consent.basis.${value}`)}
                </option>
              ))}
            </TextField>
            <TextField
              multiline
              minRows={2}
              id="consent-note"
              label={translate('haven.consent.fields.note')}
              helperText={translate('haven.consent.fields.note_help')}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              slotProps={{ htmlInput: { maxLength: CONSENT_NOTE_MAX } }}
            />
            {action === 'withdrawn' && (
              <DialogContentText>{translate('haven.consent.withdraw_confirm')}</DialogContentText>
            )}
            {failure && (
              <Alert severity="error" role="alert">
                {failure}
              </Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>
            {translate('ra.action.cancel')}
          </Button>
          <Button
            type="submit"
            variant="contained"
            color={action === 'withdrawn' ? 'warning' : 'primary'}
            disabled={busy}
            data-testid="consent-submit"
          >
            {translate(action === 'withdrawn' ? 'haven.consent.withdraw' : 'haven.consent.record')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
