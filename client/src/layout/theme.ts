import { defaultTheme, type RaThemeOptions } from 'react-admin';

/** react-admin's default theme in Haven's colours; the sidebar collapses on phones by default. */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    ...defaultTheme.palette,
    primary: { main: '#1f4e79' },
    secondary: { main: '#2e6f9e' },
  },
};
