import type { NoteResponse } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import {
  emptyEvidenceRow,
  evidenceForRequest,
  formValues,
  groupByGround,
  noteRequest,
  validateNote,
} from './noteModel';

describe('groupByGround', () => {
  it('orders grounds as the domain does and keeps a case ground without a note', () => {
    const notes = [
      { id: '1', ground: 'torture' as const },
      { id: '2', ground: 'religion' as const },
      { id: '3', ground: 'conscientious_objection' as const },
      { id: '4', ground: 'religion' as const },
    ];
    const groups = groupByGround(notes, ['political_opinion', 'religion']);
    expect(groups.map((g) => g.ground)).toEqual([
      'religion',
      'political_opinion',
      'conscientious_objection',
      'torture',
    ]);
    expect(groups[0].notes.map((n) => n.id)).toEqual(['2', '4']);
    expect(groups[1].notes).toEqual([]);
  });

  it('is empty for a case with no grounds and no notes', () => {
    expect(groupByGround([], [])).toEqual([]);
  });
});

describe('the note form', () => {
  const valid = {
    ground: 'religion' as const,
    title: 'Religious objection',
    body: 'Facts',
    strength: 'moderate' as const,
    evidence: [
      {
        ...emptyEvidenceRow(),
        kind: 'witness_statement' as const,
        description: ' Statement of the pastor ',
        language: 'RU',
      },
    ],
  };

  it('accepts a complete note and sends trimmed evidence with nulls for empty fields', () => {
    expect(validateNote(valid)).toEqual({});
    expect(noteRequest(valid)).toEqual({
      ground: 'religion',
      title: 'Religious objection',
      body: 'Facts',
      strength: 'moderate',
      evidence: [
        {
          kind: 'witness_statement',
          description: 'Statement of the pastor',
          reference: null,
          original: false,
          language: 'ru',
          translated: false,
        },
      ],
    });
  });

  it('names each missing or bad field, evidence rows by index', () => {
    const errors = validateNote({
      ...valid,
      ground: '',
      title: ' ',
      evidence: [emptyEvidenceRow(), { ...valid.evidence[0], language: 'rus' }],
    });
    expect(Object.keys(errors).sort()).toEqual([
      'evidence.0.description',
      'evidence.0.kind',
      'evidence.1.language',
      'ground',
      'title',
    ]);
    expect(validateNote({ ...valid, title: 'x'.repeat(201) }).title).toEqual({
      message: 'ra.validation.maxLength',
      args: { max: 200 },
    });
  });

  it('starts from a note being edited, and from the chosen ground for a new one', () => {
    const note = {
      ground: 'torture',
      title: 'T',
      body: 'B',
      strength: 'weak',
      evidence: [
        {
          kind: 'medical_report',
          description: 'D',
          reference: null,
          original: true,
          language: null,
          translated: true,
        },
      ],
    } as unknown as NoteResponse;
    expect(formValues(note).evidence[0]).toEqual({
      kind: 'medical_report',
      description: 'D',
      reference: '',
      language: '',
      original: true,
      translated: true,
      documentId: '',
    });
    expect(evidenceForRequest(formValues(note).evidence)).toEqual(note.evidence);
    expect(formValues(null, 'death_penalty')).toMatchObject({
      ground: 'death_penalty',
      strength: 'unassessed',
    });
  });

  it('keeps an item’s link to a document of the case, and drops it when unlinked', () => {
    const documentId = '00000000-0000-4000-8000-00000000d0c1';
    const note = {
      ground: 'political_opinion',
      title: 'T',
      body: '',
      strength: 'moderate',
      evidence: [
        {
          kind: 'summons_paper',
          description: 'The summons',
          reference: null,
          original: true,
          language: 'ru',
          translated: false,
          documentId,
        },
      ],
    } as unknown as NoteResponse;
    const rows = formValues(note).evidence;
    expect(rows[0].documentId).toBe(documentId);
    expect(evidenceForRequest(rows)).toEqual(note.evidence);
    expect(evidenceForRequest([{ ...rows[0], documentId: '' }])[0]).not.toHaveProperty(
      'documentId',
    );
  });
});
