import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import {
  Autocomplete,
  Box,
  Button,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  IconButton,
  Paper,
  Stack,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { allCountryChoices } from '../common/countries';
import { enumKey } from '../common/enums';
import { languageChoices } from '../common/languages';
import type { FieldError, FieldErrors } from '../common/validation';
import { fieldId, getPath } from './draftPaths';
import type { IntakeDraft } from './intakeDraft';
import { DayTextField } from '../common/DayInput';
import { LatinHint } from '../names';

/** What every wizard input needs: the draft, its errors and a setter by path. */
export interface IntakeFormState {
  draft: IntakeDraft;
  errors: FieldErrors;
  set: (path: string, value: unknown) => void;
  /** A duplicate match is the same person: continue with a new case for that client only. */
  openCaseFor?: (client: KnownClient) => void;
}

/** A client already registered, for whom the wizard opens a new case (a returning client). */
export interface KnownClient {
  id: string;
  reference: string;
  name: string;
}

export const IntakeFormContext = createContext<IntakeFormState | null>(null);

function useIntakeForm(): IntakeFormState {
  const state = useContext(IntakeFormContext);
  if (!state) throw new Error('Intake inputs must be inside IntakeFormContext');
  return state;
}

/** An error as text: a translation key (with arguments) or the server's own message. */
export function useErrorText() {
  const translate = useTranslate();
  return (error: FieldError | undefined): string | undefined => {
    if (error === undefined) return undefined;
    if (typeof error === 'string') return translate(error, { _: error });
    return translate(error.message, { _: error.message, ...error.args });
  };
}

function useField(path: string) {
  const { draft, errors, set } = useIntakeForm();
  const errorText = useErrorText();
  const error = errorText(errors[path]);
  return {
    id: fieldId(path),
    value: getPath(draft, path),
    error,
    set: (value: unknown) => set(path, value),
  };
}

interface BaseProps {
  path: string;
  label: string;
  helperText?: string;
  required?: boolean;
}

export const DraftText = ({
  path,
  label,
  helperText,
  required,
  multiline,
  type = 'text',
  autoComplete = 'off',
  inputMode,
  latin,
}: BaseProps & {
  multiline?: boolean;
  type?: string;
  autoComplete?: string;
  inputMode?: 'text' | 'tel' | 'email';
  /** A Latin-only field: warn on other scripts (a name also offers its transliteration). */
  latin?: 'name' | 'address';
}) => {
  const translate = useTranslate();
  const field = useField(path);
  const input = (
    <TextField
      id={field.id}
      name={path}
      label={translate(label)}
      value={typeof field.value === 'string' ? field.value : ''}
      onChange={(event) => field.set(event.target.value)}
      error={field.error !== undefined}
      helperText={field.error ?? (helperText ? translate(helperText) : undefined)}
      required={required}
      multiline={multiline}
      minRows={multiline ? 3 : undefined}
      type={type}
      autoComplete={autoComplete}
      fullWidth
      slotProps={{ htmlInput: { inputMode } }}
    />
  );
  if (!latin) return input;
  // Sized as a full-width TextField is (basis 100%), so that beside a plain field in a FieldRow
  // both share the row, instead of this one shrinking to nothing.
  return (
    <Box sx={{ width: '100%', minWidth: 0 }}>
      {input}
      <LatinHint
        value={field.value}
        kind={latin}
        onTransliterate={latin === 'name' ? (written) => field.set(written) : undefined}
      />
    </Box>
  );
};

export const DraftDate = ({ path, label, helperText, required }: BaseProps) => {
  const translate = useTranslate();
  const field = useField(path);
  return (
    <DayTextField
      id={field.id}
      name={path}
      label={translate(label)}
      value={typeof field.value === 'string' ? field.value : ''}
      onChange={(event) => field.set(event.target.value)}
      error={field.error !== undefined}
      helperText={field.error ?? (helperText ? translate(helperText) : undefined)}
      required={required}
      fullWidth
      slotProps={{ inputLabel: { shrink: true } }}
    />
  );
};

/**
 * A native select: keyboard-friendly everywhere (type the first letters to jump), and on phones
 * it opens the system picker.
 */
export const DraftSelect = ({
  path,
  label,
  helperText,
  required,
  choices,
  emptyLabel = 'haven.form.not_stated',
}: BaseProps & {
  choices: { id: string; name: string }[];
  emptyLabel?: string | false;
}) => {
  const translate = useTranslate();
  const field = useField(path);
  return (
    <TextField
      id={field.id}
      name={path}
      select
      label={translate(label)}
      value={typeof field.value === 'string' ? field.value : ''}
      onChange={(event) => field.set(event.target.value)}
      error={field.error !== undefined}
      helperText={field.error ?? (helperText ? translate(helperText) : undefined)}
      required={required}
      fullWidth
      slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
    >
      {emptyLabel !== false && <option value="">{translate(emptyLabel)}</option>}
      {choices.map((choice) => (
        <option key={choice.id} value={choice.id}>
          {choice.name}
        </option>
      ))}
    </TextField>
  );
};

/** A select of an enumeration of `shared/`, each value translated. */
export const DraftEnumSelect = ({
  enumName,
  values,
  ...props
}: BaseProps & { enumName: string; values: readonly string[]; emptyLabel?: string | false }) => {
  const translate = useTranslate();
  const choices = values.map((value) => ({
    id: value,
    name: translate(enumKey(enumName, value), { _: value }),
  }));
  return <DraftSelect {...props} choices={choices} />;
};

export const DraftCountry = (props: BaseProps) => {
  const [locale] = useLocaleState();
  const choices = useMemo(() => allCountryChoices(locale), [locale]);
  return <DraftSelect {...props} choices={choices} emptyLabel="haven.form.choose_country" />;
};

export const DraftLanguage = (props: BaseProps) => {
  const [locale] = useLocaleState();
  const choices = useMemo(() => languageChoices(locale), [locale]);
  return <DraftSelect {...props} choices={choices} emptyLabel="haven.form.choose_language" />;
};

/** Several languages: type a name, pick with the arrow keys and Enter; Backspace removes. */
export const DraftLanguages = ({ path, label, helperText }: BaseProps) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const field = useField(path);
  const choices = useMemo(() => languageChoices(locale), [locale]);
  const selected = (Array.isArray(field.value) ? (field.value as string[]) : []).map(
    (code) => choices.find((choice) => choice.id === code) ?? { id: code, name: code },
  );
  return (
    <Autocomplete
      multiple
      id={field.id}
      options={choices}
      value={selected}
      getOptionLabel={(option) => option.name}
      isOptionEqualToValue={(option, value) => option.id === value.id}
      onChange={(_event, value) => field.set(value.map((choice) => choice.id))}
      filterSelectedOptions
      renderInput={(params) => (
        <TextField
          {...params}
          name={path}
          label={translate(label)}
          error={field.error !== undefined}
          helperText={field.error ?? (helperText ? translate(helperText) : undefined)}
        />
      )}
    />
  );
};

