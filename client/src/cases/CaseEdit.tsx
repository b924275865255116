import { Typography } from '@mui/material';
import { renderExplanation, type CaseResponse, type ServiceMethod } from '@haven/shared';
import {
  ArrayInput,
  CheckboxGroupInput,
  Edit,
  FormDataConsumer,
  SaveButton,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  Toolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { CountryInput } from '../common/CountryInput';
import { FullRecord } from '../common/FullRecord';
import { RestrictedSection } from '../common/RestrictedSection';
import { formatDay, utcDay } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';
import { useUiLocale } from '../common/useUiLocale';
import {
  caseTypeChoices,
  groundChoices,
  militaryStatusChoices,
  priorityChoices,
  procedureTrackChoices,
  serviceMethodChoices,
  summonsKindChoices,
} from './caseChoices';
import { casePayload, validateCase } from './caseForm';
import { derivedService, receivedOnLabelKey } from './decisionForm';
import { DayInput } from '../common/DayInput';

const EditTitle = () => {
  const record = useRecordContext<CaseResponse>();
  const translate = useTranslate();
  return record ? (
    <span>{translate('haven.cases.edit_title', { reference: record.reference })}</span>
  ) : null;
};

const Section = ({ title }: { title: string }) => {
  const translate = useTranslate();
  return (
    <Typography variant="subtitle1" component="h2" sx={{ mt: 2, fontWeight: 600 }}>
      {translate(title)}
    </Typography>
  );
};

interface DecisionFormData {
  jurisdiction?: string | null;
  serviceMethod?: ServiceMethod | '' | null;
  decisionReceivedOn?: string | null;
}

/** The arrival date, labelled by what it is for the method ("Handed to the reception centre on"). */
const ReceivedOnInput = () => (
  <FormDataConsumer<DecisionFormData>>
    {({ formData }) => (
      <DayInput
        source="decisionReceivedOn"
        label={receivedOnLabelKey(formData.jurisdiction ?? '', formData.serviceMethod || null)}
        helperText="haven.cases.received_on_help"
      />
    )}
  </FormDataConsumer>
);

/**
 * The service date the server derives from how and when the decision arrived (unless a service
 * date is given in the same save), shown as the user types.
 */
const DerivedServiceHint = ({ formData }: { formData: DecisionFormData }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const ui = useUiLocale();
  const derived = derivedService(
    formData.jurisdiction ?? '',
    formData.serviceMethod || null,
    formData.decisionReceivedOn ?? null,
  );
  if (!derived) return null;
  return (
    <Typography
      variant="body2"
      color="text.secondary"
      sx={{ mb: 2, maxWidth: 600 }}
      data-testid="case-edit-derived-service"
    >
      {translate('haven.cases.service_from_these', { date: formatDay(derived.servedOn, locale) })}
      {' — '}
      {renderExplanation(derived.explanation, ui)}
    </Typography>
  );
};

/**
 * The case's editable facts. The stage (with its reason and outcome rules) and the assignment
 * change on the case page; the server refuses them from a caseworker anyway.
 */
export const CaseEdit = () => (
  // Pessimistic: a stale version (409) or a bad field (400) must reach the form, not an undo toast.
  <Edit mutationMode="pessimistic" transform={casePayload} title={<EditTitle />} redirect="show">
    <FullRecord field="summonsKind">
      <SimpleForm
        warnWhenUnsavedChanges
        validate={(values) => validateCase(values, utcDay())}
        toolbar={
          <Toolbar>
            <SaveButton />
          </Toolbar>
        }
        sx={{ maxWidth: 800 }}
      >
        <Section title="haven.cases.sections.case" />
        <SelectInput source="caseType" choices={caseTypeChoices} />
        <CountryInput source="jurisdiction" />
        <SelectInput source="priority" choices={priorityChoices} />
        <DayInput source="openedOn" />
        <Section title="haven.enums.stage.decision" />
        <SelectInput
          source="procedureTrack"
          choices={procedureTrackChoices}
          helperText="haven.cases.procedure_track_help"
        />
        <SelectInput
          source="serviceMethod"
          choices={serviceMethodChoices}
          emptyText="haven.form.choose"
          helperText="haven.cases.service_method_help"
        />
        <ReceivedOnInput />
        <FormDataConsumer<DecisionFormData>>
          {({ formData }) => <DerivedServiceHint formData={formData} />}
        </FormDataConsumer>
        <DayInput source="decisionServedOn" helperText="haven.cases.decision_served_help" />
        <TextInput source="referralSource" />
        <CheckboxGroupInput source="grounds" choices={groundChoices} row={false} />
        <Section title="haven.cases.sections.military" />
        <SelectInput source="militaryStatus" choices={militaryStatusChoices} />
        <SelectInput source="summonsKind" choices={summonsKindChoices} />
        <DayInput source="summonsDate" />
        <DayInput source="desertionDate" />
        <ArrayInput source="authorityReferences" label="haven.cases.authority_references">
          <SimpleFormIterator inline disableReordering>
            <TextInput source="authority" helperText={false} />
            <TextInput source="reference" helperText={false} />
          </SimpleFormIterator>
        </ArrayInput>
        <RestrictedSection>
          <TextInput source="claimSummary" multiline minRows={4} fullWidth />
          <TextInput source="serviceHistory" multiline minRows={3} fullWidth />
        </RestrictedSection>
      </SimpleForm>
    </FullRecord>
  </Edit>
);
