import { TextField, type TextFieldProps } from '@mui/material';
import { MAX_PER_PAGE, type DocumentListItem } from '@haven/shared';
import { useGetList, useGetManyAggregate, useTranslate } from 'react-admin';
import { kindKey } from './DocumentFields';

/**
 * Picks one of the case's documents (by title and kind) for an evidence item. Withdrawn documents
 * are not offered, but one picked before its withdrawal stays shown, marked, until changed.
 */
export const DocumentPicker = ({
  caseId,
  id,
  name,
  value,
  onChange,
  error,
  helperText,
  sx,
}: {
  caseId: string;
  id: string;
  name: string;
  value: string;
  onChange: (documentId: string, doc: DocumentListItem | null) => void;
  error?: string;
  helperText?: string;
  sx?: TextFieldProps['sx'];
}) => {
  const translate = useTranslate();
  const { data = [], isPending } = useGetList<DocumentListItem>('documents', {
    pagination: { page: 1, perPage: MAX_PER_PAGE },
    sort: { field: 'createdAt', order: 'DESC' },
    filter: { caseId },
  });
  const listed = data.filter((doc) => doc.status === 'active' || doc.id === value);
  // A link to a document beyond the first page of the list still shows as picked, by its title.
  const missing = Boolean(value) && !isPending && !listed.some((doc) => doc.id === value);
  const { data: picked = [] } = useGetManyAggregate<DocumentListItem>(
    'documents',
    { ids: [value] },
    { enabled: missing, retry: false },
  );
  const offered = missing ? [...picked.filter((doc) => doc.id === value), ...listed] : listed;
  const label = (doc: DocumentListItem) =>
    `${doc.title} — ${translate(kindKey(doc.kind), { _: doc.kind })}${
      doc.status === 'withdrawn' ? ` (${translate('haven.documents.withdrawn')})` : ''
    }`;
  return (
    <TextField
      select
      size="small"
      id={id}
      name={name}
      label={translate('haven.documents.linked_document')}
      value={value}
      onChange={(event) =>
        onChange(event.target.value, data.find((doc) => doc.id === event.target.value) ?? null)
      }
      disabled={isPending && !value}
      error={Boolean(error)}
      helperText={error ?? helperText ?? translate('haven.documents.linked_document_help')}
      slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      sx={sx}
    >
      <option value="">{translate('haven.documents.no_document')}</option>
      {value && !offered.some((doc) => doc.id === value) && (
        <option value={value}>{translate('haven.documents.document_unavailable')}</option>
      )}
      {offered.map((doc) => (
        <option key={doc.id} value={doc.id}>
          {label(doc)}
        </option>
      ))}
    </TextField>
  );
};
