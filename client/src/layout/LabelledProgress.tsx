import { ThemeProvider, type Theme } from '@mui/material';
import { useCallback, type ReactNode } from 'react';
import { useTranslate } from 'react-admin';

/**
 * Every spinner is a progressbar to assistive technology, and one without a name says nothing
 * (axe: aria-progressbar-name, serious). This names all of them "Loading…" in the user's language,
 * unless a spinner names itself, by a default prop on the theme of what it wraps.
 */
export const LabelledProgress = ({ children }: { children: ReactNode }) => {
  const label = useTranslate()('ra.page.loading');
  const theme = useCallback(
    (outer: Theme): Theme => ({
      ...outer,
      components: {
        ...outer.components,
        MuiCircularProgress: {
          ...outer.components?.MuiCircularProgress,
          defaultProps: {
            ...outer.components?.MuiCircularProgress?.defaultProps,
            'aria-label': label,
          },
        },
      },
    }),
    [label],
  );
  return <ThemeProvider theme={theme}>{children}</ThemeProvider>;
};
