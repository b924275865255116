import { Edit } from 'react-admin';
import { TeamForm } from './TeamForm';

// Pessimistic so a 409 (someone else saved first) shows before the user moves on.
export const TeamEdit = () => (
  <Edit mutationMode="pessimistic">
    <TeamForm />
  </Edit>
);
