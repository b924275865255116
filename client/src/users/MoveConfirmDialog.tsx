import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@mui/material';
import { useTranslate } from 'react-admin';
import type { OpenWork } from './openWork';

/**
 * Asks before a new team or role takes a user off their open work. Cancel has the focus, so Enter
 * or Escape straight away keeps things as they are.
 */
export const MoveConfirmDialog = ({
  work,
  onCancel,
  onConfirm,
}: {
  /** null: the counts could not be loaded; the warning still stands. */
  work: OpenWork | null;
  onCancel: () => void;
  onConfirm: () => void;
}) => {
  const translate = useTranslate();
  return (
    <Dialog
      open
      onClose={onCancel}
      aria-labelledby="user-move-title"
      aria-describedby="user-move-description"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="user-move-title">{translate('haven.users.move_title')}</DialogTitle>
      <DialogContent id="user-move-description">
        {work ? (
          <>
            <DialogContentText>{translate('haven.users.move_intro')}</DialogContentText>
            <ul>
              {work.openCases > 0 && (
                <li>
                  <DialogContentText component="span">
                    {translate('haven.users.move_cases', { smart_count: work.openCases })}
                  </DialogContentText>
                </li>
              )}
              {work.openTasks > 0 && (
                <li>
                  <DialogContentText component="span">
                    {translate('haven.users.move_tasks', { smart_count: work.openTasks })}
                  </DialogContentText>
                </li>
              )}
            </ul>
          </>
        ) : (
          <DialogContentText>{translate('haven.users.move_unknown')}</DialogContentText>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} autoFocus>
          {translate('ra.action.cancel')}
        </Button>
        <Button onClick={onConfirm} color="warning" variant="contained">
          {translate('haven.users.move_confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
