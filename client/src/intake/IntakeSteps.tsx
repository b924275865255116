import {
  CASE_TYPES,
  CONSENT_SCOPES,
  CONTACT_CHANNELS,
  IDENTITY_DOCUMENT_KINDS,
  GROUNDS,
  INTERPRETER_GENDERS,
  MILITARY_STATUSES,
  PRIORITIES,
  PROCESSING_BASES,
  SEXES,
  SUMMONS_KINDS,
  VULNERABILITIES,
  type TeamResponse,
} from '@haven/shared';
import PersonSearchIcon from '@mui/icons-material/PersonSearch';
import { Alert, Button, Stack, Typography } from '@mui/material';
import { useContext } from 'react';
import { useGetList, useTranslate } from 'react-admin';
import { RestrictedSection } from '../common/RestrictedSection';
import { PossibleDuplicates } from '../duplicates';
import { useCaseworkers } from '../common/useCaseworkers';
import { getPath } from './draftPaths';
import {
  DraftCheckbox,
  DraftCheckboxGroup,
  DraftCountry,
  DraftDate,
  DraftEnumSelect,
  DraftLanguage,
  DraftLanguages,
  DraftRows,
  DraftSelect,
  DraftText,
  FieldRow,
  IntakeFormContext,
} from './IntakeFields';
import {
  EMPTY_ROWS,
  consentsToProcessing,
  showsDesertionDate,
  showsSummonsDate,
  type IntakeContext,
  type IntakeStep,
} from './intakeDraft';

const C = 'resources.clients.fields';
const K = 'resources.cases.fields';

/**
 * The duplicate check, as the caseworker types the person's names and date of birth. A match that
 * is the same person is no dead end: "open a new case for them" continues with the case questions
 * only, for that client.
 */
const IntakeDuplicates = () => {
  const translate = useTranslate();
  const state = useContext(IntakeFormContext);
  if (!state) return null;
  const { givenName, familyName, nativeName, dateOfBirth, nationality, phone } = state.draft;
  const { openCaseFor } = state;
  return (
    <PossibleDuplicates
      givenName={givenName}
      familyName={familyName}
      nativeName={nativeName}
      dateOfBirth={dateOfBirth}
      nationality={nationality}
      phone={phone}
      action={
        openCaseFor
          ? (candidate) => (
              <Button
                size="small"
                variant="outlined"
                startIcon={<PersonSearchIcon />}
                data-testid="duplicate-same-person"
                onClick={() =>
                  openCaseFor({
                    id: candidate.id,
                    reference: candidate.reference,
                    name: `${candidate.givenName} ${candidate.familyName}`.trim(),
                  })
                }
              >
                {translate('haven.intake.returning.same_person')}
              </Button>
            )
          : undefined
      }
    />
  );
};

export const PersonStep = () => (
  <Stack spacing={2}>
    <FieldRow>
      <DraftText
        path="givenName"
        label={`${C}.givenName`}
        required
        helperText="haven.intake.latin_help"
        latin="name"
      />
      <DraftText path="familyName" label={`${C}.familyName`} required latin="name" />
    </FieldRow>
    <DraftText
      path="nativeName"
      label={`${C}.nativeName`}
      helperText="haven.intake.native_name_help"
    />
    <FieldRow>
      <DraftDate path="dateOfBirth" label={`${C}.dateOfBirth`} />
      <DraftCheckbox path="dateOfBirthApproximate" label={`${C}.dateOfBirthApproximate`} />
    </FieldRow>
    <FieldRow>
      <DraftEnumSelect
        path="sex"
        label={`${C}.sex`}
        enumName="sex"
        values={SEXES}
        required
        emptyLabel="haven.form.choose"
      />
      <DraftCountry path="nationality" label={`${C}.nationality`} required />
    </FieldRow>
    <FieldRow>
      <DraftLanguages
        path="languages"
        label={`${C}.languages`}
        helperText="haven.intake.languages_help"
      />
      <DraftEnumSelect
        path="interpreterGender"
        label={`${C}.interpreterGender`}
        enumName="interpreterGender"
        values={INTERPRETER_GENDERS}
      />
    </FieldRow>
    <IntakeDuplicates />
  </Stack>
);

