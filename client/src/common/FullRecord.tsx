import { LinearProgress } from '@mui/material';
import type { ReactNode } from 'react';
import { useRecordContext } from 'react-admin';

/**
 * Renders its children once the record in context is the full read, not the list item that
 * react-admin puts in the getOne cache while the full record loads (lists leave out restricted and
 * detail fields). `field` is one that only the full read has.
 */
export const FullRecord = ({ field, children }: { field: string; children: ReactNode }) => {
  const record = useRecordContext<Record<string, unknown>>();
  if (!record || !(field in record)) return <LinearProgress sx={{ m: 2 }} />;
  return <>{children}</>;
};
