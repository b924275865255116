import { Create } from 'react-admin';
import { UserForm } from './UserForm';
import { userPayload } from './userValidation';

const defaults = { role: 'caseworker', active: true, locale: 'en', teamId: null };

export const UserCreate = () => (
  <Create transform={userPayload} redirect="list" record={defaults}>
    <UserForm mode="create" />
  </Create>
);
