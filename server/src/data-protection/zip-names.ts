import type { DocumentMimeType } from '@haven/shared';

/** The extension a file gets in the archive, by its type (whatever its uploaded name said). */
const EXTENSION: Record<DocumentMimeType, string> = {
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

/** Longest stem kept (in characters), so a path stays well within what archivers and disks take. */
const STEM_MAX = 80;

/** Names Windows refuses whatever their extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * One segment of a path in the archive, safe on any system: no separators, no `..`, no control or
 * bidirectional-override characters, none of `<>:"|?*`, no leading or trailing dots and spaces, not
 * a reserved device name, at most `STEM_MAX` characters; `fallback` when nothing is left. Letters
 * of every script stay (the archive flags its names as UTF-8).
 */
export function safeSegment(raw: string | null | undefined, fallback: string): string {
  const cleaned = [
    ...(raw ?? '')
      .normalize('NFC')
      .replace(
        /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g,
        '',
      )
      .replace(/[\\/<>:"|?*]+/g, '_')
      .replace(/\s+/g, ' ')
      .replace(/\.{2,}/g, '.')
      .replace(/^[\s.]+|[\s.]+$/g, ''),
  ]
    .slice(0, STEM_MAX)
    .join('')
    .replace(/[\s.]+$/g, '');
  if (!cleaned || RESERVED.test(cleaned)) return fallback;
  return cleaned;
}

/** A document's file name in the archive: its uploaded name's stem (or its title), the type's extension. */
export function documentFileName(document: {
  fileName: string | null;
  title: string;
  kind: string;
  createdAt: Date;
  mime: string;
}): string {
  const stem = (document.fileName ?? '').replace(/\.[^.]*$/, '') || document.title;
  const fallback = `${document.kind}-${document.createdAt.toISOString().slice(0, 10)}`;
  const extension = EXTENSION[document.mime as DocumentMimeType] ?? 'bin';
  return `${safeSegment(stem, fallback)}.${extension}`;
}

/**
 * The paths given out for one archive: each unique (compared case- and normalisation-blind, as a
 * case-insensitive disk would), a second "scan.pdf" becoming "scan (2).pdf".
 */
export class ZipNames {
  private readonly taken = new Set<string>();

  take(folder: string, fileName: string): string {
    const dir = folder
      .split('/')
      .map((segment) => safeSegment(segment, 'folder'))
      .join('/');
    const dot = fileName.lastIndexOf('.');
    const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
    const extension = dot > 0 ? fileName.slice(dot) : '';
    for (let n = 1; ; n++) {
      const path = `${dir}/${n === 1 ? stem : `${stem} (${n})`}${extension}`;
      const key = path.normalize('NFC').toLowerCase();
      if (!this.taken.has(key)) {
        this.taken.add(key);
        return path;
      }
    }
  }
}
