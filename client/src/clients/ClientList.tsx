import { Box, Typography } from '@mui/material';
import type { ClientListItem } from '@haven/shared';
import {
  DataTable,
  FilterButton,
  List,
  SearchInput,
  SelectInput,
  SimpleList,
  TopToolbar,
  useTranslate,
} from 'react-admin';
import { CountryInput } from '../common/CountryInput';
import { ClientReferenceField } from '../common/ReferenceField';
import { CountryCodeField } from '../common/CountryName';
import { NewIntakeButton } from '../common/NewIntakeButton';
import { DayField } from '../common/DayField';
import { EnumField } from '../common/EnumField';
import { useIsSmall } from '../layout/useIsSmall';
import { sexChoices } from './clientChoices';

// References are read as one token: never broken over two lines.
const NO_WRAP = () => ({ whiteSpace: 'nowrap' });

/** Names in Latin and in the original script, and the reference, are searched by `q`. */
const clientFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <CountryInput key="nationality" source="nationality" />,
  <SelectInput key="sex" source="sex" choices={sexChoices} />,
  <CountryInput key="currentCountry" source="currentCountry" />,
];

const ClientListActions = () => (
  <TopToolbar>
    <FilterButton />
    <NewIntakeButton />
  </TopToolbar>
);

const ClientsEmpty = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ textAlign: 'center', m: 4 }} data-testid="clients-empty">
      <Typography variant="h6" component="p" gutterBottom>
        {translate('haven.clients.empty')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('haven.clients.empty_help')}
      </Typography>
      <NewIntakeButton />
    </Box>
  );
};

export const ClientList = () => {
  const isSmall = useIsSmall();
  return (
    <List
      filters={clientFilters}
      actions={<ClientListActions />}
      sort={{ field: 'familyName', order: 'ASC' }}
      perPage={25}
      empty={<ClientsEmpty />}
    >
      {isSmall ? (
        <SimpleList<ClientListItem>
          primaryText={(client) => `${client.givenName} ${client.familyName}`}
          secondaryText={(client) => client.nativeName ?? client.reference}
          tertiaryText={(client) => client.nationality}
          rowClick="show"
        />
      ) : (
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="reference" cellSx={NO_WRAP} field={ClientReferenceField} />
          <DataTable.Col source="familyName" />
          <DataTable.Col source="givenName" />
          <DataTable.Col source="nativeName" disableSort />
          <DataTable.Col source="nationality" field={CountryCodeField} />
          <DataTable.Col source="sex" disableSort>
            <EnumField source="sex" enumName="sex" />
          </DataTable.Col>
          <DataTable.Col source="dateOfBirth">
            <DayField source="dateOfBirth" />
          </DataTable.Col>
          <DataTable.Col source="currentCountry" disableSort field={CountryCodeField} />
          <DataTable.Col source="arrivalDate">
            <DayField source="arrivalDate" />
          </DataTable.Col>
        </DataTable>
      )}
    </List>
  );
};
