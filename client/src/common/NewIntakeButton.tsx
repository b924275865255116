import AddIcon from '@mui/icons-material/Add';
import { Button, useCanAccess, useRedirect } from 'react-admin';

/** Opens the intake wizard, for roles that may take an intake (`intake.create`). */
export const NewIntakeButton = ({ variant }: { variant?: 'text' | 'contained' | 'outlined' }) => {
  const { canAccess } = useCanAccess({ resource: 'intake', action: 'create' });
  const redirect = useRedirect();
  if (!canAccess) return null;
  return (
    <Button
      label="haven.intake.new"
      variant={variant}
      onClick={() => redirect('/intake')}
      data-testid="new-intake"
    >
      <AddIcon />
    </Button>
  );
};
