import { Edit, ShowButton, TopToolbar } from 'react-admin';
import { ResetMfaButton } from '../account/mfa';
import { UserForm } from './UserForm';
import { userPayload } from './userValidation';

// Pessimistic: a stale version (409) or a bad field (400) must reach the form, not an undo toast.
export const UserEdit = () => (
  <Edit
    mutationMode="pessimistic"
    transform={userPayload}
    actions={
      <TopToolbar>
        <ResetMfaButton />
        <ShowButton />
      </TopToolbar>
    }
  >
    <UserForm mode="edit" />
  </Edit>
);
