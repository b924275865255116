import { useMediaQuery, type Theme } from '@mui/material';

/** Phones: lists switch from tables to one-line-per-record lists that fit the screen. */
export const useIsSmall = () => useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