/**
 * Consent first: what the person agrees to, when and in which language, before any question about
 * their claim, health or sexual orientation; without consent to data processing, the legal basis
 * used instead (or the intake cannot be saved).
 */
export const ConsentStep = () => {
  const translate = useTranslate();
  const form = useContext(IntakeFormContext);
  const consented = consentsToProcessing(form!.draft);
  return (
    <Stack spacing={2} data-testid="intake-consent">
      <Alert severity="info">{translate('haven.intake.consent_help')}</Alert>
      <DraftCheckboxGroup
        path="consentScopes"
        label={`${C}.consent.scopes`}
        enumName="consentScope"
        groups={[{ values: CONSENT_SCOPES }]}
      />
      <FieldRow>
        <DraftDate path="consentGivenOn" label={`${C}.consent.givenOn`} />
        <DraftLanguage
          path="consentLanguage"
          label={`${C}.consent.language`}
          helperText="haven.intake.consent_language_help"
        />
      </FieldRow>
      {consented ? (
        <Typography variant="body2" color="text.secondary">
          {translate('haven.intake.consent_given_basis')}
        </Typography>
      ) : (
        <>
          <Alert severity="warning" data-testid="intake-no-processing-consent">
            {translate('haven.intake.consent_processing_missing')}
          </Alert>
          <DraftSelect
            path="processingBasis"
            label="haven.intake.processing_basis"
            helperText="haven.intake.processing_basis_help"
            required
            emptyLabel="haven.form.choose"
            choices={PROCESSING_BASES.map((basis) => ({
              id: basis,
              name: translate(`haven.consent.basis.${basis}`),
            }))}
          />
        </>
      )}
    </Stack>
  );
};

export const SafetyStep = () => {
  const translate = useTranslate();
  return (
    <Stack spacing={2}>
      <Alert severity="info">{translate('haven.intake.safety_help')}</Alert>
      <FieldRow>
        <DraftEnumSelect
          path="safeContactChannel"
          label={`${C}.safeContactChannel`}
          enumName="contactChannel"
          values={CONTACT_CHANNELS}
        />
        <DraftCheckbox
          path="messagesAllowed"
          label={`${C}.messagesAllowed`}
          helperText="haven.intake.messages_allowed_help"
        />
      </FieldRow>
      <FieldRow>
        <DraftText
          path="phone"
          label={`${C}.phone`}
          type="tel"
          inputMode="tel"
          helperText="haven.intake.phone_help"
        />
        <DraftText
          path="email"
          label={`${C}.email`}
          type="email"
          inputMode="email"
          latin="address"
        />
      </FieldRow>
    </Stack>
  );
};

export const StatusStep = () => (
  <Stack spacing={2}>
    <FieldRow>
      <DraftCountry path="currentCountry" label={`${C}.currentCountry`} />
      <DraftText path="currentCity" label={`${C}.currentCity`} />
    </FieldRow>
    <FieldRow>
      <DraftDate path="arrivalDate" label={`${C}.arrivalDate`} />
      <DraftText
        path="entryRoute"
        label={`${C}.entryRoute`}
        helperText="haven.intake.entry_route_help"
      />
    </FieldRow>
    <FieldRow>
      <DraftText
        path="stayPermitType"
        label={`${C}.stayPermitType`}
        helperText="haven.intake.permit_help"
      />
      <DraftDate path="stayPermitExpiresOn" label={`${C}.stayPermitExpiresOn`} />
    </FieldRow>
    <DraftRows
      path="stays"
      label="haven.clients.stays"
      helperText="haven.intake.stays_help"
      addLabel="haven.form.add_stay"
      emptyRow={EMPTY_ROWS.stays}
      renderRow={(row) => (
        <FieldRow>
          <DraftDate path={`${row}.entryDate`} label={`${C}.stays.entryDate`} required />
          <DraftDate
            path={`${row}.exitDate`}
            label={`${C}.stays.exitDate`}
            helperText="haven.intake.exit_help"
          />
        </FieldRow>
      )}
    />
    <DraftRows
      path="documents"
      label="haven.clients.documents"
      helperText="haven.intake.documents_help"
      addLabel="haven.form.add_document"
      emptyRow={EMPTY_ROWS.documents}
      renderRow={(row) => (
        <Stack spacing={2}>
          <FieldRow>
            <DraftEnumSelect
              path={`${row}.kind`}
              label={`${C}.documents.kind`}
              enumName="documentKind"
              values={IDENTITY_DOCUMENT_KINDS}
              required
              emptyLabel="haven.form.choose"
            />
            <DraftText path={`${row}.number`} label={`${C}.documents.number`} />
          </FieldRow>
          <FieldRow>
            <DraftCountry path={`${row}.issuingCountry`} label={`${C}.documents.issuingCountry`} />
            <DraftDate path={`${row}.expiresOn`} label={`${C}.documents.expiresOn`} />
          </FieldRow>
        </Stack>
      )}
    />
  </Stack>
);

