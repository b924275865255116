import type { Ground } from '../cases/case.enums.js';

/** Evidence kinds for a note's inventory (domain.md, Grounds of claim). */
export const EVIDENCE_KINDS = [
  'summons_paper',
  'summons_electronic',
  'military_id',
  'criminal_case_document',
  'admin_arrest_record',
  'medical_report',
  'psych_report',
  'coi_report',
  'witness_statement',
  'expert_opinion',
  'identity_document',
  'travel_document',
  'threat_communication',
  'media_social_media',
  'photo_video',
  'membership_letter',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const STRENGTHS = ['strong', 'moderate', 'weak', 'unassessed'] as const;
export type Strength = (typeof STRENGTHS)[number];

export const NOTE_STATUSES = ['active', 'withdrawn'] as const;
export type NoteStatus = (typeof NOTE_STATUSES)[number];

export interface Evidence {
  kind: EvidenceKind;
  description: string;
  /** Where it is: a file reference, a binder number, a URL. */
  reference: string | null;
  original: boolean;
  /** ISO 639-1 of the document's language. */
  language: string | null;
  translated: boolean;
  /** A document of the same case this item is (optional). */
  documentId?: string | null;
}

export interface NoteListItem {
  id: string;
  caseId: string;
  ground: Ground;
  title: string;
  strength: Strength;
  status: NoteStatus;
  authorId: string;
  evidenceCount: number;
  commentCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A note read in full (an audited read): the body and evidence, decrypted. */
export interface NoteResponse extends NoteListItem {
  body: string;
  evidence: Evidence[];
}

export interface NoteRevision {
  id: string;
  noteId: string;
  /** The note's version this revision was. */
  version: number;
  ground: Ground;
  title: string;
  body: string;
  evidence: Evidence[];
  strength: Strength;
  status: NoteStatus;
  editedById: string | null;
  editedAt: string;
}

export interface NoteComment {
  id: string;
  noteId: string;
  authorId: string;
  body: string;
  createdAt: string;
}