export const DraftCheckbox = ({ path, label, helperText }: BaseProps) => {
  const translate = useTranslate();
  const field = useField(path);
  return (
    <FormControl error={field.error !== undefined}>
      <FormControlLabel
        control={
          <Checkbox
            id={field.id}
            name={path}
            checked={field.value === true}
            onChange={(event) => field.set(event.target.checked)}
          />
        }
        label={translate(label)}
      />
      {(field.error ?? helperText) && (
        <FormHelperText>{field.error ?? translate(helperText!)}</FormHelperText>
      )}
    </FormControl>
  );
};

/** Several values of an enumeration, as checkboxes (tab and space); optionally in named groups. */
export const DraftCheckboxGroup = ({
  path,
  label,
  helperText,
  enumName,
  groups,
}: BaseProps & {
  enumName: string;
  groups: { label?: string; values: readonly string[] }[];
}) => {
  const translate = useTranslate();
  const field = useField(path);
  const current = Array.isArray(field.value) ? (field.value as string[]) : [];
  const toggle = (value: string, on: boolean) =>
    field.set(on ? [...current, value] : current.filter((item) => item !== value));
  return (
    <FormControl
      component="fieldset"
      error={field.error !== undefined}
      id={field.id}
      tabIndex={-1}
      sx={{ width: '100%' }}
    >
      <FormLabel component="legend">{translate(label)}</FormLabel>
      {groups.map((group, index) => (
        <Box key={group.label ?? index} sx={{ mt: 1 }}>
          {group.label && (
            <Typography variant="caption" color="text.secondary" component="div">
              {translate(group.label)}
            </Typography>
          )}
          <FormGroup row>
            {group.values.map((value) => (
              <FormControlLabel
                key={value}
                sx={{ minWidth: { sm: 260 } }}
                control={
                  <Checkbox
                    name={`${path}.${value}`}
                    checked={current.includes(value)}
                    onChange={(event) => toggle(value, event.target.checked)}
                  />
                }
                label={translate(enumKey(enumName, value), { _: value })}
              />
            ))}
          </FormGroup>
        </Box>
      ))}
      {(field.error ?? helperText) && (
        <FormHelperText>{field.error ?? translate(helperText!)}</FormHelperText>
      )}
    </FormControl>
  );
};

/** A list of rows (stays, documents, dependants, authority references) with add and remove. */
export const DraftRows = <Row,>({
  path,
  label,
  addLabel,
  emptyRow,
  renderRow,
  helperText,
}: {
  path: string;
  label: string;
  addLabel: string;
  emptyRow: () => Row;
  renderRow: (rowPath: string, index: number) => ReactNode;
  helperText?: string;
}) => {
  const translate = useTranslate();
  const { draft, set, errors } = useIntakeForm();
  const errorText = useErrorText();
  const rows = (getPath(draft, path) as Row[] | undefined) ?? [];
  const listError = errorText(errors[path]);
  return (
    <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }} id={fieldId(path)} tabIndex={-1}>
      <Typography component="legend" variant="subtitle2" sx={{ mb: 1 }}>
        {translate(label)}
      </Typography>
      {helperText && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate(helperText)}
        </Typography>
      )}
      <Stack spacing={1}>
        {rows.map((_row, index) => (
          <Paper
            key={index}
            variant="outlined"
            sx={{ p: 2, display: 'flex', gap: 1, alignItems: 'flex-start' }}
            data-testid={`${path}-row`}
          >
            <Box sx={{ flex: 1 }}>{renderRow(`${path}.${index}`, index)}</Box>
            <Tooltip title={translate('haven.form.remove_row')}>
              <IconButton
                aria-label={`${translate('haven.form.remove_row')} ${index + 1}`}
                onClick={() =>
                  set(
                    path,
                    rows.filter((_item, i) => i !== index),
                  )
                }
              >
                <DeleteIcon />
              </IconButton>
            </Tooltip>
          </Paper>
        ))}
      </Stack>
      {listError && <FormHelperText error>{listError}</FormHelperText>}
      <Button
        startIcon={<AddIcon />}
        onClick={() => set(path, [...rows, emptyRow()])}
        sx={{ mt: 1 }}
        size="small"
      >
        {translate(addLabel)}
      </Button>
    </Box>
  );
};

/** Inputs side by side on wide screens, stacked on phones. */
export const FieldRow = ({ children }: { children: ReactNode }) => (
  <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ width: '100%' }}>
    {children}
  </Stack>
);
