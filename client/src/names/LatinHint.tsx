import { Alert, Button } from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { checkLatin } from './latin';

/**
 * The warning under a Latin-only field (a name as the passport spells it, an e-mail address) that
 * holds Cyrillic, Ge'ez or another script, with a one-click transliteration where Haven has a table
 * for the script. It warns and offers; it never blocks saving (a caseworker may know better).
 * Reusable by any form: give it the field's value and how to replace it (intake: the draft's setter).
 */
export const LatinHint = ({
  value,
  onTransliterate,
  id,
  kind = 'name',
}: {
  value: unknown;
  /** Replace the field's value; omit where a transliteration makes no sense (an e-mail address). */
  onTransliterate?: (latin: string) => void;
  /** For aria-describedby on the field. */
  id?: string;
  /** What the field is: a name as in the passport (default) or an e-mail address. */
  kind?: 'name' | 'address';
}) => {
  const translate = useTranslate();
  const [written, setWritten] = useState<string | null>(null);
  const check = checkLatin(value);
  if (!check) {
    if (written !== null && value === written) {
      return (
        <Alert severity="info" role="status" id={id} sx={{ mt: -0.5, mb: 1, py: 0 }}>
          {translate('haven.latin.transliterated')}
        </Alert>
      );
    }
    return null;
  }
  const offer = onTransliterate && check.latin !== null ? check.latin : null;
  return (
    <Alert
      severity="warning"
      role="status"
      id={id}
      data-testid="latin-warning"
      sx={{ mt: -0.5, mb: 1, py: 0, alignItems: 'center' }}
      action={
        offer !== null ? (
          <Button
            color="inherit"
            size="small"
            onClick={() => {
              setWritten(offer);
              onTransliterate!(offer);
            }}
            sx={{ textTransform: 'none', fontWeight: 600 }}
          >
            {translate('haven.latin.transliterate', { latin: offer })}
          </Button>
        ) : undefined
      }
    >
      {kind === 'name' && !/\p{Script=Latin}/u.test(String(value))
        ? // All in another alphabet: naming each letter would say nothing more.
          translate('haven.latin.warning_script')
        : translate(kind === 'address' ? 'haven.latin.warning_address' : 'haven.latin.warning', {
            letters: check.letters.slice(0, 6).join(' ') + (check.letters.length > 6 ? ' …' : ''),
          })}
      {onTransliterate && check.latin === null
        ? ` ${translate('haven.latin.no_transliteration')}`
        : ''}
    </Alert>
  );
};
