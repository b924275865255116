import { Typography } from '@mui/material';
import {
  AppBar as RaAppBar,
  LoadingIndicator,
  LocalesMenuButton,
  Logout,
  TitlePortal,
  UserMenu,
  useGetIdentity,
  useTranslate,
} from 'react-admin';
import { AccountMenuItem } from '../account/AccountMenuItem';

/** Haven's name, the page title, the language switch and the user menu (with logout). */
export const AppBar = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  // The menu's button shows the person's name; its accessible name says the same, and what it is
  // (react-admin's default, "Profile", does not match what is shown: WCAG 2.5.3).
  const userMenuLabel = identity?.fullName
    ? translate('haven.layout.user_menu', { name: identity.fullName })
    : translate('haven.layout.user_menu_anonymous');
  return (
    <RaAppBar
      userMenu={
        <UserMenu label={userMenuLabel}>
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
