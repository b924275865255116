import { DateField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { CountryField } from './CountryField';

export const TeamShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="name" />
      <CountryField source="country" />
      <DateField source="createdAt" showTime />
    </SimpleShowLayout>
  </Show>
);
