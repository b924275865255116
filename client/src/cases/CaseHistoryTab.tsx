import {
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  Typography,
} from '@mui/material';
import type { CaseHistoryEvent } from '@haven/shared';
import { useState } from 'react';
import {
  ReferenceField,
  RecordContextProvider,
  useGetList,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { describeAuditEvent } from '../audit/auditText';
import { formatInstant } from '../common/dates';
import { stackedOnPhone } from '../common/stackedTable';
import { usePaginationLabels } from '../common/usePaginationLabels';
import { caseHistoryActor } from './caseHistoryActor';
import { useDateLocale } from '../common/useDateLocale';

/**
 * `GET /api/cases/:id/history`: the audit events of the case and its client, newest first. The
 * nested route speaks the list dialect, so react-admin's getList serves it as a resource path.
 * The server decides what the caller may see: a member of another team comes without a name
 * (`actorElsewhere`), addresses are not shown here at all.
 */
export const CaseHistoryTab = () => {
  const record = useRecordContext<{ id: string }>();
  const translate = useTranslate();
  const locale = useDateLocale();
  const paginationLabels = usePaginationLabels();
  const [page, setPage] = useState(0);
  const [perPage, setPerPage] = useState(25);
  const {
    data = [],
    total = 0,
    isPending,
    error,
  } = useGetList<CaseHistoryEvent>(
    `cases/${record?.id ?? ''}/history`,
    { pagination: { page: page + 1, perPage }, sort: { field: 'at', order: 'DESC' } },
    { enabled: Boolean(record?.id) },
  );
  if (!record) return null;
  if (error) {
    return (
      <Typography color="error" role="alert">
        {translate(error.message, { _: error.message })}
      </Typography>
    );
  }
  if (!isPending && data.length === 0) {
    return <Typography color="text.secondary">{translate('haven.cases.history_empty')}</Typography>;
  }
  return (
    <TableContainer>
      <Table size="small" data-testid="case-history" sx={stackedOnPhone}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('haven.cases.history.at')}</TableCell>
            <TableCell>{translate('haven.cases.history.actor')}</TableCell>
            <TableCell>{translate('haven.cases.history.action')}</TableCell>
            <TableCell>{translate('haven.cases.history.summary')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {data.map((event) => {
            const who = caseHistoryActor(event);
            return (
              <RecordContextProvider value={event} key={event.id}>
                <TableRow>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {formatInstant(event.at, locale)}
                  </TableCell>
                  <TableCell>
                    {'userId' in who ? (
                      <ReferenceField
                        source="actorId"
                        reference="users"
                        link={false}
                        emptyText="haven.cases.history.someone"
                      />
                    ) : (
                      translate(who.key)
                    )}
                  </TableCell>
                  <TableCell>
                    {translate(`haven.audit.actions.${event.action}`, { _: event.action })}
                  </TableCell>
                  <TableCell data-testid="history-text">
                    {describeAuditEvent(event, translate)}
                    {event.stageReason ? (
                      <Typography variant="body2" color="text.secondary" data-testid="stage-reason">
                        {translate('haven.cases.history.reason', { reason: event.stageReason })}
                      </Typography>
                    ) : null}
                  </TableCell>
                </TableRow>
              </RecordContextProvider>
            );
          })}
        </TableBody>
      </Table>
      <TablePagination
        component="div"
        count={total}
        page={page}
        rowsPerPage={perPage}
        rowsPerPageOptions={[25, 50, 100]}
        onPageChange={(_event, next) => setPage(next)}
        onRowsPerPageChange={(event) => {
          setPerPage(Number(event.target.value));
          setPage(0);
        }}
        {...paginationLabels}
      />
    </TableContainer>
  );
};
