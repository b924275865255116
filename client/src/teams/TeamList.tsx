import type { TeamResponse } from '@haven/shared';
import {
  CreateButton,
  DataTable,
  List,
  SearchInput,
  SimpleList,
  TopToolbar,
  useCanAccess,
} from 'react-admin';
import { useIsSmall } from '../layout/useIsSmall';
import { CountryField } from './CountryField';

const teamFilters = [<SearchInput key="q" source="q" alwaysOn />];

export const TeamList = () => {
  const { canAccess: canEdit } = useCanAccess({ resource: 'teams', action: 'edit' });
  const isSmall = useIsSmall();
  return (
    <List
      filters={teamFilters}
      actions={
        <TopToolbar>
          <CreateButton />
        </TopToolbar>
      }
      sort={{ field: 'name', order: 'ASC' }}
      perPage={25}
    >
      {isSmall ? (
        <SimpleList<TeamResponse>
          primaryText={(team) => team.name}
          secondaryText={<CountryField source="country" />}
          rowClick={canEdit ? 'edit' : 'show'}
        />
      ) : (
        <DataTable rowClick={canEdit ? 'edit' : 'show'} bulkActionButtons={false}>
          <DataTable.Col source="name" />
          <DataTable.Col source="country" field={CountryField} />
        </DataTable>
      )}
    </List>
  );
};
