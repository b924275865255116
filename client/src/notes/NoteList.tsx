import { GROUNDS, NOTE_STATUSES, STRENGTHS, type NoteListItem } from '@haven/shared';
import {
  DataTable,
  List,
  ReferenceField,
  SearchInput,
  SelectInput,
  SimpleList,
  TextField,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { EnumField } from '../common/EnumField';
import { enumChoices } from '../common/enums';
import { useIsSmall } from '../layout/useIsSmall';
import { StrengthChip } from './NoteCard';
import { InstantField } from '../common/InstantField';

/** Where a note is read and written: its case's Grounds of claim tab. */
export const caseNotesPath = (caseId: string) => `/cases/${caseId}/show/grounds`;

const strengthChoices = STRENGTHS.map((value) => ({
  id: value,
  name: `haven.notes.strength.${value}`,
}));
const statusChoices = NOTE_STATUSES.map((value) => ({
  id: value,
  name: `haven.notes.status.${value}`,
}));

const noteFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="ground" source="ground" choices={enumChoices('ground', GROUNDS)} />,
  <SelectInput key="strength" source="strength" choices={strengthChoices} />,
  <SelectInput key="status" source="status" choices={statusChoices} />,
];

const StrengthField = (_props: { label?: string; source?: string }) => {
  const record = useRecordContext<NoteListItem>();
  return record ? <StrengthChip strength={record.strength} /> : null;
};

const StatusField = (_props: { label?: string; source?: string }) => {
  const record = useRecordContext<NoteListItem>();
  const translate = useTranslate();
  return record ? <span>{translate(`haven.notes.status.${record.status}`)}</span> : null;
};

/**
 * Every note the caller may read, across cases (titles only: bodies are encrypted and never
 * listed). A row opens its case's Grounds of claim tab, where the note is read in full.
 */
export const NoteList = () => {
  const isSmall = useIsSmall();
  return (
    <List
      filters={noteFilters}
      filterDefaultValues={{ status: 'active' }}
      sort={{ field: 'updatedAt', order: 'DESC' }}
      perPage={25}
    >
      {isSmall ? (
        <SimpleList<NoteListItem>
          primaryText={(record) => record.title}
          secondaryText={<EnumField source="ground" enumName="ground" />}
          tertiaryText={<StrengthField />}
          rowClick={(_id, _resource, record) => caseNotesPath(record.caseId)}
        />
      ) : (
        <DataTable<NoteListItem>
          rowClick={(_id, _resource, record) => caseNotesPath(record.caseId)}
          bulkActionButtons={false}
        >
          {/* Titles are encrypted: the server cannot sort by them. */}
          <DataTable.Col source="title" disableSort />
          <DataTable.Col source="caseId" disableSort>
            <ReferenceField source="caseId" reference="cases" link={false}>
              <TextField source="reference" />
            </ReferenceField>
          </DataTable.Col>
          <DataTable.Col source="ground">
            <EnumField source="ground" enumName="ground" />
          </DataTable.Col>
          <DataTable.Col source="strength" field={StrengthField} />
          <DataTable.Col source="status" field={StatusField} disableSort />
          <DataTable.Col source="evidenceCount" disableSort />
          <DataTable.Col source="commentCount" disableSort />
          <DataTable.Col source="authorId" disableSort>
            <ReferenceField source="authorId" reference="users" link={false} />
          </DataTable.Col>
          <DataTable.Col source="updatedAt">
            <InstantField source="updatedAt" />
          </DataTable.Col>
        </DataTable>
      )}
    </List>
  );
};
