import { defaultTheme, type RaThemeOptions } from 'react-admin';

/**
 * The keyboard focus ring: a 3 px outline, dark blue on light surfaces (6.4:1 on white) and white on
 * the app bar. WCAG 2.4.7 / 2.4.11: focus must be clearly visible, at least 3:1 against what is
 * around it.
 */
export const FOCUS_RING = '#0b57d0';
const FOCUS_WIDTH = 3;

/**
 * The status colours, darker than MUI's defaults so that text in them (outlined chips, text
 * buttons) and white text on them (filled chips, contained buttons) reach WCAG AA's 4.5:1, also
 * on the tinted background of a hovered or selected row. MUI's defaults measured 3.1:1 (warning)
 * and 3.9:1 (info) on white.
 */
export const STATUS_COLOURS = {
  error: '#c62828',
  warning: '#a94700',
  info: '#01579b',
  success: '#1b5e20',
} as const;

/** react-admin's default theme in Haven's colours; the sidebar collapses on phones by default. */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    ...defaultTheme.palette,
    primary: { main: '#1f4e79' },
    secondary: { main: '#2e6f9e' },
    error: { main: STATUS_COLOURS.error },
    warning: { main: STATUS_COLOURS.warning },
    info: { main: STATUS_COLOURS.info },
    success: { main: STATUS_COLOURS.success },
    // Computed text colours on coloured surfaces (contrastText) must meet AA too, not MUI's 3:1.
    contrastThreshold: 4.5,
  },
  components: {
    ...defaultTheme.components,
    MuiCssBaseline: {
      styleOverrides: {
        // Keyboard focus: native :focus-visible, and MUI's own flag on its button-like controls
        // (a checkbox's real input is invisible: the ring goes on its visible box).
        // (`.MuiButtonBase-root…` outranks ButtonBase's own `outline: 0`, e.g. on tabs.)
        ':focus-visible, .Mui-focusVisible, .MuiButtonBase-root.Mui-focusVisible': {
          outline: `${FOCUS_WIDTH}px solid ${FOCUS_RING}`,
          outlineOffset: 2,
        },
        // Entries of lists and tab strips sit edge to edge in scrolling boxes: ring inside them.
        '.MuiMenuItem-root:focus-visible, .MuiMenuItem-root.Mui-focusVisible, .MuiListItemButton-root.Mui-focusVisible, .MuiTab-root.Mui-focusVisible, .MuiTableRow-root:focus-visible':
          { outlineOffset: -FOCUS_WIDTH },
        // On the dark app bar and on snackbars the ring is white.
        '.MuiAppBar-root :focus-visible, .MuiAppBar-root .Mui-focusVisible, .MuiSnackbarContent-root :focus-visible, .MuiSnackbarContent-root .Mui-focusVisible':
          { outlineColor: '#fff' },
        // Text inputs show focus with their own thick underline or border; a second ring inside
        // the field would only crowd the text.
        '.MuiInputBase-input:focus-visible, .MuiInputBase-input.Mui-focusVisible': {
          outline: 'none',
        },
        // Where focus is moved on purpose (a page's heading or content after navigating), the
        // element is announced, not operated: no ring around a whole page.
        '#main-content:focus-visible, #main-content h1[tabindex="-1"]:focus-visible, #main-content h2[tabindex="-1"]:focus-visible':
          { outline: 'none' },
      },
    },
    // react-admin's "Skip to content" button: white text on a near-white background by default.
    RaSkipNavigationButton: {
      styleOverrides: {
        root: {
          backgroundColor: '#1f4e79',
          color: '#fff',
          '&:hover': { backgroundColor: '#163a5b', opacity: 1 },
        },
      },
    },
  },
};
