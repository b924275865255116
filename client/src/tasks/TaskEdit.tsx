import { PRIORITIES } from '@haven/shared';
import { Edit, SelectInput, SimpleForm, TextInput, maxLength, required } from 'react-admin';
import { enumChoices } from '../common/enums';
import { DayInput } from '../common/DayInput';

/** Title, details, priority and due day; the status moves only through the task's actions. */
export const TaskEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list">
    <SimpleForm>
      <TextInput source="title" validate={[required(), maxLength(200)]} fullWidth />
      <TextInput source="description" validate={maxLength(5000)} multiline minRows={3} fullWidth />
      <SelectInput
        source="priority"
        choices={enumChoices('priority', PRIORITIES)}
        validate={required()}
      />
      <DayInput source="dueOn" />
    </SimpleForm>
  </Edit>
);
