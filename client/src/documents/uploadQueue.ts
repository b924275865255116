import { uploadItem, type UploadField, type UploadItem } from './documentModel';
import type { DocumentResponse } from '@haven/shared';

/**
 * The upload dialog's files and where each one stands, as pure functions: files are added (the same
 * file twice only once), sent one after another, and a failed one can be fixed and sent again
 * while those already saved are never sent twice.
 */
export type UploadStatus = 'ready' | 'uploading' | 'done' | 'failed';

export interface QueuedUpload extends UploadItem {
  status: UploadStatus;
  /** Share of the bytes sent, 0 to 1. */
  progress: number;
  /** Translated problems by field (`file` for the file itself). */
  errors: Partial<Record<UploadField, string>>;
  /** The server's refusal, translated. */
  message: string | null;
  saved: DocumentResponse | null;
}

const sameFile = (a: File, b: File) =>
  a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;

export function addFiles(queue: QueuedUpload[], files: File[]): QueuedUpload[] {
  const added: QueuedUpload[] = [];
  for (const file of files) {
    const known = [...queue, ...added].some(
      (entry) => entry.status !== 'done' && sameFile(entry.file, file),
    );
    if (known) continue;
    added.push({
      ...uploadItem(file),
      status: 'ready',
      progress: 0,
      errors: {},
      message: null,
      saved: null,
    });
  }
  return [...queue, ...added];
}

/** What "Upload" sends: everything not saved yet. */
export function pendingUploads(queue: QueuedUpload[]): QueuedUpload[] {
  return queue.filter((entry) => entry.status === 'ready' || entry.status === 'failed');
}

export function updateEntry(
  queue: QueuedUpload[],
  key: string,
  change: Partial<QueuedUpload>,
): QueuedUpload[] {
  return queue.map((entry) => (entry.key === key ? { ...entry, ...change } : entry));
}

/** Whether a decision was saved: then the dialog asks how and when it arrived. */
export function savedDecision(queue: QueuedUpload[]): boolean {
  return queue.some((entry) => entry.status === 'done' && entry.saved?.kind === 'decision');
}
