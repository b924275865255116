import { uiLocale, type UiLocale } from '@haven/shared';
import { useLocaleState } from 'react-admin';

/**
 * The language server explanations (`{code, params}`) are rendered in: the interface language as
 * `en` or `ru` (shared `uiLocale`), so a deadline reads in the language the user chose.
 */
export function useUiLocale(): UiLocale {
  const [locale] = useLocaleState();
  return uiLocale(locale);
}
