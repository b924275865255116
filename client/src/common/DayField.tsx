import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { Chip, Stack, Tooltip, Typography } from '@mui/material';
import { confidenceNote } from '@haven/shared';
import { useRecordContext, useTranslate } from 'react-admin';
import { URGENCY_COLOR, daysLeftMessage, formatDay, localDay, urgency } from './dates';
import { useDateLocale } from './useDateLocale';
import { useUiLocale } from './useUiLocale';

/** A calendar day of the record, written in the user's locale. */
export const DayField = ({
  source,
  emptyText,
}: {
  source: string;
  label?: string;
  emptyText?: string;
  sortable?: boolean;
}) => {
  const record = useRecordContext<Record<string, unknown>>();
  const locale = useDateLocale();
  const translate = useTranslate();
  const value = record?.[source];
  if (typeof value !== 'string' || !value) {
    return emptyText ? (
      <Typography variant="body2" component="span" color="text.secondary">
        {translate(emptyText, { _: emptyText })}
      </Typography>
    ) : null;
  }
  return (
    <Typography variant="body2" component="span">
      {formatDay(value, locale)}
    </Typography>
  );
};

/** "in 3 days" / "today" / "2 days overdue", coloured by urgency (overdue red, a week or less orange). */
export const DaysLeftChip = ({
  dueOn,
  status = 'open',
  today = localDay(),
}: {
  dueOn: string;
  status?: string;
  today?: string;
}) => {
  const translate = useTranslate();
  const level = urgency(dueOn, today, status);
  const { key, count } = daysLeftMessage(dueOn, today);
  return (
    <Chip
      size="small"
      color={URGENCY_COLOR[level]}
      variant={level === 'later' || level === 'settled' ? 'outlined' : 'filled'}
      label={translate(key, { smart_count: count })}
      data-urgency={level}
      sx={level === 'settled' ? { opacity: 0.6 } : undefined}
    />
  );
};

/**
 * A due day with its days-left chip, and a warning where the rule behind it is not certain; with
 * `note`, also what that means for the date (shared `confidenceNote`: L is the earliest plausible
 * date, to verify).
 */
export const DueDate = ({
  dueOn,
  status = 'open',
  confidence,
  note = false,
}: {
  dueOn: string;
  status?: string;
  confidence?: string | null;
  note?: boolean;
}) => {
  const locale = useDateLocale();
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <Typography variant="body2" component="span" sx={{ whiteSpace: 'nowrap' }}>
        {formatDay(dueOn, locale)}
      </Typography>
      {status === 'open' && <DaysLeftChip dueOn={dueOn} status={status} />}
      <ConfidenceWarning confidence={confidence} />
      {note && <ConfidenceNote confidence={confidence} />}
    </Stack>
  );
};

/** What a rule's confidence below H means for a date, in the reader's language; nothing for H. */
export const ConfidenceNote = ({ confidence }: { confidence?: string | null }) => {
  const locale = useUiLocale();
  if (confidence !== 'M' && confidence !== 'L') return null;
  return (
    <Typography
      variant="caption"
      component="span"
      color="warning.dark"
      data-testid="confidence-note"
      data-confidence={confidence}
    >
      {confidenceNote(confidence, locale)}
    </Typography>
  );
};

/** Shown beside a date computed from a rule whose confidence is not H (domain.md, Deadlines). */
export const ConfidenceWarning = ({ confidence }: { confidence?: string | null }) => {
  const translate = useTranslate();
  if (!confidence || confidence === 'H') return null;
  const text = translate(`haven.enums.confidence.${confidence}`, { _: confidence });
  return (
    <Tooltip title={translate('haven.deadlines.confidence_help')}>
      <Chip
        size="small"
        color="warning"
        variant="outlined"
        icon={<WarningAmberIcon />}
        label={text}
        data-testid="confidence-warning"
      />
    </Tooltip>
  );
};
