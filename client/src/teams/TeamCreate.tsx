import { Create } from 'react-admin';
import { TeamForm } from './TeamForm';

export const TeamCreate = () => (
  <Create redirect="list">
    <TeamForm />
  </Create>
);
