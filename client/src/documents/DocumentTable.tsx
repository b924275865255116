import DownloadIcon from '@mui/icons-material/Download';
import EditIcon from '@mui/icons-material/Edit';
import RemoveCircleOutlinedIcon from '@mui/icons-material/RemoveCircleOutlined';
import VisibilityIcon from '@mui/icons-material/Visibility';
import {
  Chip,
  IconButton,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TableSortLabel,
  Tooltip,
} from '@mui/material';
import type { ReactElement } from 'react';
import {
  RecordContextProvider,
  ReferenceField,
  TextField as RaTextField,
  useLocaleState,
  useTranslate,
} from 'react-admin';
import { formatInstant } from '../common/dates';
import { languageName } from '../common/languages';
import { useDateLocale } from '../common/useDateLocale';
import { useIsSmall } from '../layout/useIsSmall';
import { kindKey } from './DocumentFields';
import { formatSize } from './documentModel';
import type { DocumentListItem } from '@haven/shared';

/** The list's sortable columns (the server's; titles are encrypted, so they cannot be sorted). */
export type DocumentSortField = 'createdAt' | 'kind' | 'sizeBytes';
export interface DocumentSort {
  field: DocumentSortField;
  order: 'ASC' | 'DESC';
}

export type DocumentAction = 'preview' | 'download' | 'edit' | 'withdraw';

const ACTION_ICONS: Record<DocumentAction, ReactElement> = {
  preview: <VisibilityIcon fontSize="small" />,
  download: <DownloadIcon fontSize="small" />,
  edit: <EditIcon fontSize="small" />,
  withdraw: <RemoveCircleOutlinedIcon fontSize="small" />,
};

/** A case's documents: kind, title, language, size, who uploaded it and when, and what to do. */
export const DocumentTable = ({
  documents,
  sort,
  onSort,
  canWrite,
  onAction,
}: {
  documents: DocumentListItem[];
  sort: DocumentSort;
  onSort: (sort: DocumentSort) => void;
  canWrite: boolean;
  onAction: (action: DocumentAction, doc: DocumentListItem) => void;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const dateLocale = useDateLocale();
  // Phones: the columns a caseworker needs to tell documents apart, and the actions.
  const isSmall = useIsSmall();

  const sortable = (field: DocumentSortField, label: string) => (
    <TableSortLabel
      active={sort.field === field}
      direction={sort.field === field && sort.order === 'ASC' ? 'asc' : 'desc'}
      onClick={() =>
        onSort({
          field,
          order: sort.field === field && sort.order === 'DESC' ? 'ASC' : 'DESC',
        })
      }
    >
      {translate(label)}
    </TableSortLabel>
  );

  return (
    <TableContainer>
      <Table size="small" data-testid="document-table">
        <TableHead>
          <TableRow>
            <TableCell>{sortable('kind', 'haven.documents.fields.kind')}</TableCell>
            <TableCell>{translate('haven.documents.fields.title')}</TableCell>
            {!isSmall && <TableCell>{translate('haven.documents.fields.language')}</TableCell>}
            <TableCell align="right">
              {sortable('sizeBytes', 'haven.documents.fields.size')}
            </TableCell>
            {!isSmall && <TableCell>{translate('haven.documents.fields.uploadedBy')}</TableCell>}
            <TableCell>{sortable('createdAt', 'haven.documents.fields.createdAt')}</TableCell>
            <TableCell align="right">{translate('haven.documents.actions')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {documents.map((doc) => {
            const withdrawn = doc.status === 'withdrawn';
            const actions: DocumentAction[] =
              canWrite && !withdrawn
                ? ['preview', 'download', 'edit', 'withdraw']
                : ['preview', 'download'];
            return (
              <TableRow
                key={doc.id}
                data-testid="document-row"
                data-document-id={doc.id}
                data-status={doc.status}
                sx={withdrawn ? { '& > td': { color: 'text.disabled' } } : undefined}
              >
                <TableCell>{translate(kindKey(doc.kind), { _: doc.kind })}</TableCell>
                <TableCell sx={{ overflowWrap: 'anywhere', minWidth: 160 }}>
                  <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                    <span data-testid="document-title">{doc.title}</span>
                    {withdrawn && (
                      <Chip
                        size="small"
                        variant="outlined"
                        label={translate('haven.documents.withdrawn')}
                      />
                    )}
                  </Stack>
                </TableCell>
                {!isSmall && (
                  <TableCell>{doc.language ? languageName(doc.language, locale) : ''}</TableCell>
                )}
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  {formatSize(doc.sizeBytes, dateLocale)}
                </TableCell>
                {!isSmall && (
                  <TableCell>
                    <RecordContextProvider value={doc}>
                      <ReferenceField source="uploadedById" reference="users" link={false}>
                        <RaTextField source="fullName" />
                      </ReferenceField>
                    </RecordContextProvider>
                  </TableCell>
                )}
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {formatInstant(doc.createdAt, dateLocale)}
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  {actions.map((action) => (
                    <Tooltip key={action} title={translate(`haven.documents.${action}`)}>
                      <IconButton
                        size="small"
                        aria-label={`${translate(`haven.documents.${action}`)}: ${doc.title}`}
                        onClick={() => onAction(action, doc)}
                        data-testid={`document-${action}`}
                      >
                        {ACTION_ICONS[action]}
                      </IconButton>
                    </Tooltip>
                  ))}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
