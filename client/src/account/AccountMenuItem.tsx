import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';
import { ListItemIcon, ListItemText, MenuItem } from '@mui/material';
import { forwardRef } from 'react';
import { useTranslate, useUserMenu } from 'react-admin';
import { Link } from 'react-router';
import { ACCOUNT_PATH } from './accountPath';

/** "Account" in the user menu, above "Logout". */
export const AccountMenuItem = forwardRef<HTMLAnchorElement>(function AccountMenuItem(props, ref) {
  const translate = useTranslate();
  const userMenu = useUserMenu();
  return (
    <MenuItem
      component={Link}
      to={ACCOUNT_PATH}
      ref={ref}
      onClick={() => userMenu?.onClose()}
      {...props}
    >
      <ListItemIcon>
        <ManageAccountsIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText>{translate('haven.account.menu')}</ListItemText>
    </MenuItem>
  );
});
