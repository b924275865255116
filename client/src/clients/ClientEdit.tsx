import { Typography } from '@mui/material';
import type { ClientResponse } from '@haven/shared';
import { useMemo } from 'react';
import {
  ArrayInput,
  AutocompleteArrayInput,
  AutocompleteInput,
  BooleanInput,
  CheckboxGroupInput,
  Edit,
  SaveButton,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  Toolbar,
  useLocaleState,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { CountryInput } from '../common/CountryInput';
import { FullRecord } from '../common/FullRecord';
import { RestrictedSection } from '../common/RestrictedSection';
import { utcDay } from '../common/dates';
import { languageChoices } from '../common/languages';
import {
  consentScopeChoices,
  contactChannelChoices,
  documentKindChoices,
  interpreterGenderChoices,
  sexChoices,
  vulnerabilityChoices,
} from './clientChoices';
import { clientPayload, validateClient } from './clientForm';
import { LatinTextInput } from '../names/LatinTextInput';
import { DayInput } from '../common/DayInput';

const Section = ({ title }: { title: string }) => {
  const translate = useTranslate();
  return (
    <Typography variant="subtitle1" component="h2" sx={{ mt: 3, mb: 1, fontWeight: 600 }}>
      {translate(title)}
    </Typography>
  );
};

const EditTitle = () => {
  const record = useRecordContext<ClientResponse>();
  const translate = useTranslate();
  return record ? (
    <span>
      {translate('haven.clients.edit_title', { name: `${record.givenName} ${record.familyName}` })}
    </span>
  ) : null;
};

const ClientForm = () => {
  const [locale] = useLocaleState();
  const languages = useMemo(() => languageChoices(locale), [locale]);
  return (
    <SimpleForm
      warnWhenUnsavedChanges
      validate={(values) => validateClient(values, utcDay())}
      toolbar={
        <Toolbar>
          <SaveButton />
        </Toolbar>
      }
      sx={{ maxWidth: 900 }}
    >
      <Section title="haven.clients.sections.identity" />
      <LatinTextInput source="givenName" helperText="haven.intake.latin_help" />
      <LatinTextInput source="familyName" />
      <TextInput source="nativeName" helperText="haven.intake.native_name_help" />
      <DayInput source="dateOfBirth" />
      <BooleanInput source="dateOfBirthApproximate" />
      <SelectInput source="sex" choices={sexChoices} />
      <CountryInput source="nationality" />
      <AutocompleteArrayInput source="languages" choices={languages} translateChoice={false} />
      <SelectInput source="interpreterGender" choices={interpreterGenderChoices} />

      <Section title="haven.clients.sections.contact" />
      <SelectInput
        source="safeContactChannel"
        choices={contactChannelChoices}
        emptyText="haven.form.not_stated"
      />
      <BooleanInput source="messagesAllowed" helperText="haven.intake.messages_allowed_help" />
      <TextInput source="phone" type="tel" helperText="haven.intake.phone_help" />
      <LatinTextInput source="email" type="email" transliterate={false} />

      <Section title="haven.clients.sections.status" />
      <CountryInput source="currentCountry" />
      <TextInput source="currentCity" />
      <DayInput source="arrivalDate" />
      <TextInput source="entryRoute" />
      <TextInput source="stayPermitType" />
      <DayInput source="stayPermitExpiresOn" />
      <ArrayInput source="stays" label="haven.clients.stays" helperText="haven.intake.stays_help">
        <SimpleFormIterator inline disableReordering>
          <DayInput source="entryDate" helperText={false} />
          <DayInput source="exitDate" helperText={false} />
        </SimpleFormIterator>
      </ArrayInput>
      <ArrayInput source="documents" label="haven.clients.documents">
        <SimpleFormIterator inline disableReordering>
          <SelectInput source="kind" choices={documentKindChoices} helperText={false} />
          <TextInput source="number" helperText={false} />
          <CountryInput source="issuingCountry" helperText={false} />
          <DayInput source="expiresOn" helperText={false} />
        </SimpleFormIterator>
      </ArrayInput>

      <Section title="haven.clients.sections.family" />
      <ArrayInput source="dependants" label="haven.clients.dependants">
        <SimpleFormIterator inline disableReordering>
          <TextInput source="name" helperText={false} />
          <TextInput source="relationship" helperText={false} />
          <DayInput source="dateOfBirth" helperText={false} />
          <BooleanInput source="accompanying" defaultValue helperText={false} />
        </SimpleFormIterator>
      </ArrayInput>

      <Section title="haven.clients.consent" />
      <CheckboxGroupInput source="consent.scopes" choices={consentScopeChoices} />
      <DayInput source="consent.givenOn" />
      <AutocompleteInput source="consent.language" choices={languages} translateChoice={false} />

      <RestrictedSection>
        <CheckboxGroupInput source="vulnerabilities" choices={vulnerabilityChoices} />
        <TextInput source="ethnicity" fullWidth />
        <TextInput source="religion" fullWidth />
        <TextInput source="healthNotes" multiline minRows={3} fullWidth />
        <TextInput
          source="sogiNotes"
          multiline
          minRows={3}
          fullWidth
          helperText="haven.intake.sogi_help"
        />
      </RestrictedSection>
    </SimpleForm>
  );
};

// Pessimistic: a stale version (409) or a bad field (400) must reach the form, not an undo toast.
export const ClientEdit = () => (
  <Edit mutationMode="pessimistic" transform={clientPayload} title={<EditTitle />} redirect="show">
    <FullRecord field="consent">
      <ClientForm />
    </FullRecord>
  </Edit>
);
