import FolderIcon from '@mui/icons-material/FolderOutlined';
import PersonIcon from '@mui/icons-material/PersonOutlined';
import { Box } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

/**
 * The two reference series told apart at a glance: a client's (`CL-2026-00041`, a person) and a
 * case's (`HV-2026-00042`, a file). Each has its icon and colour wherever a reference is shown —
 * lists, headers, dashboards — and says in words which it is to a screen reader.
 */
export type ReferenceKind = 'client' | 'case';

/** The series of a reference, from its prefix; null for anything else. */
export function referenceKind(reference: string | null | undefined): ReferenceKind | null {
  if (!reference) return null;
  if (/^CL-/i.test(reference)) return 'client';
  if (/^HV-/i.test(reference)) return 'case';
  return null;
}

// Colours dark enough for text on white and on the chips' tint (contrast above 7:1).
const STYLE: Record<ReferenceKind, { color: string; background: string; Icon: typeof PersonIcon }> =
  {
    client: { color: '#00594f', background: '#e6f4f1', Icon: PersonIcon },
    case: { color: '#4a2a8a', background: '#efeaf8', Icon: FolderIcon },
  };

/**
 * The series' icon, named for a screen reader ("Case reference", read before the reference; as an
 * SVG title it stays out of the text a page copies).
 */
export const ReferenceIcon = ({
  kind,
  size = 'small',
}: {
  kind: ReferenceKind;
  size?: 'small' | 'medium';
}) => {
  const translate = useTranslate();
  const { Icon } = STYLE[kind];
  return (
    <Icon
      titleAccess={translate(`haven.references.${kind}_prefix`)}
      sx={{ fontSize: size === 'small' ? '1rem' : '1.25rem', color: STYLE[kind].color }}
    />
  );
};

/** The colour of a series' references, for headings that show one in their own type. */
export const referenceColor = (kind: ReferenceKind) => STYLE[kind].color;

/**
 * A reference as a small chip: icon, colour and an accessible name per series ("Case reference
 * HV-2026-00042"). Kept on one line. `kind` when the series is known from the context; otherwise
 * it is read from the prefix, and an unknown one is shown as plain text.
 */
export const ReferenceChip = ({
  reference,
  kind,
  size = 'small',
}: {
  reference: string | null | undefined;
  kind?: ReferenceKind;
  size?: 'small' | 'medium';
}) => {
  const translate = useTranslate();
  if (!reference) return null;
  const series = kind ?? referenceKind(reference);
  if (!series) return <span style={{ whiteSpace: 'nowrap' }}>{reference}</span>;
  const { color, background } = STYLE[series];
  const label = translate(`haven.references.${series}`, { reference });
  return (
    <Box
      component="span"
      data-reference-kind={series}
      title={label}
      sx={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 0.5,
        whiteSpace: 'nowrap',
        color,
        backgroundColor: background,
        border: `1px solid ${color}`,
        borderRadius: 1,
        px: 0.75,
        py: size === 'small' ? 0 : 0.25,
        fontSize: size === 'small' ? '0.8125rem' : '1rem',
        fontVariantNumeric: 'tabular-nums',
        fontWeight: 500,
        lineHeight: 1.6,
        verticalAlign: 'middle',
      }}
    >
      <ReferenceIcon kind={series} size={size} />
      <span>{reference}</span>
    </Box>
  );
};

/**
 * A record's reference as a `ReferenceChip`, for DataTable columns and show pages:
 * `<DataTable.Col source="reference" field={ReferenceField} />`, or with an explicit series.
 */
export const ReferenceField = ({
  source = 'reference',
  kind,
}: {
  source?: string;
  kind?: ReferenceKind;
  label?: string;
}) => {
  const record = useRecordContext();
  const value = record?.[source];
  return <ReferenceChip reference={typeof value === 'string' ? value : null} kind={kind} />;
};

/** A client's reference column (`field` of a DataTable.Col). */
export const ClientReferenceField = ({ source = 'reference' }: { source?: string }) => (
  <ReferenceField source={source} kind="client" />
);

/** A case's reference column (`field` of a DataTable.Col). */
export const CaseReferenceField = ({ source = 'reference' }: { source?: string }) => (
  <ReferenceField source={source} kind="case" />
);
