import {
  EVIDENCE_KINDS,
  GROUNDS,
  STRENGTHS,
  type Evidence,
  type EvidenceKind,
  type Ground,
  type NoteListItem,
  type NoteResponse,
  type Strength,
} from '@haven/shared';

/**
 * The pure side of the grounds-of-claim notes: grouping a case's notes by ground in the domain's
 * order, and the note form's values, checks and request body (mirroring server/src/notes/note.dto.ts).
 */

export interface GroundGroup<N> {
  ground: Ground;
  notes: N[];
}

/**
 * The case's grounds and the grounds its notes are about, in the order of `GROUNDS` (Convention
 * grounds, military service, serious harm, other). A ground of the case without a note still gets
 * its (empty) group, so that the missing note shows.
 */
export function groupByGround<N extends Pick<NoteListItem, 'ground'>>(
  notes: N[],
  caseGrounds: readonly string[] = [],
): GroundGroup<N>[] {
  return GROUNDS.filter(
    (ground) => caseGrounds.includes(ground) || notes.some((note) => note.ground === ground),
  ).map((ground) => ({ ground, notes: notes.filter((note) => note.ground === ground) }));
}

export const STRENGTH_COLOR: Record<Strength, 'success' | 'warning' | 'error' | 'default'> = {
  strong: 'success',
  moderate: 'warning',
  weak: 'error',
  unassessed: 'default',
};

/** An evidence row as the form edits it: every field a string or a flag. */
export interface EvidenceRow {
  kind: EvidenceKind | '';
  description: string;
  reference: string;
  language: string;
  original: boolean;
  translated: boolean;
  /** A document of the same case this item is, or '' for none. */
  documentId: string;
}

export interface NoteFormValues {
  ground: Ground | '';
  title: string;
  body: string;
  strength: Strength;
  evidence: EvidenceRow[];
}

export const emptyEvidenceRow = (): EvidenceRow => ({
  kind: '',
  description: '',
  reference: '',
  language: '',
  original: false,
  translated: false,
  documentId: '',
});

export function formValues(note?: NoteResponse | null, ground?: Ground | null): NoteFormValues {
  if (!note) {
    return { ground: ground ?? '', title: '', body: '', strength: 'unassessed', evidence: [] };
  }
  return {
    ground: note.ground,
    title: note.title,
    body: note.body,
    strength: note.strength,
    evidence: note.evidence.map((item) => ({
      kind: item.kind,
      description: item.description,
      reference: item.reference ?? '',
      language: item.language ?? '',
      original: item.original,
      translated: item.translated,
      documentId: item.documentId ?? '',
    })),
  };
}

export const TITLE_MAX = 200;
export const BODY_MAX = 200_000;
export const EVIDENCE_MAX = 200;
export const DESCRIPTION_MAX = 2000;
export const REFERENCE_MAX = 300;

export type NoteFormErrors = Record<string, { message: string; args?: Record<string, unknown> }>;

/** The server's rules, checked before sending; keys are field paths (`evidence.2.description`). */
export function validateNote(values: NoteFormValues): NoteFormErrors {
  const errors: NoteFormErrors = {};
  const required = { message: 'ra.validation.required' };
  if (!values.ground || !(GROUNDS as readonly string[]).includes(values.ground)) {
    errors.ground = required;
  }
  if (!values.title.trim()) errors.title = required;
  else if (values.title.trim().length > TITLE_MAX) {
    errors.title = { message: 'ra.validation.maxLength', args: { max: TITLE_MAX } };
  }
  if (values.body.length > BODY_MAX) {
    errors.body = { message: 'ra.validation.maxLength', args: { max: BODY_MAX } };
  }
  if (!(STRENGTHS as readonly string[]).includes(values.strength)) errors.strength = required;
  if (values.evidence.length > EVIDENCE_MAX) {
    errors.evidence = {
      message: 'haven.notes.errors.too_much_evidence',
      args: { max: EVIDENCE_MAX },
    };
  }
  values.evidence.forEach((row, index) => {
    const at = `evidence.${index}`;
    if (!row.kind || !(EVIDENCE_KINDS as readonly string[]).includes(row.kind)) {
      errors[`${at}.kind`] = required;
    }
    if (!row.description.trim()) errors[`${at}.description`] = required;
    else if (row.description.trim().length > DESCRIPTION_MAX) {
      errors[`${at}.description`] = {
        message: 'ra.validation.maxLength',
        args: { max: DESCRIPTION_MAX },
      };
    }
    if (row.reference.trim().length > REFERENCE_MAX) {
      errors[`${at}.reference`] = {
        message: 'ra.validation.maxLength',
        args: { max: REFERENCE_MAX },
      };
    }
    if (row.language.trim() && !/^[a-z]{2}$/.test(row.language.trim().toLowerCase())) {
      errors[`${at}.language`] = { message: 'haven.notes.errors.language' };
    }
  });
  return errors;
}

/**
 * The evidence list as the API takes it: trimmed, empty optional fields as null. `documentId` is
 * sent only when an item names a document (the list replaces the old one whole, so leaving it out
 * unlinks).
 */
export function evidenceForRequest(rows: EvidenceRow[]): Evidence[] {
  return rows.map((row) => ({
    kind: row.kind as EvidenceKind,
    description: row.description.trim(),
    reference: row.reference.trim() || null,
    original: row.original,
    language: row.language.trim().toLowerCase() || null,
    translated: row.translated,
    ...(row.documentId ? { documentId: row.documentId } : {}),
  }));
}

/** `POST /api/notes` for a new note, or the fields of `PATCH /api/notes/:id` for an edit. */
export function noteRequest(values: NoteFormValues) {
  return {
    ground: values.ground as Ground,
    title: values.title.trim(),
    body: values.body,
    strength: values.strength,
    evidence: evidenceForRequest(values.evidence),
  };
}
