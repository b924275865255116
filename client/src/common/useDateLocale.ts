import { useLocaleState } from 'react-admin';
import { dateLocale } from './dates';

/** The locale to write dates in for this user (see `dateLocale`). */
export function useDateLocale(): string {
  const [locale] = useLocaleState();
  const browser = typeof navigator === 'undefined' ? [] : (navigator.languages ?? []);
  return dateLocale(locale, browser);
}
