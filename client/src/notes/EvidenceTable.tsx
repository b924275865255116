import CheckIcon from '@mui/icons-material/Check';
import {
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { Evidence } from '@haven/shared';
import { useTranslate } from 'react-admin';
import { DocumentLink } from '../documents';

/** The evidence inventory of a note, read-only; an item uploaded to Haven links to its document. */
export const EvidenceTable = ({ evidence }: { evidence: Evidence[] }) => {
  const translate = useTranslate();
  if (evidence.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        {translate('haven.notes.no_evidence')}
      </Typography>
    );
  }
  const linked = evidence.some((item) => Boolean(item.documentId));
  const yes = (value: boolean) =>
    value ? <CheckIcon fontSize="small" aria-label={translate('haven.notes.yes')} /> : null;
  return (
    <TableContainer>
      <Table size="small" data-testid="evidence-table">
        <TableHead>
          <TableRow>
            <TableCell>{translate('haven.notes.evidence_fields.kind')}</TableCell>
            <TableCell>{translate('haven.notes.evidence_fields.description')}</TableCell>
            <TableCell>{translate('haven.notes.evidence_fields.reference')}</TableCell>
            {linked && <TableCell>{translate('haven.documents.linked_document')}</TableCell>}
            <TableCell>{translate('haven.notes.evidence_fields.language')}</TableCell>
            <TableCell align="center">
              {translate('haven.notes.evidence_fields.original')}
            </TableCell>
            <TableCell align="center">
              {translate('haven.notes.evidence_fields.translated')}
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {evidence.map((item, index) => (
            <TableRow key={index}>
              <TableCell>
                {translate(`haven.notes.evidence_kind.${item.kind}`, { _: item.kind })}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {item.description}
              </TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>{item.reference ?? ''}</TableCell>
              {linked && (
                <TableCell>
                  {item.documentId ? <DocumentLink documentId={item.documentId} /> : null}
                </TableCell>
              )}
              <TableCell>{item.language ?? ''}</TableCell>
              <TableCell align="center">{yes(item.original)}</TableCell>
              <TableCell align="center">{yes(item.translated)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
