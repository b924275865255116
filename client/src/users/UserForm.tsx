import { PASSWORD_MIN_LENGTH } from '@haven/shared';
import {
  BooleanInput,
  PasswordInput,
  ReferenceInput,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextInput,
  Toolbar,
  useDataProvider,
  useGetIdentity,
  useRecordContext,
  useSaveContext,
  useTranslate,
} from 'react-admin';
import { useState } from 'react';
import type { HavenDataProvider } from '../providers/dataProvider';
import { MoveConfirmDialog } from './MoveConfirmDialog';
import { movesUser, needsConfirmation, type OpenWork } from './openWork';
import { localeChoices, roleChoices } from './roles';
import { validateUser, type UserFormValues } from './userValidation';

/** The account form shared by create and edit (admins only). */
export const UserForm = ({ mode }: { mode: 'create' | 'edit' }) => {
  const translate = useTranslate();
  const record = useRecordContext();
  const { identity } = useGetIdentity();
  const self = mode === 'edit' && record?.id !== undefined && record.id === identity?.id;
  const { save } = useSaveContext();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const [asking, setAsking] = useState<{
    work: OpenWork | null;
    answer: (ok: boolean) => void;
  } | null>(null);

  // A new team or role unassigns the user's open cases and tasks on the server: say how many and
  // ask first. The form stays submitting until the answer, so it cannot be sent twice meanwhile.
  const submit = async (values: UserFormValues) => {
    if (
      mode === 'edit' &&
      record &&
      movesUser(record as { role?: string; teamId?: string | null }, values)
    ) {
      const work = await dataProvider
        .recordAction<OpenWork>('users', record.id, 'open-work')
        .catch(() => null);
      if (needsConfirmation(work)) {
        const ok = await new Promise<boolean>((answer) => setAsking({ work, answer }));
        setAsking(null);
        if (!ok) return undefined;
      }
    }
    return save?.(values);
  };

  return (
    <SimpleForm
      onSubmit={submit}
      validate={(values: UserFormValues) => validateUser(values, mode, { self })}
      // Accounts are deactivated, never deleted: no delete button.
      toolbar={
        <Toolbar>
          <SaveButton />
        </Toolbar>
      }
      sx={{ maxWidth: 560 }}
    >
      <TextInput source="email" type="email" autoComplete="off" />
      <TextInput source="fullName" autoComplete="off" />
      <SelectInput source="role" choices={roleChoices} />
      <ReferenceInput
        source="teamId"
        reference="teams"
        sort={{ field: 'name', order: 'ASC' }}
        perPage={100}
      >
        <SelectInput optionText="name" emptyText="haven.users.no_team" />
      </ReferenceInput>
      <SelectInput source="locale" choices={localeChoices} />
      <BooleanInput source="active" helperText="haven.users.active_help" />
      <PasswordInput
        source="password"
        autoComplete="new-password"
        label={mode === 'edit' ? 'haven.users.new_password' : undefined}
        helperText={
          mode === 'edit'
            ? 'haven.users.password_help_edit'
            : translate('haven.users.password_help_create', { min: PASSWORD_MIN_LENGTH })
        }
      />
      {asking && (
        <MoveConfirmDialog
          work={asking.work}
          onCancel={() => asking.answer(false)}
          onConfirm={() => asking.answer(true)}
        />
      )}
    </SimpleForm>
  );
};