export const GROUND_GROUPS = [
  { label: 'haven.grounds.convention', values: GROUNDS.slice(0, 5) },
  { label: 'haven.grounds.military', values: GROUNDS.slice(5, 9) },
  { label: 'haven.grounds.serious_harm', values: GROUNDS.slice(9, 12) },
  { values: GROUNDS.slice(12) },
];

export const ClaimStep = ({ context }: { context: IntakeContext & { teamId: string | null } }) => {
  const form = useContext(IntakeFormContext);
  const draft = form!.draft;
  return (
    <Stack spacing={2}>
      <FieldRow>
        <DraftEnumSelect
          path="caseType"
          label={`${K}.caseType`}
          enumName="caseType"
          values={CASE_TYPES}
          required
          emptyLabel="haven.form.choose"
        />
        <DraftCountry
          path="jurisdiction"
          label={`${K}.jurisdiction`}
          required
          helperText="haven.intake.jurisdiction_help"
        />
        <DraftEnumSelect
          path="priority"
          label={`${K}.priority`}
          enumName="priority"
          values={PRIORITIES}
          emptyLabel={false}
        />
      </FieldRow>
      <DraftCheckboxGroup
        path="grounds"
        label={`${K}.grounds`}
        enumName="ground"
        groups={GROUND_GROUPS}
      />
      <FieldRow>
        <DraftEnumSelect
          path="militaryStatus"
          label={`${K}.militaryStatus`}
          enumName="militaryStatus"
          values={MILITARY_STATUSES}
          helperText="haven.intake.military_help"
        />
        <DraftEnumSelect
          path="summonsKind"
          label={`${K}.summonsKind`}
          enumName="summonsKind"
          values={SUMMONS_KINDS}
        />
      </FieldRow>
      {(showsSummonsDate(draft) || showsDesertionDate(draft)) && (
        <FieldRow>
          {showsSummonsDate(draft) && (
            <DraftDate
              path="summonsDate"
              label={`${K}.summonsDate`}
              helperText="haven.intake.summons_help"
            />
          )}
          {showsDesertionDate(draft) && (
            <DraftDate path="desertionDate" label={`${K}.desertionDate`} />
          )}
        </FieldRow>
      )}
      <DraftText
        path="referralSource"
        label={`${K}.referralSource`}
        helperText="haven.intake.referral_help"
      />
      <DraftRows
        path="authorityReferences"
        label="haven.cases.authority_references"
        helperText="haven.intake.authority_help"
        addLabel="haven.form.add_reference"
        emptyRow={EMPTY_ROWS.authorityReferences}
        renderRow={(row) => (
          <FieldRow>
            <DraftText
              path={`${row}.authority`}
              label={`${K}.authorityReferences.authority`}
              required
            />
            <DraftText
              path={`${row}.reference`}
              label={`${K}.authorityReferences.reference`}
              required
            />
          </FieldRow>
        )}
      />
      <RestrictedSection testId="intake-restricted-claim">
        <Stack spacing={2}>
          <DraftText
            path="claimSummary"
            label={`${K}.claimSummary`}
            multiline
            helperText="haven.intake.claim_help"
          />
          <DraftText
            path="serviceHistory"
            label={`${K}.serviceHistory`}
            multiline
            helperText="haven.intake.service_help"
          />
        </Stack>
      </RestrictedSection>
      {context.role === 'supervisor' && <AssignTo teamId={context.teamId} />}
      {context.role === 'admin' && <TeamAndAssignee teamId={getPath(draft, 'teamId') as string} />}
    </Stack>
  );
};

