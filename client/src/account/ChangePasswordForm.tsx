import { PASSWORD_MIN_LENGTH } from '@haven/shared';
import { Alert, Button, CircularProgress, Stack, TextField } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { useTranslate } from 'react-admin';
import { errorMessage } from '../common/errorMessage';
import { changePassword, passwordFailure } from './accountApi';

type Field = 'currentPassword' | 'newPassword' | 'repeat';

/**
 * Current password, new password, the new one again. The server decides (length, not the email,
 * not a common or breached password) and answers with a code, shown translated under its field;
 * here only what needs no server is checked first. Standalone: the Account page and the forced
 * first-sign-in change both use it. `onDone` runs after the server accepted the new password (the
 * user's other sessions have then ended).
 */
export const ChangePasswordForm = ({
  onDone,
  submitLabel,
}: {
  onDone: () => void;
  submitLabel?: string;
}) => {
  const translate = useTranslate();
  const [values, setValues] = useState<Record<Field, string>>({
    currentPassword: '',
    newPassword: '',
    repeat: '',
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const set = (field: Field) => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: event.target.value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const found: Partial<Record<Field, string>> = {};
    if (!values.currentPassword)
      found.currentPassword = translate('haven.account.problems.required');
    if ([...values.newPassword].length < PASSWORD_MIN_LENGTH)
      found.newPassword = translate('haven.account.problems.too_short', {
        min: PASSWORD_MIN_LENGTH,
      });
    if (values.repeat !== values.newPassword)
      found.repeat = translate('haven.account.problems.mismatch');
    setErrors(found);
    if (Object.keys(found).length) return;
    setSaving(true);
    try {
      await changePassword(values.currentPassword, values.newPassword);
      setValues({ currentPassword: '', newPassword: '', repeat: '' });
      onDone();
    } catch (error) {
      const coded = passwordFailure(error);
      if (coded) setErrors({ [coded.field]: translate(coded.key, { min: PASSWORD_MIN_LENGTH }) });
      else setFailure(translate(errorMessage(error), { _: errorMessage(error) }));
    } finally {
      setSaving(false);
    }
  };

  const field = (name: Field, label: string, autoComplete: string, helper?: string) => (
    <TextField
      name={name}
      label={translate(label)}
      type="password"
      autoComplete={autoComplete}
      value={values[name]}
      onChange={set(name)}
      error={Boolean(errors[name])}
      helperText={errors[name] ?? helper}
      required
      fullWidth
      slotProps={{ htmlInput: { maxLength: 1024 } }}
    />
  );

  return (
    <form
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label={translate('haven.account.change_password')}
    >
      <Stack spacing={2} sx={{ maxWidth: 420 }}>
        {field('currentPassword', 'haven.account.current_password', 'current-password')}
        {field(
          'newPassword',
          'haven.account.new_password',
          'new-password',
          translate('haven.account.new_password_help', { min: PASSWORD_MIN_LENGTH }),
        )}
        {field('repeat', 'haven.account.repeat_password', 'new-password')}
        {failure && <Alert severity="error">{failure}</Alert>}
        <Button
          type="submit"
          variant="contained"
          disabled={saving}
          startIcon={saving ? <CircularProgress size={16} /> : undefined}
          sx={{ alignSelf: 'flex-start' }}
        >
          {submitLabel ?? translate('haven.account.change_password')}
        </Button>
      </Stack>
    </form>
  );
};
