import type { SxProps, Theme } from '@mui/material';

/**
 * A plain MUI table that reads as a list of cards on a phone: no header row, each row a block and
 * each cell a line of it. For tables whose columns say enough by their content (a history: when,
 * who, what) and that would otherwise scroll sideways in a narrow box.
 */
export const stackedOnPhone: SxProps<Theme> = (theme) => ({
  [theme.breakpoints.down('sm')]: {
    '& thead': { display: 'none' },
    '& tbody tr': {
      display: 'block',
      py: 1,
      borderBottom: `1px solid ${theme.palette.divider}`,
    },
    '& tbody td': { display: 'block', border: 0, py: 0.25, px: 0 },
  },
});
