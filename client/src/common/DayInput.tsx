import { TextField, type TextFieldProps } from '@mui/material';
import { useEffect, useState, type ChangeEvent, type ReactNode } from 'react';
import {
  FieldTitle,
  InputHelperText,
  useInput,
  useTranslate,
  type InputProps,
  type Validator,
} from 'react-admin';
import {
  dayInWords,
  dayInputPlaceholder,
  formatDayInput,
  isDay,
  localDay,
  parseDayInput,
} from './dates';
import { useDateLocale } from './useDateLocale';

/**
 * Date inputs in the interface's language: typed in its order ("15.03.1994" in Russian,
 * "03/15/1994" in American English — never the browser's own date picker, which follows the
 * browser's locale, not Haven's), with the day echoed in words below ("15 марта 1994 г."), so a
 * swapped day and month is seen before it is saved. Values stay `YYYY-MM-DD`.
 */

/** The text box and the echo: shared by the react-admin input and the controlled field. */
function useDayText(value: string, locale: string) {
  const [text, setText] = useState(() => formatDayInput(value, locale));
  // A value changed from outside (a reset, a prefill, a record loaded) or a new language.
  useEffect(() => {
    setText((current) => {
      const parsed = parseDayInput(current, locale);
      return parsed === (value || '') ? current : formatDayInput(value, locale);
    });
  }, [value, locale]);
  return [text, setText] as const;
}

/** The echo under the box: the day in words, or how to type it when the text is not a day. */
function echo(text: string, locale: string, translate: (key: string, o?: object) => string) {
  const parsed = parseDayInput(text, locale);
  if (parsed === '') return null;
  if (parsed === null)
    return translate('haven.dates.type_day_as', { format: dayInputPlaceholder(locale) });
  return dayInWords(parsed, locale);
}

/** A stored filter or form value as the day it shows: an instant (the audit filters) its local day. */
function toDay(value: unknown): string {
  if (typeof value !== 'string' || !value) return '';
  if (isDay(value)) return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : localDay(date);
}

/** Refuses a typed text that is not a real day (the form is not sent with it). */
const realDay: Validator = (value: unknown) =>
  typeof value === 'string' && value !== '' && !isDay(value) && !INSTANT.test(value)
    ? 'haven.dates.invalid_day'
    : undefined;

/** What `parse` may make of a day: an ISO instant (the audit list's filters). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export type DayInputProps = Omit<InputProps, 'format' | 'parse'> & {
  /** The stored value of a typed day (e.g. the start of that day as an instant); default the day. */
  parse?: (day: string) => unknown;
  helperText?: ReactNode | false;
  fullWidth?: boolean;
  disabled?: boolean;
  size?: 'small' | 'medium';
};

/** react-admin's DateInput, in the interface's language (see above). */
export const DayInput = ({
  parse,
  validate,
  label,
  helperText,
  fullWidth,
  disabled,
  size,
  source,
  ...rest
}: DayInputProps) => {
  const locale = useDateLocale();
  const translate = useTranslate();
  const validators = [
    realDay,
    ...(Array.isArray(validate) ? validate : validate ? [validate] : []),
  ];
  const { field, fieldState, isRequired, id } = useInput({
    ...rest,
    source,
    validate: validators,
    format: (value: unknown) => value,
    parse: (value: unknown) => value,
  });
  const day = toDay(field.value);
  const [text, setText] = useDayText(day, locale);
  const problem = fieldState.error?.message;
  const words = echo(text, locale, translate);

  const change = (event: ChangeEvent<HTMLInputElement>) => {
    const next = event.target.value;
    setText(next);
    const parsed = parseDayInput(next, locale);
    if (parsed === '') field.onChange(null);
    else if (parsed === null) field.onChange(next);
    else field.onChange(parse ? parse(parsed) : parsed);
  };

  return (
    <TextField
      id={id}
      name={field.name}
      inputRef={field.ref}
      value={text}
      onChange={change}
      onBlur={field.onBlur}
      disabled={disabled}
      size={size ?? 'small'}
      fullWidth={fullWidth}
      className="ra-input"
      margin="dense"
      variant="filled"
      label={
        label === false ? undefined : (
          <FieldTitle
            label={label}
            source={source}
            resource={rest.resource}
            isRequired={isRequired}
          />
        )
      }
      placeholder={dayInputPlaceholder(locale)}
      error={Boolean(fieldState.invalid && (fieldState.isTouched || problem))}
      helperText={
        problem ? (
          <InputHelperText error={problem} />
        ) : words ? (
          <span data-testid="day-in-words">{words}</span>
        ) : helperText === false ? undefined : typeof helperText === 'string' ? (
          translate(helperText, { _: helperText })
        ) : (
          helperText
        )
      }
      slotProps={{
        inputLabel: { shrink: true },
        htmlInput: { inputMode: 'numeric', autoComplete: 'off', 'data-day-input': 'true' },
      }}
    />
  );
};

/**
 * A controlled MUI date field in the interface's language: a drop-in for
 * `<TextField type="date" value={day} onChange={(e) => set(e.target.value)} />` — `onChange` gets
 * an event whose `target.value` is the day `YYYY-MM-DD`, '' when emptied, or the text as typed
 * when it is not a real day yet (so the form's own check, or the server's, refuses it).
 */
export const DayTextField = ({
  value,
  onChange,
  helperText,
  error,
  type: _type,
  slotProps,
  ...props
}: TextFieldProps) => {
  const locale = useDateLocale();
  const translate = useTranslate();
  const day = typeof value === 'string' ? value : '';
  const [text, setText] = useDayText(day, locale);
  const words = echo(text, locale, translate);
  const invalid = parseDayInput(text, locale) === null;
  return (
    <TextField
      {...props}
      value={text}
      error={Boolean(error) || invalid}
      onChange={(event) => {
        const next = event.target.value;
        setText(next);
        const parsed = parseDayInput(next, locale);
        const emitted = parsed === null ? next : parsed;
        // What the form reads of the event: the value (a day), and the input's name and id.
        const target = { value: emitted, name: event.target.name, id: event.target.id };
        onChange?.({ ...event, target, currentTarget: target } as unknown as typeof event);
      }}
      placeholder={dayInputPlaceholder(locale)}
      helperText={
        error && helperText ? (
          helperText
        ) : words ? (
          <span data-testid="day-in-words">{words}</span>
        ) : (
          helperText
        )
      }
      slotProps={{
        ...slotProps,
        inputLabel: { ...(slotProps?.inputLabel as object), shrink: true },
        htmlInput: {
          ...(slotProps?.htmlInput as object),
          inputMode: 'numeric',
          autoComplete: 'off',
          'data-day-input': 'true',
        },
      }}
    />
  );
};
