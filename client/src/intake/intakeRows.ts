import type {
  AuthorityReferenceRow,
  DependantRow,
  DocumentRow,
  IntakeDraft,
  StayRow,
} from './intakeDraft';

const blank = (...values: string[]) => values.every((value) => value.trim() === '');

/** A row the user added and left empty: ignored by checks, dropped before sending. */
export const BLANK_ROW = {
  stays: (row: StayRow) => blank(row.entryDate, row.exitDate),
  documents: (row: DocumentRow) => blank(row.kind, row.number, row.issuingCountry, row.expiresOn),
  dependants: (row: DependantRow) => blank(row.name, row.relationship, row.dateOfBirth),
  authorityReferences: (row: AuthorityReferenceRow) => blank(row.authority, row.reference),
};

/**
 * The draft without its empty rows. Submitting sends this, and keeps it as the draft, so that the
 * server's row numbers in "client.documents.1.kind" point at the rows the user sees.
 */
export function compactDraft(draft: IntakeDraft): IntakeDraft {
  return {
    ...draft,
    stays: draft.stays.filter((row) => !BLANK_ROW.stays(row)),
    documents: draft.documents.filter((row) => !BLANK_ROW.documents(row)),
    dependants: draft.dependants.filter((row) => !BLANK_ROW.dependants(row)),
    authorityReferences: draft.authorityReferences.filter(
      (row) => !BLANK_ROW.authorityReferences(row),
    ),
  };
}