const AssignTo = ({ teamId }: { teamId: string | null }) => {
  const { data = [], isPending } = useCaseworkers(teamId);
  return (
    <DraftSelect
      path="assignedToId"
      label={`${K}.assignedToId`}
      helperText={isPending ? 'ra.page.loading' : 'haven.intake.assign_help'}
      choices={data.map((user) => ({ id: user.id, name: user.fullName }))}
      emptyLabel="haven.cases.unassigned"
    />
  );
};

const TeamAndAssignee = ({ teamId }: { teamId: string }) => {
  const { data: teams = [] } = useGetList<TeamResponse>('teams', {
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'name', order: 'ASC' },
  });
  return (
    <FieldRow>
      <DraftSelect
        path="teamId"
        label={`${K}.teamId`}
        required
        helperText="haven.intake.team_help"
        choices={teams.map((team) => ({ id: team.id, name: team.name }))}
        emptyLabel="haven.form.choose"
      />
      {teamId ? <AssignTo teamId={teamId} /> : null}
    </FieldRow>
  );
};

const VULNERABILITY_GROUPS = [{ values: VULNERABILITIES }];

export const VulnerabilitiesStep = () => {
  return (
    <Stack spacing={2}>
      <RestrictedSection testId="intake-restricted-vulnerabilities">
        <Stack spacing={2}>
          <DraftCheckboxGroup
            path="vulnerabilities"
            label={`${C}.vulnerabilities`}
            enumName="vulnerability"
            groups={VULNERABILITY_GROUPS}
          />
          <FieldRow>
            <DraftText path="ethnicity" label={`${C}.ethnicity`} />
            <DraftText path="religion" label={`${C}.religion`} />
          </FieldRow>
          <DraftText path="healthNotes" label={`${C}.healthNotes`} multiline />
          <DraftText
            path="sogiNotes"
            label={`${C}.sogiNotes`}
            multiline
            helperText="haven.intake.sogi_help"
          />
        </Stack>
      </RestrictedSection>
      <DraftRows
        path="dependants"
        label="haven.clients.dependants"
        addLabel="haven.form.add_dependant"
        emptyRow={EMPTY_ROWS.dependants}
        renderRow={(row) => (
          <Stack spacing={2}>
            <FieldRow>
              <DraftText path={`${row}.name`} label={`${C}.dependants.name`} required />
              <DraftText
                path={`${row}.relationship`}
                label={`${C}.dependants.relationship`}
                required
                helperText="haven.intake.relationship_help"
              />
            </FieldRow>
            <FieldRow>
              <DraftDate path={`${row}.dateOfBirth`} label={`${C}.dependants.dateOfBirth`} />
              <DraftCheckbox path={`${row}.accompanying`} label={`${C}.dependants.accompanying`} />
            </FieldRow>
          </Stack>
        )}
      />
    </Stack>
  );
};

export const StepContent = ({
  step,
  context,
}: {
  step: IntakeStep;
  context: IntakeContext & { teamId: string | null };
}) => {
  switch (step) {
    case 'person':
      return <PersonStep />;
    case 'consent':
      return <ConsentStep />;
    case 'safety':
      return <SafetyStep />;
    case 'status':
      return <StatusStep />;
    case 'claim':
      return <ClaimStep context={context} />;
    case 'vulnerabilities':
      return <VulnerabilitiesStep />;
    default: {
      const exhaustive: never = step;
      return exhaustive;
    }
  }
};
