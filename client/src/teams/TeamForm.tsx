import {
  SaveButton,
  SelectInput,
  SimpleForm,
  TextInput,
  Toolbar,
  maxLength,
  required,
  useLocaleState,
  useRecordContext,
} from 'react-admin';
import { COUNTRY_CODE, countryChoices } from './countries';

// The server's limit (server/src/teams/team.dto.ts).
const validateName = [required(), maxLength(120)];
const validateCountry = [
  required(),
  (value: unknown) =>
    typeof value === 'string' && COUNTRY_CODE.test(value) ? undefined : 'haven.validation.country',
];

const CountryInput = () => {
  const [locale] = useLocaleState();
  const record = useRecordContext<{ country?: string }>();
  return (
    <SelectInput
      source="country"
      choices={countryChoices(locale, record?.country)}
      translateChoice={false}
      validate={validateCountry}
      helperText="haven.teams.country_help"
    />
  );
};

/** The team form shared by create and edit (admins only). Teams are never deleted. */
export const TeamForm = () => (
  <SimpleForm
    toolbar={
      <Toolbar>
        <SaveButton />
      </Toolbar>
    }
    sx={{ maxWidth: 560 }}
  >
    <TextInput source="name" validate={validateName} />
    <CountryInput />
  </SimpleForm>
);
