import {
  BooleanField,
  CreateButton,
  DataTable,
  FilterButton,
  List,
  NullableBooleanInput,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectField,
  SelectInput,
  SimpleList,
  TopToolbar,
  useCanAccess,
} from 'react-admin';
import { Box } from '@mui/material';
import type { UserResponse } from '@haven/shared';
import { useIsSmall } from '../layout/useIsSmall';
import { RoleChip, localeChoices, roleChoices } from './roles';

const userFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="role" source="role" choices={roleChoices} />,
  <ReferenceInput
    key="teamId"
    source="teamId"
    reference="teams"
    sort={{ field: 'name', order: 'ASC' }}
    perPage={100}
  >
    <SelectInput optionText="name" />
  </ReferenceInput>,
  <NullableBooleanInput key="active" source="active" />,
];

// No export button: a spreadsheet of accounts would leave the audit trail's sight.
const UserListActions = () => (
  <TopToolbar>
    <FilterButton />
    <CreateButton />
  </TopToolbar>
);

export const UserList = () => {
  const { canAccess: canEdit } = useCanAccess({ resource: 'users', action: 'edit' });
  const isSmall = useIsSmall();
  return (
    <List
      filters={userFilters}
      actions={<UserListActions />}
      sort={{ field: 'fullName', order: 'ASC' }}
      perPage={25}
    >
      {isSmall ? (
        <SimpleList<UserResponse>
          primaryText={(user) => user.fullName}
          secondaryText={(user) => user.email}
          tertiaryText={
            <Box component="span" sx={{ ml: 1 }}>
              <RoleChip />
            </Box>
          }
          rowClick={canEdit ? 'edit' : 'show'}
        />
      ) : (
        <DataTable rowClick={canEdit ? 'edit' : 'show'} bulkActionButtons={false}>
          <DataTable.Col source="fullName" />
          <DataTable.Col source="email" />
          <DataTable.Col source="role" field={RoleChip} />
          <DataTable.Col source="teamId" disableSort>
            <ReferenceField source="teamId" reference="teams" link={false} />
          </DataTable.Col>
          <DataTable.Col source="active" field={BooleanField} />
          <DataTable.Col source="locale" disableSort>
            <SelectField source="locale" choices={localeChoices} />
          </DataTable.Col>
        </DataTable>
      )}
    </List>
  );
};
