import { Typography } from '@mui/material';
import { useLocaleState, useRecordContext } from 'react-admin';
import { countryName } from './countries';

export const CountryField = ({ source = 'country' }: { source?: string; label?: string }) => {
  const record = useRecordContext<Record<string, unknown>>();
  const [locale] = useLocaleState();
  const code = record?.[source];
  if (typeof code !== 'string' || !code) return null;
  return (
    <Typography variant="body2" component="span" title={code}>
      {countryName(code, locale)}
    </Typography>
  );
};
