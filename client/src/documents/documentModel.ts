import {
  DEFAULT_MAX_UPLOAD_MB,
  DOCUMENT_KINDS,
  DOCUMENT_MIME_TYPES,
  PREVIEWABLE_MIME_TYPES,
  type DocumentKind,
  type DocumentListItem,
} from '@haven/shared';
import { errorCodeKey } from '../common/serverErrors';
import { isBlank, type FieldError } from '../common/validation';

/**
 * The pure side of a case's documents: sizes for people, the upload form's defaults, checks and
 * multipart body, and how (or whether) the browser can show a type.
 */

/**
 * The limit the dialog states and checks before sending. The server's `HAVEN_MAX_UPLOAD_MB` decides
 * (a 413 names it); no route tells the client another value, so this is the contract's default.
 */
export const MAX_UPLOAD_MB = DEFAULT_MAX_UPLOAD_MB;
export const MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024;
export const TITLE_MAX = 200;
/** The server's language tag: ISO 639-1 (or -2), maybe with a region or script (`pt-BR`). */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$/;
export const REASON_MAX = 2000;

/**
 * What the file picker offers: the allowed types and their usual extensions (HEIC and Opus files
 * often come without a type the browser knows). Only a hint: the server judges by content.
 */
export const UPLOAD_ACCEPT = [
  ...DOCUMENT_MIME_TYPES,
  'image/heif',
  'audio/opus',
  'audio/x-m4a',
  '.pdf',
  '.jpg',
  '.jpeg',
  '.png',
  '.heic',
  '.heif',
  '.webp',
  '.docx',
  '.odt',
  '.txt',
  '.ogg',
  '.oga',
  '.opus',
  '.m4a',
  '.mp3',
].join(',');

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** "812 bytes", "1.5 MB", "1,5 МБ": binary multiples, at most one decimal, in the user's locale. */
export function formatSize(bytes: number, locale: string): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Whole bytes; one decimal only while it says something ("1.5 MB", not "12.3 MB" noise above 10).
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: UNITS[unit],
    // "812 byte" is what the short form says in English: bytes are written out.
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: digits,
  }).format(value);
}

/** The file name without folders or its last extension: the title a new upload starts with. */
export function titleFromFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  const stem = (dot > 0 ? base.slice(0, dot) : base).trim();
  return (stem || base.trim()).slice(0, TITLE_MAX);
}

/**
 * The kind a new upload starts with. A file's name or type says nothing reliable about whether it
 * is a decision or a summons, and a wrong guess is worse than none: the caseworker picks.
 */
export function defaultKind(_file?: Pick<File, 'name' | 'type'>): DocumentKind {
  return 'other';
}

/** One file of the upload dialog, as the user edits it. */
export interface UploadItem {
  key: string;
  file: File;
  kind: DocumentKind;
  title: string;
  /** ISO 639-1, or '' for none. */
  language: string;
}

export type UploadField = 'file' | 'kind' | 'title' | 'language';
export type UploadErrors = Partial<Record<UploadField, FieldError>>;

let sequence = 0;

export function uploadItem(file: File): UploadItem {
  sequence += 1;
  return {
    key: `${sequence}-${file.name}-${file.size}`,
    file,
    kind: defaultKind(file),
    title: titleFromFileName(file.name),
    language: '',
  };
}

/** The file's refusals that need no round trip: empty, or over the limit. */
export function validateFile(
  file: Pick<File, 'size'>,
  maxBytes: number = MAX_UPLOAD_BYTES,
): FieldError | undefined {
  // The server's own refusals, in the words of the shared error catalogue.
  if (file.size === 0) return errorCodeKey('document.empty');
  if (file.size > maxBytes) {
    return {
      message: errorCodeKey('document.too_large'),
      args: { maxMb: Math.round(maxBytes / 1024 / 1024) },
    };
  }
  return undefined;
}

/** A document's details as the server checks them (on upload and on edit). */
export function validateDetails(
  details: Pick<UploadItem, 'kind' | 'title' | 'language'>,
): UploadErrors {
  const errors: UploadErrors = {};
  if (!(DOCUMENT_KINDS as readonly string[]).includes(details.kind)) {
    errors.kind = 'ra.validation.required';
  }
  if (isBlank(details.title)) errors.title = 'ra.validation.required';
  else if (details.title.trim().length > TITLE_MAX) {
    errors.title = { message: 'ra.validation.maxLength', args: { max: TITLE_MAX } };
  }
  if (details.language && !LANGUAGE_TAG.test(details.language)) {
    errors.language = 'haven.validation.language';
  }
  return errors;
}

/** Everything about one upload that can be refused before sending it. */
export function validateUpload(
  item: Pick<UploadItem, 'file' | 'kind' | 'title' | 'language'>,
  maxBytes: number = MAX_UPLOAD_BYTES,
): UploadErrors {
  const errors = validateDetails(item);
  const file = validateFile(item.file, maxBytes);
  return file ? { file, ...errors } : errors;
}

/**
 * `POST /api/cases/:id/documents` as multipart: the text fields first, the file last, so that the
 * server knows what it stores before the bytes arrive (it streams them, never holding them whole).
 */
export function uploadForm(item: Pick<UploadItem, 'file' | 'kind' | 'title' | 'language'>) {
  const form = new FormData();
  form.append('kind', item.kind);
  form.append('title', item.title.trim());
  if (item.language) form.append('language', item.language);
  form.append('file', item.file, item.file.name);
  return form;
}

export type PreviewKind = 'pdf' | 'image' | 'text' | 'audio';

/** How Haven shows a type in its preview, or null: download only (DOCX, ODT, HEIC). */
export function previewKind(mime: string): PreviewKind | null {
  if (!(PREVIEWABLE_MIME_TYPES as readonly string[]).includes(mime)) return null;
  if (mime === 'application/pdf') return 'pdf';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime === 'text/plain') return 'text';
  return null;
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
  'image/webp': 'webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'text/plain': 'txt',
  'audio/ogg': 'ogg',
  'audio/mp4': 'm4a',
  'audio/mpeg': 'mp3',
};

/** The name to save under when the server gives none: the title and the type's extension. */
export function fallbackFileName(doc: Pick<DocumentListItem, 'title' | 'mime'>): string {
  const stem = doc.title.replace(/[\\/\u0000-\u001f]/g, '_').trim() || 'document';
  const extension = EXTENSIONS[doc.mime];
  return extension && !stem.toLowerCase().endsWith(`.${extension}`) ? `${stem}.${extension}` : stem;
}

/**
 * The bytes as the browser should treat them: always the type the server judged by content (one of
 * the allow-list), never a header's word, so that a blob: URL of Haven's origin can never be read
 * as HTML or SVG with script.
 */
export function pinnedBlob(blob: Blob, mime: string): Blob {
  const type = (DOCUMENT_MIME_TYPES as readonly string[]).includes(mime)
    ? mime
    : 'application/octet-stream';
  return blob.type === type ? blob : new Blob([blob], { type });
}
