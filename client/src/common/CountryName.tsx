import { useLocaleState, useRecordContext } from 'react-admin';
import { countryName } from '../teams/countries';

/** A country code written as its name in the interface language (the code on hover). */
export const CountryName = ({ code }: { code: string | null | undefined }) => {
  const [locale] = useLocaleState();
  if (!code) return null;
  return <span title={code}>{countryName(code, locale)}</span>;
};

/** A country code field of the record shown as the country's name. */
export const CountryCodeField = ({
  source,
}: {
  source: string;
  label?: string;
  sortable?: boolean;
}) => {
  const record = useRecordContext<Record<string, unknown>>();
  const value = record?.[source];
  return typeof value === 'string' ? <CountryName code={value} /> : null;
};
