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
  useGetIdentity,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { localeChoices, roleChoices } from './roles';
import { validateUser, type UserFormValues } from './userValidation';

/** The account form shared by create and edit (admins only). */
export const UserForm = ({ mode }: { mode: 'create' | 'edit' }) => {
  const translate = useTranslate();
  const record = useRecordContext();
  const { identity } = useGetIdentity();
  const self = mode === 'edit' && record?.id !== undefined && record.id === identity?.id;
  return (
    <SimpleForm
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
    </SimpleForm>
  );
};
