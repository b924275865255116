import { Chip } from '@mui/material';
import { LOCALES, ROLES, type Role } from '@haven/shared';
import { useRecordContext, useTranslate } from 'react-admin';

/** Choices for inputs and fields; react-admin translates the names. */
export const roleChoices = ROLES.map((role) => ({ id: role, name: `haven.roles.${role}` }));
export const localeChoices = LOCALES.map((locale) => ({
  id: locale,
  name: `haven.locales.${locale}`,
}));

const ROLE_COLORS: Record<Role, 'error' | 'warning' | 'primary' | 'info'> = {
  admin: 'error',
  supervisor: 'warning',
  caseworker: 'primary',
  analyst: 'info',
};

export const RoleChip = (_props: { source?: string; label?: string }) => {
  const record = useRecordContext<{ role?: Role }>();
  const translate = useTranslate();
  if (!record?.role) return null;
  return (
    <Chip
      size="small"
      variant="outlined"
      color={ROLE_COLORS[record.role] ?? 'default'}
      label={translate(`haven.roles.${record.role}`, { _: record.role })}
    />
  );
};
