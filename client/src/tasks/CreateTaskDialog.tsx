import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  TextField,
} from '@mui/material';
import { PRIORITIES, type Priority, type TeamResponse, type UserResponse } from '@haven/shared';
import { useState } from 'react';
import {
  useDataProvider,
  useGetIdentity,
  useGetList,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { isDay } from '../common/dates';
import { enumKey } from '../common/enums';
import type { HavenIdentity } from '../providers/authProvider';
import type { HavenDataProvider } from '../providers/dataProvider';
import { errorMessage } from '../common/errorMessage';
import { isReviewer } from './taskActions';
import { createTaskBody, type TaskFormValues } from './taskForm';
import { DayTextField } from '../common/DayInput';

/**
 * A new task, for a case or for the team: title, details, priority, due day, and who holds it
 * (me, the team's queue, or — for supervisors and admins — a member of the team).
 */
export const CreateTaskDialog = ({
  caseId,
  teamId: caseTeamId,
  onClose,
}: {
  caseId?: string;
  /** The case's team, whose members a reviewer may assign the task to. */
  teamId?: string | null;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const { identity } = useGetIdentity();
  const me = identity as HavenIdentity | undefined;
  const admin = me?.role === 'admin';
  const reviewer = me ? isReviewer(me.role) : false;
  const [values, setValues] = useState<TaskFormValues>({
    title: '',
    description: '',
    priority: 'normal',
    dueOn: '',
    holder: admin ? 'team' : 'me',
    teamId: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<TaskFormValues>) =>
    setValues((current) => ({ ...current, ...change }));

  // An admin's task without a case names its team; everyone else's belongs to the case's or their own.
  const needsTeam = admin && !caseId;
  const teamId = caseTeamId ?? (needsTeam ? values.teamId : me?.teamId) ?? null;
  const { data: teams = [] } = useGetList<TeamResponse>(
    'teams',
    { pagination: { page: 1, perPage: 100 }, sort: { field: 'name', order: 'ASC' } },
    { enabled: needsTeam },
  );
  const { data: members = [] } = useGetList<UserResponse>(
    'users',
    {
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'fullName', order: 'ASC' },
      filter: { teamId, active: true, role: ['caseworker', 'supervisor'] },
    },
    { enabled: reviewer && Boolean(teamId) },
  );

  const save = async () => {
    if (!me) return;
    const found: Record<string, string> = {};
    if (!values.title.trim()) found.title = translate('ra.validation.required');
    else if (values.title.trim().length > 200) {
      found.title = translate('ra.validation.maxLength', { max: 200 });
    }
    if (values.description.length > 5000) {
      found.description = translate('ra.validation.maxLength', { max: 5000 });
    }
    if (values.dueOn && !isDay(values.dueOn)) found.dueOn = translate('haven.tasks.errors.day');
    if (needsTeam && !values.teamId) found.teamId = translate('ra.validation.required');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setFailure(null);
    try {
      await dataProvider.create('tasks', {
        data: createTaskBody(values, { caseId, meId: me.id, adminWithoutCase: needsTeam }),
      });
      notify('haven.tasks.created', { type: 'success' });
      refresh();
      onClose();
    } catch (error) {
      const message = errorMessage(error);
      setFailure(translate(message, { _: message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="task-create-title">
      <form
        noValidate
        data-testid="task-create-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <DialogTitle id="task-create-title">{translate('haven.tasks.new_title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField
              autoFocus
              required
              id="task-title"
              name="title"
              label={translate('resources.tasks.fields.title')}
              value={values.title}
              onChange={(event) => set({ title: event.target.value })}
              error={Boolean(errors.title)}
              helperText={errors.title}
              slotProps={{ htmlInput: { maxLength: 200 } }}
            />
            <TextField
              id="task-description"
              name="description"
              label={translate('resources.tasks.fields.description')}
              value={values.description}
              onChange={(event) => set({ description: event.target.value })}
              error={Boolean(errors.description)}
              helperText={errors.description}
              multiline
              minRows={2}
            />
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              <TextField
                select
                id="task-priority"
                name="priority"
                label={translate('resources.tasks.fields.priority')}
                value={values.priority}
                onChange={(event) => set({ priority: event.target.value as Priority })}
                slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
                sx={{ flex: 1 }}
              >
                {PRIORITIES.map((value) => (
                  <option key={value} value={value}>
                    {translate(enumKey('priority', value))}
                  </option>
                ))}
              </TextField>
              <DayTextField
                id="task-due"
                name="dueOn"
                type="date"
                label={translate('resources.tasks.fields.dueOn')}
                value={values.dueOn}
                onChange={(event) => set({ dueOn: event.target.value })}
                error={Boolean(errors.dueOn)}
                helperText={errors.dueOn}
                slotProps={{ inputLabel: { shrink: true } }}
                sx={{ flex: 1 }}
              />
            </Stack>
            {needsTeam && (
              <TextField
                select
                required
                id="task-team"
                name="teamId"
                label={translate('haven.tasks.team')}
                value={values.teamId}
                onChange={(event) => set({ teamId: event.target.value })}
                error={Boolean(errors.teamId)}
                helperText={errors.teamId}
                slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
              >
                <option value="">{translate('haven.tasks.choose')}</option>
                {teams.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </TextField>
            )}
            <TextField
              select
              id="task-holder"
              name="holder"
              label={translate('haven.tasks.holder')}
              value={values.holder}
              onChange={(event) => set({ holder: event.target.value })}
              helperText={translate('haven.tasks.holder_help')}
              slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
            >
              {!admin && <option value="me">{translate('haven.tasks.holder_me')}</option>}
              <option value="team">{translate('haven.tasks.holder_team')}</option>
              {reviewer &&
                members
                  .filter((user) => user.id !== me?.id)
                  .map((user) => (
                    <option key={user.id} value={user.id}>
                      {user.fullName}
                    </option>
                  ))}
            </TextField>
            {failure && (
              <Alert severity="error" role="alert">
                {failure}
              </Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={busy} data-testid="task-create-save">
            {translate('haven.tasks.create')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
