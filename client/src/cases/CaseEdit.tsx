import { Typography } from '@mui/material';
import {
  ArrayInput,
  CheckboxGroupInput,
  DateInput,
  Edit,
  SaveButton,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  Toolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { CaseResponse } from '@haven/shared';
import { CountryInput } from '../common/CountryInput';
import { FullRecord } from '../common/FullRecord';
import { RestrictedSection } from '../common/RestrictedSection';
import { utcDay } from '../common/dates';
import {
  caseTypeChoices,
  groundChoices,
  militaryStatusChoices,
  priorityChoices,
  summonsKindChoices,
} from './caseChoices';
import { casePayload, validateCase } from './caseForm';

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

/**
 * The case's editable facts. The stage (with its reason and outcome rules) and the assignment
 * change on the case page; the server refuses them from a caseworker anyway.
 */
export const CaseEdit = () => (
  // Pessimistic: a stale version (409) or a bad field (400) must reach the form, not an undo toast.
  <Edit mutationMode="pessimistic" transform={casePayload} title={<EditTitle />} redirect="show">
    <FullRecord field="summonsKind">
      <SimpleForm
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
        <DateInput source="openedOn" />
        <DateInput source="decisionServedOn" helperText="haven.cases.decision_served_help" />
        <TextInput source="referralSource" />
        <CheckboxGroupInput source="grounds" choices={groundChoices} row={false} />
        <Section title="haven.cases.sections.military" />
        <SelectInput source="militaryStatus" choices={militaryStatusChoices} />
        <SelectInput source="summonsKind" choices={summonsKindChoices} />
        <DateInput source="summonsDate" />
        <DateInput source="desertionDate" />
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
