/** What a document is, as the caseworker files it (contract: Documents). */
export const DOCUMENT_KINDS = [
  'decision',
  'summons',
  'identity',
  'evidence',
  'medical',
  'translation',
  'correspondence',
  'power_of_attorney',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_STATUSES = ['active', 'withdrawn'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/**
 * The types Haven keeps, judged by the file's content (never its name or the browser's word).
 * Anything else is refused with a 415.
 */
export const DOCUMENT_MIME_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/heic',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
  'text/plain',
  'audio/ogg',
  'audio/mp4',
  'audio/mpeg',
] as const;
export type DocumentMimeType = (typeof DOCUMENT_MIME_TYPES)[number];

/** What the browser can show in Haven's sandboxed preview (the rest is downloaded). */
export const PREVIEWABLE_MIME_TYPES: readonly DocumentMimeType[] = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'text/plain',
  'audio/ogg',
  'audio/mp4',
  'audio/mpeg',
];

/** The upload limit when `HAVEN_MAX_UPLOAD_MB` is not set. */
export const DEFAULT_MAX_UPLOAD_MB = 25;

export interface DocumentResponse {
  id: string;
  caseId: string;
  kind: DocumentKind;
  title: string;
  mime: DocumentMimeType;
  sizeBytes: number;
  /** sha256 of the plaintext, hex. */
  sha256: string;
  /** ISO 639-1 of the document's language, or null. */
  language: string | null;
  uploadedById: string;
  createdAt: string;
  updatedAt: string;
  status: DocumentStatus;
  withdrawnAt: string | null;
  withdrawnById: string | null;
  /** Why it was withdrawn (on the single document only; null in lists). */
  withdrawnReason: string | null;
  version: number;
}

/** A list row: the same, without the withdrawal's reason. */
export type DocumentListItem = Omit<DocumentResponse, 'withdrawnReason'>;

export interface UpdateDocumentRequest {
  title?: string;
  kind?: DocumentKind;
  language?: string | null;
  version: number;
}

export interface WithdrawDocumentRequest {
  reason: string;
}
