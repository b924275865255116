import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CircularProgress,
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
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { errorMessage } from '../../common/errorMessage';
import { formatInstant } from '../../common/dates';
import { useDateLocale } from '../../common/useDateLocale';
import {
  PASSKEY_NAME_MAX,
  addPasskey,
  authenticatorProblem,
  listPasskeys,
  removePasskey,
  renamePasskey,
  type Passkey,
} from './passkeysApi';

/** What to say when adding, renaming or removing failed. */
function failureMessage(error: unknown): string {
  const problem = authenticatorProblem(error);
  if (problem) return problem;
  if ((error as { status?: number } | null)?.status === 409) {
    const raw = (error as { body?: { message?: unknown } }).body?.message;
    // The last factor of a role that must have one; otherwise the server's reason (too many passkeys).
    if (typeof raw === 'string' && raw.startsWith('passkey:')) return 'haven.passkeys.last_factor';
  }
  return errorMessage(error);
}

/** The name dialog, for a new passkey or a new name; `onSubmit` rejects with what to show. */
const NameDialog = ({
  title,
  intro,
  submitLabel,
  initial,
  onCancel,
  onSubmit,
}: {
  title: string;
  intro?: string;
  submitLabel: string;
  initial: string;
  onCancel: () => void;
  onSubmit: (name: string) => Promise<void>;
}) => {
  const translate = useTranslate();
  const [name, setName] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const trimmed = name.trim();
  const tooLong = trimmed.length > PASSKEY_NAME_MAX;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!trimmed || tooLong || busy) return;
    setBusy(true);
    setError(null);
    onSubmit(trimmed).catch((reason: unknown) => {
      setBusy(false);
      setError(failureMessage(reason));
    });
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : onCancel}
      aria-labelledby="passkey-name-title"
      fullWidth
      maxWidth="xs"
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id="passkey-name-title">{title}</DialogTitle>
        <DialogContent>
          {intro && <DialogContentText sx={{ mb: 2 }}>{intro}</DialogContentText>}
          {error && (
            <Alert severity="error" role="alert" sx={{ mb: 2 }} data-testid="passkey-dialog-error">
              {translate(error, { _: error })}
            </Alert>
          )}
          <TextField
            autoFocus
            fullWidth
            name="passkeyName"
            label={translate('haven.passkeys.name')}
            helperText={
              tooLong
                ? translate('haven.passkeys.name_too_long', { max: PASSKEY_NAME_MAX })
                : translate('haven.passkeys.name_help')
            }
            error={tooLong}
            value={name}
            onChange={(event) => setName(event.target.value)}
            disabled={busy}
            slotProps={{ htmlInput: { maxLength: PASSKEY_NAME_MAX + 20 } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel} disabled={busy}>
            {translate('ra.action.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={!trimmed || tooLong || busy}>
            {busy ? <CircularProgress size={19} thickness={3} /> : submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};

/** Asks before a passkey is removed; Cancel has the focus. */
const RemoveDialog = ({
  passkey,
  onCancel,
  onRemoved,
}: {
  passkey: Passkey;
  onCancel: () => void;
  onRemoved: () => void;
}) => {
  const translate = useTranslate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = () => {
    setBusy(true);
    setError(null);
    removePasskey(passkey.id).then(onRemoved, (reason: unknown) => {
      setBusy(false);
      setError(failureMessage(reason));
    });
  };
  return (
    <Dialog
      open
      onClose={busy ? undefined : onCancel}
      aria-labelledby="passkey-remove-title"
      aria-describedby="passkey-remove-description"
      fullWidth
      maxWidth="xs"
    >
      <DialogTitle id="passkey-remove-title">
        {translate('haven.passkeys.remove_title')}
      </DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }} data-testid="passkey-dialog-error">
            {translate(error, { _: error })}
          </Alert>
        )}
        <DialogContentText id="passkey-remove-description">
          {translate('haven.passkeys.remove_confirm', { name: passkey.name })}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} autoFocus disabled={busy}>
          {translate('ra.action.cancel')}
        </Button>
        <Button onClick={remove} color="error" variant="contained" disabled={busy}>
          {translate('haven.passkeys.remove')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

type Editing =
  | { kind: 'add' }
  | { kind: 'rename'; passkey: Passkey }
  | { kind: 'remove'; passkey: Passkey }
  | null;

/**
 * The user's passkeys on their account page: each with its name, when it was added and last used;
 * add one (named first, then the browser's prompt), rename or remove it (asked first).
 */
export const PasskeysSection = ({ onChange }: { onChange?: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const locale = useDateLocale();
  const [passkeys, setPasskeys] = useState<Passkey[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);

  const reload = useCallback(() => {
    listPasskeys().then(
      (list) => {
        setPasskeys(list);
        setLoadError(null);
      },
      (reason: unknown) => setLoadError(errorMessage(reason)),
    );
  }, []);
  useEffect(reload, [reload]);

  const changed = (message: string, args?: Record<string, unknown>) => {
    setEditing(null);
    notify(message, { type: 'success', messageArgs: args });
    reload();
    onChange?.();
  };

  return (
    <Card data-testid="passkeys">
      <CardContent>
        <Typography variant="h6" component="h2">
          {translate('haven.passkeys.title')}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('haven.passkeys.intro')}
        </Typography>
        {loadError && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            {translate(loadError, { _: loadError })}
          </Alert>
        )}
        {passkeys === null && !loadError ? (
          <CircularProgress size={24} />
        ) : passkeys && passkeys.length === 0 ? (
          <Typography variant="body2" data-testid="passkeys-empty">
            {translate('haven.passkeys.none')}
          </Typography>
        ) : (
          <List dense disablePadding>
            {(passkeys ?? []).map((passkey) => (
              <ListItem
                key={passkey.id}
                data-testid="passkey"
                disableGutters
                divider
                secondaryAction={
                  <Stack direction="row" spacing={1}>
                    <Button
                      size="small"
                      onClick={() => setEditing({ kind: 'rename', passkey })}
                      aria-label={translate('haven.passkeys.rename_named', { name: passkey.name })}
                    >
                      {translate('haven.passkeys.rename')}
                    </Button>
                    <Button
                      size="small"
                      color="error"
                      onClick={() => setEditing({ kind: 'remove', passkey })}
                      aria-label={translate('haven.passkeys.remove_named', { name: passkey.name })}
                    >
                      {translate('haven.passkeys.remove')}
                    </Button>
                  </Stack>
                }
                sx={{ pr: 24 }}
              >
                <ListItemText
                  primary={<span data-testid="passkey-name">{passkey.name}</span>}
                  secondary={[
                    translate('haven.passkeys.added', {
                      date: formatInstant(passkey.createdAt, locale),
                    }),
                    passkey.lastUsedAt
                      ? translate('haven.passkeys.last_used', {
                          date: formatInstant(passkey.lastUsedAt, locale),
                        })
                      : translate('haven.passkeys.never_used'),
                  ].join(' · ')}
                />
              </ListItem>
            ))}
          </List>
        )}
        <Box sx={{ mt: 2 }}>
          <Button
            variant="outlined"
            onClick={() => setEditing({ kind: 'add' })}
            data-testid="passkey-add"
          >
            {translate('haven.passkeys.add')}
          </Button>
        </Box>
      </CardContent>

      {editing?.kind === 'add' && (
        <NameDialog
          title={translate('haven.passkeys.add_title')}
          intro={translate('haven.passkeys.add_intro')}
          submitLabel={translate('haven.passkeys.add_continue')}
          initial=""
          onCancel={() => setEditing(null)}
          onSubmit={async (name) => {
            await addPasskey(name);
            changed('haven.passkeys.added_notice', { name });
          }}
        />
      )}
      {editing?.kind === 'rename' && (
        <NameDialog
          title={translate('haven.passkeys.rename_title')}
          submitLabel={translate('ra.action.save')}
          initial={editing.passkey.name}
          onCancel={() => setEditing(null)}
          onSubmit={async (name) => {
            await renamePasskey(editing.passkey.id, name);
            changed('haven.passkeys.renamed_notice');
          }}
        />
      )}
      {editing?.kind === 'remove' && (
        <RemoveDialog
          passkey={editing.passkey}
          onCancel={() => setEditing(null)}
          onRemoved={() => changed('haven.passkeys.removed_notice')}
        />
      )}
    </Card>
  );
};
