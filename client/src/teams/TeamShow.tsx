import { Show, SimpleShowLayout, TextField } from 'react-admin';
import { CountryField } from './CountryField';
import { InstantField } from '../common/InstantField';

export const TeamShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="name" />
      <CountryField source="country" />
      <InstantField source="createdAt" />
    </SimpleShowLayout>
  </Show>
);
