import {
  Alert,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { useCaseworkers } from '../common/useCaseworkers';

/**
 * Picks a caseworker of the team for one case or several. Used by the case page's Reassign button
 * and the list's bulk action; the caller saves.
 */
export const ReassignDialog = ({
  open,
  teamId,
  currentAssigneeId,
  allowUnassign,
  description,
  busy,
  error,
  onClose,
  onConfirm,
}: {
  open: boolean;
  teamId: string | null;
  currentAssigneeId?: string | null;
  allowUnassign?: boolean;
  description?: string;
  busy?: boolean;
  error?: string | null;
  onClose: () => void;
  onConfirm: (assigneeId: string | null) => void;
}) => {
  const translate = useTranslate();
  const { data: caseworkers = [], isPending } = useCaseworkers(teamId, open);
  const [choice, setChoice] = useState<string>('');
  const unchanged = (choice || null) === (currentAssigneeId ?? null);
  const canSave = !busy && (choice !== '' || allowUnassign) && !unchanged;

  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="reassign-title" fullWidth maxWidth="xs">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (canSave) onConfirm(choice || null);
        }}
      >
        <DialogTitle id="reassign-title">{translate('haven.cases.reassign_title')}</DialogTitle>
        <DialogContent>
          {description && <DialogContentText sx={{ mb: 2 }}>{description}</DialogContentText>}
          {!teamId ? (
            <Alert severity="info">{translate('haven.cases.reassign_one_team')}</Alert>
          ) : isPending ? (
            <CircularProgress size={24} />
          ) : (
            <TextField
              select
              autoFocus
              fullWidth
              id="reassign-assignee"
              name="assignedToId"
              label={translate('haven.cases.reassign_to')}
              value={choice}
              onChange={(event) => setChoice(event.target.value)}
              slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
              helperText={translate('haven.cases.reassign_help')}
            >
              <option value="">
                {translate(allowUnassign ? 'haven.cases.unassigned' : 'haven.form.choose')}
              </option>
              {caseworkers.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.fullName}
                  {user.id === currentAssigneeId ? ` (${translate('haven.cases.current')})` : ''}
                </option>
              ))}
            </TextField>
          )}
          {error && (
            <Alert severity="error" sx={{ mt: 2 }} role="alert">
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={!canSave || !teamId}>
            {translate('haven.cases.reassign')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
