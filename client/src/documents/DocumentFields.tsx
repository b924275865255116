import { TextField, type TextFieldProps } from '@mui/material';
import { useMemo } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { languageChoices, languageName } from '../common/languages';
import { DOCUMENT_KINDS } from '@haven/shared';

/** The translation key of a document kind. */
export const kindKey = (kind: string) => `haven.documents.kind.${kind}`;

interface SelectProps {
  id: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  helperText?: string;
  disabled?: boolean;
  sx?: TextFieldProps['sx'];
}

/** A document's kind, as a native select (keyboard and screen-reader friendly on every device). */
export const KindSelect = ({
  id,
  name,
  value,
  onChange,
  error,
  helperText,
  ...rest
}: SelectProps) => {
  const translate = useTranslate();
  return (
    <TextField
      select
      required
      size="small"
      id={id}
      name={name}
      label={translate('haven.documents.fields.kind')}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={Boolean(error)}
      helperText={error ?? helperText}
      slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      {...rest}
    >
      {DOCUMENT_KINDS.map((kind) => (
        <option key={kind} value={kind}>
          {translate(kindKey(kind))}
        </option>
      ))}
    </TextField>
  );
};

/** A document's language (ISO 639-1), named in the interface language; optional. */
export const LanguageSelect = ({
  id,
  name,
  value,
  onChange,
  error,
  helperText,
  ...rest
}: SelectProps) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const choices = useMemo(() => languageChoices(locale), [locale]);
  return (
    <TextField
      select
      size="small"
      id={id}
      name={name}
      label={translate('haven.documents.fields.language')}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={Boolean(error)}
      helperText={error ?? helperText}
      slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      {...rest}
    >
      <option value="">{translate('haven.documents.no_language')}</option>
      {/* A tag outside the list (set through the API: `pt-BR`) stays as it is. */}
      {value && !choices.some((choice) => choice.id === value) && (
        <option value={value}>{languageName(value, locale)}</option>
      )}
      {choices.map((choice) => (
        <option key={choice.id} value={choice.id}>
          {choice.name}
        </option>
      ))}
    </TextField>
  );
};
