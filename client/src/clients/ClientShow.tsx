import { ClientMerges, MergeClientButton, PossibleDuplicates } from '../duplicates';
import { Box, Card, CardContent, Grid, Stack, Typography } from '@mui/material';
import type { ClientResponse } from '@haven/shared';
import type { ReactNode } from 'react';
import EditIcon from '@mui/icons-material/Edit';
import {
  DataTable,
  Pagination,
  ReferenceField,
  ReferenceManyField,
  Show,
  SimpleList,
  TopToolbar,
  useCanAccess,
  useCreatePath,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { CountryCodeField, CountryName } from '../common/CountryName';
import { CaseReferenceField, ReferenceChip } from '../common/ReferenceField';
import { EnumChipsField } from '../common/EnumChipsField';
import { FullRecord } from '../common/FullRecord';
import { LabelledButton } from '../common/LabelledButton';
import { EnumField, PriorityChip } from '../common/EnumField';
import { LanguagesField } from '../common/LanguagesField';
import { RestrictedSection } from '../common/RestrictedSection';
import { formatDay } from '../common/dates';
import { enumKey } from '../common/enums';
import { languageName } from '../common/languages';
import { useDateLocale } from '../common/useDateLocale';
import { NextDeadlineField } from '../cases/CaseFields';
import { useIsSmall } from '../layout/useIsSmall';
import { ConsentTimeline } from '../consent';
import { NewCaseButton, ProcessingBasisFlag } from '../intake';
import { ClientDataRequests } from '../data-requests';
import { ExportClientButton } from '../data-protection';
import { AnonymiseButton, AnonymisedChip } from '../retention';

// References are read as one token: never broken over two lines.
const NO_WRAP = () => ({ whiteSpace: 'nowrap' });

const C = 'resources.clients.fields';

const Fact = ({ label, children }: { label: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ mb: 1.5, minWidth: 140 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {translate(label)}
      </Typography>
      <Box sx={{ typography: 'body2' }}>
        {children === null || children === undefined || children === '' ? '—' : children}
      </Box>
    </Box>
  );
};

const Section = ({ title, children }: { title: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" sx={{ mb: 2 }}>
      <CardContent>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
          {translate(title)}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
};

const Facts = ({ children }: { children: ReactNode }) => (
  <Stack direction="row" spacing={3} useFlexGap sx={{ flexWrap: 'wrap' }}>
    {children}
  </Stack>
);

const ClientTitle = () => {
  const record = useRecordContext<ClientResponse>();
  return record ? (
    <span>
      {record.givenName} {record.familyName} ({record.reference})
    </span>
  ) : null;
};

const ClientActions = () => {
  const record = useRecordContext<ClientResponse>();
  const createPath = useCreatePath();
  const { canAccess } = useCanAccess({ resource: 'clients', action: 'edit' });
  // On a phone the actions keep their words and wrap onto more rows.
  return (
    <TopToolbar sx={{ flexWrap: 'wrap', justifyContent: 'flex-end', gap: 1 }}>
      <ExportClientButton />
      <AnonymiseButton />
      <NewCaseButton />
      {canAccess && record && (
        <LabelledButton
          label="ra.action.edit"
          to={createPath({ resource: 'clients', id: record.id, type: 'edit' })}
          data-testid="client-edit"
        >
          <EditIcon />
        </LabelledButton>
      )}
    </TopToolbar>
  );
};

/** The client's cases, newest first. */
const ClientCases = () => {
  const translate = useTranslate();
  const isSmall = useIsSmall();
  return (
    <ReferenceManyField
      reference="cases"
      target="clientId"
      sort={{ field: 'openedOn', order: 'DESC' }}
      perPage={10}
      pagination={<Pagination rowsPerPageOptions={[10, 25]} />}
      empty={
        <Typography variant="body2" color="text.secondary">
          {translate('haven.clients.no_cases')}
        </Typography>
      }
    >
      {isSmall ? (
        // On a phone: one line per case, as in the case list.
        <SimpleList
          primaryText={<CaseReferenceField />}
          secondaryText={<EnumField source="stage" enumName="stage" />}
          tertiaryText={<NextDeadlineField />}
          rowClick="show"
          data-testid="client-cases"
        />
      ) : (
        <DataTable rowClick="show" bulkActionButtons={false} data-testid="client-cases">
          <DataTable.Col source="reference" cellSx={NO_WRAP} field={CaseReferenceField} />
          <DataTable.Col source="caseType" disableSort>
            <EnumField source="caseType" enumName="caseType" />
          </DataTable.Col>
          <DataTable.Col source="jurisdiction" field={CountryCodeField} />
          <DataTable.Col source="stage">
            <EnumField source="stage" enumName="stage" />
          </DataTable.Col>
          <DataTable.Col source="priority" field={PriorityChip} />
          <DataTable.Col source="nextDeadlineOn" field={NextDeadlineField} />
          <DataTable.Col source="assignedToId" disableSort>
            <ReferenceField
              source="assignedToId"
              reference="users"
              link={false}
              emptyText="haven.cases.unassigned"
            />
          </DataTable.Col>
        </DataTable>
      )}
    </ReferenceManyField>
  );
};

const ClientDetails = () => {
  const record = useRecordContext<ClientResponse>();
  const translate = useTranslate();
  const locale = useDateLocale();
  if (!record) return null;
  const day = (value: string | null | undefined) => (value ? formatDay(value, locale) : null);
  const label = (name: string, value: string | null | undefined) =>
    value ? translate(enumKey(name, value), { _: value }) : null;

  return (
    <Box sx={{ p: { xs: 1, sm: 2 } }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'baseline', mb: 2, flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1">
          {record.givenName} {record.familyName}
        </Typography>
        {record.nativeName && (
          <Typography variant="h6" component="p" color="text.secondary" lang="und">
            {record.nativeName}
          </Typography>
        )}
        <ReferenceChip reference={record.reference} kind="client" />
        <AnonymisedChip />
      </Stack>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}>
          <Section title="haven.clients.sections.identity">
            <Facts>
              <Fact label={`${C}.dateOfBirth`}>
                {record.dateOfBirth &&
                  `${day(record.dateOfBirth)}${record.dateOfBirthApproximate ? ` (${translate('haven.clients.approximate')})` : ''}`}
              </Fact>
              <Fact label={`${C}.sex`}>{label('sex', record.sex)}</Fact>
              <Fact label={`${C}.nationality`}>
                <CountryName code={record.nationality} />
              </Fact>
              <Fact label={`${C}.languages`}>
                <LanguagesField source="languages" />
              </Fact>
              <Fact label={`${C}.interpreterGender`}>
                {label('interpreterGender', record.interpreterGender)}
              </Fact>
            </Facts>
          </Section>
          <Section title="haven.clients.sections.contact">
            <Facts>
              <Fact label={`${C}.safeContactChannel`}>
                {label('contactChannel', record.safeContactChannel)}
              </Fact>
              <Fact label={`${C}.messagesAllowed`}>
                {translate(record.messagesAllowed ? 'haven.form.yes' : 'haven.form.no')}
              </Fact>
              <Fact label={`${C}.phone`}>{record.phone}</Fact>
              <Fact label={`${C}.email`}>{record.email}</Fact>
            </Facts>
          </Section>
          <Section title="haven.clients.sections.family">
            {record.dependants.length === 0 ? (
              <Typography variant="body2" color="text.secondary">
                {translate('haven.clients.no_dependants')}
              </Typography>
            ) : (
              record.dependants.map((dependant, index) => (
                <Facts key={index}>
                  <Fact label={`${C}.dependants.name`}>{dependant.name}</Fact>
                  <Fact label={`${C}.dependants.relationship`}>{dependant.relationship}</Fact>
                  <Fact label={`${C}.dependants.dateOfBirth`}>{day(dependant.dateOfBirth)}</Fact>
                  <Fact label={`${C}.dependants.accompanying`}>
                    {translate(dependant.accompanying ? 'haven.form.yes' : 'haven.form.no')}
                  </Fact>
                </Facts>
              ))
            )}
          </Section>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Section title="haven.clients.sections.status">
            <Facts>
              <Fact label={`${C}.currentCountry`}>
                <CountryName code={record.currentCountry} />
              </Fact>
              <Fact label={`${C}.currentCity`}>{record.currentCity}</Fact>
              <Fact label={`${C}.arrivalDate`}>{day(record.arrivalDate)}</Fact>
              <Fact label={`${C}.entryRoute`}>{record.entryRoute}</Fact>
              <Fact label={`${C}.stayPermitType`}>{record.stayPermitType}</Fact>
              <Fact label={`${C}.stayPermitExpiresOn`}>{day(record.stayPermitExpiresOn)}</Fact>
            </Facts>
            <Fact label="haven.clients.stays">
              {record.stays.length === 0
                ? null
                : record.stays.map((stay, index) => (
                    <div key={index}>
                      {day(stay.entryDate)} –{' '}
                      {stay.exitDate ? day(stay.exitDate) : translate('haven.clients.still_there')}
                    </div>
                  ))}
            </Fact>
            <Fact label="haven.clients.documents">
              {record.documents.length === 0
                ? null
                : record.documents.map((document, index) => (
                    <div key={index}>
                      {label('documentKind', document.kind)}
                      {document.number ? ` ${document.number}` : ''}
                      {document.issuingCountry ? (
                        <>
                          {' · '}
                          <CountryName code={document.issuingCountry} />
                        </>
                      ) : null}
                      {document.expiresOn
                        ? ` · ${translate('haven.clients.expires', { date: day(document.expiresOn) })}`
                        : ''}
                    </div>
                  ))}
            </Fact>
          </Section>
          <Section title="haven.clients.consent">
            <ProcessingBasisFlag record={record} />
            {record.consent ? (
              <Facts>
                <Fact label={`${C}.consent.scopes`}>
                  {record.consent.scopes
                    .map((scope) => translate(enumKey('consentScope', scope)))
                    .join(', ')}
                </Fact>
                <Fact label={`${C}.consent.givenOn`}>{day(record.consent.givenOn)}</Fact>
                <Fact label={`${C}.consent.language`}>
                  {languageName(record.consent.language, locale)}
                </Fact>
              </Facts>
            ) : (
              <Typography variant="body2" color="text.secondary">
                {translate('haven.clients.no_consent')}
              </Typography>
            )}
          </Section>
          <Section title="haven.consent.title">
            <ConsentTimeline clientId={record.id} />
          </Section>
          <Section title="haven.data_requests.title">
            <ClientDataRequests clientId={record.id} />
          </Section>
          <RestrictedSection collapsible testId="client-restricted">
            <Fact label={`${C}.vulnerabilities`}>
              <EnumChipsField source="vulnerabilities" enumName="vulnerability" color="warning" />
            </Fact>
            <Facts>
              <Fact label={`${C}.ethnicity`}>{record.ethnicity}</Fact>
              <Fact label={`${C}.religion`}>{record.religion}</Fact>
            </Facts>
            <Fact label={`${C}.healthNotes`}>
              <Box sx={{ whiteSpace: 'pre-wrap' }}>{record.healthNotes}</Box>
            </Fact>
            <Fact label={`${C}.sogiNotes`}>
              <Box sx={{ whiteSpace: 'pre-wrap' }}>{record.sogiNotes}</Box>
            </Fact>
          </RestrictedSection>
        </Grid>
      </Grid>
      <Section title="haven.clients.sections.cases">
        <ClientCases />
      </Section>
      <ClientDuplicates />
    </Box>
  );
};

/** Supervisors and admins: possible duplicates of this client, to merge, and past merges to undo. */
const ClientDuplicates = () => {
  const record = useRecordContext<ClientResponse>();
  const { canAccess } = useCanAccess({ resource: 'clients', action: 'merge' });
  if (!record || !canAccess) return null;
  const label = `${record.givenName} ${record.familyName} (${record.reference})`;
  return (
    <Section title="haven.duplicates.title">
      <PossibleDuplicates
        givenName={record.givenName}
        familyName={record.familyName}
        nativeName={record.nativeName}
        dateOfBirth={record.dateOfBirth}
        nationality={record.nationality}
        phone={record.phone}
        excludeId={record.id}
        action={(candidate) =>
          candidate.id ? (
            <MergeClientButton
              survivingId={record.id}
              duplicateId={candidate.id}
              survivingLabel={label}
              duplicateLabel={`${candidate.givenName ?? ''} ${candidate.familyName ?? ''} (${candidate.reference ?? ''})`}
            />
          ) : null
        }
      />
      <ClientMerges clientId={record.id} />
    </Section>
  );
};

export const ClientShow = () => (
  <Show title={<ClientTitle />} actions={<ClientActions />}>
    <FullRecord field="consent">
      <ClientDetails />
    </FullRecord>
  </Show>
);
