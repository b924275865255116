import { Typography } from '@mui/material';
import {
  AppBar as RaAppBar,
  LoadingIndicator,
  LocalesMenuButton,
  Logout,
  TitlePortal,
  UserMenu,
  useTranslate,
} from 'react-admin';
import { AccountMenuItem } from '../account/AccountMenuItem';

/** Haven's name, the page title, the language switch and the user menu (with logout). */
export const AppBar = () => {
  const translate = useTranslate();
  return (
    <RaAppBar
      userMenu={
        <UserMenu>
          <AccountMenuItem />
          <Logout />
        </UserMenu>
      }
      toolbar={
        <>
          <LocalesMenuButton />
          <LoadingIndicator />
        </>
      }
    >
      <Typography
        variant="h6"
        component="span"
        sx={{ fontWeight: 600, mr: 2, display: { xs: 'none', sm: 'block' } }}
      >
        {translate('haven.app.title')}
      </Typography>
      <TitlePortal />
    </RaAppBar>
  );
};
