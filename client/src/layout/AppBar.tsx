import { Typography } from '@mui/material';
import {
  AppBar as RaAppBar,
  LoadingIndicator,
  LocalesMenuButton,
  TitlePortal,
  useTranslate,
} from 'react-admin';

/** Haven's name, the page title, the language switch and the user menu (with logout). */
export const AppBar = () => {
  const translate = useTranslate();
  return (
    <RaAppBar
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
