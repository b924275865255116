import {
  BooleanField,
  EmailField,
  ReferenceField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
} from 'react-admin';
import { RoleChip, localeChoices } from './roles';
import { InstantField } from '../common/InstantField';

/** What a non-admin sees of an account: read-only. */
export const UserShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="fullName" />
      <EmailField source="email" />
      <RoleChip source="role" />
      <ReferenceField
        source="teamId"
        reference="teams"
        link={false}
        emptyText="haven.users.no_team"
      />
      <BooleanField source="active" />
      <SelectField source="locale" choices={localeChoices} />
      <InstantField source="createdAt" />
      <InstantField source="updatedAt" />
    </SimpleShowLayout>
  </Show>
);
