import { AutocompleteInput, useLocaleState, type AutocompleteInputProps } from 'react-admin';
import { useMemo } from 'react';
import { allCountryChoices } from './countries';

/** Any country, by name in the interface language (type to search); stores the alpha-2 code. */
export const CountryInput = (props: Omit<AutocompleteInputProps, 'choices'>) => {
  const [locale] = useLocaleState();
  const choices = useMemo(() => allCountryChoices(locale), [locale]);
  return <AutocompleteInput {...props} choices={choices} translateChoice={false} />;
};
