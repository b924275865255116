import { Box, Card, CardContent, Stack, Typography } from '@mui/material';
import type { DeadlineResponse } from '@haven/shared';
import type { ReactNode } from 'react';
import { Link, RecordContextProvider, useListContext, useTranslate } from 'react-admin';
import { DeadlineStatusChip, EnumField } from '../common/EnumField';
import { DueOnField, TitleField } from './DeadlineFields';
import { DeadlineStatusActions } from './DeadlineStatusActions';
import { ReferenceChip } from '../common/ReferenceField';

/** A chip's words wrap inside the card (a rule's confidence warning is a sentence). */
const WRAPPING_CHIPS = {
  mt: 1,
  '& .MuiChip-root': { height: 'auto', maxWidth: '100%', minWidth: 0, py: 0.25 },
  '& .MuiChip-label': { whiteSpace: 'normal' },
} as const;

/**
 * Deadlines on a phone: one card each, the title across the card's width (not squeezed into a
 * table column a word per line), then the due date, what kind it is, its status and the actions.
 */
export const DeadlineCards = ({
  empty,
  caseLink,
}: {
  empty?: ReactNode;
  /** Where a card's case reference leads (in the agenda across cases); none on a case's own page. */
  caseLink?: (record: DeadlineResponse) => string;
}) => {
  const { data, isPending } = useListContext<DeadlineResponse>();
  const translate = useTranslate();
  if (isPending) return null;
  if (!data || data.length === 0) return <>{empty ?? null}</>;
  return (
    <Stack spacing={1} sx={{ mb: 1 }} data-testid="deadline-cards">
      {data.map((record) => (
        <RecordContextProvider value={record} key={record.id}>
          <Card variant="outlined" data-testid="deadline-card">
            <CardContent sx={{ '&:last-child': { pb: 1.5 }, py: 1.5, px: 2 }}>
              {caseLink && (
                <Typography variant="caption" component="div" color="text.secondary">
                  {translate('resources.deadlines.fields.caseReference', { _: '' })}{' '}
                  <Link to={caseLink(record)}>
                    <ReferenceChip reference={record.caseReference} kind="case" />
                  </Link>
                </Typography>
              )}
              <TitleField />
              <Box sx={WRAPPING_CHIPS}>
                <DueOnField />
              </Box>
              <Stack
                direction="row"
                spacing={1}
                useFlexGap
                sx={{ alignItems: 'center', flexWrap: 'wrap', mt: 0.5 }}
              >
                <DeadlineStatusChip />
                <Typography variant="caption" color="text.secondary" component="span">
                  <EnumField source="kind" enumName="deadlineKind" />
                </Typography>
              </Stack>
              <Stack direction="row" sx={{ justifyContent: 'flex-end', mt: 0.5 }}>
                <DeadlineStatusActions />
              </Stack>
            </CardContent>
          </Card>
        </RecordContextProvider>
      ))}
    </Stack>
  );
};
