import { randomBytes, randomUUID } from 'node:crypto';
import type { DocumentKind, DocumentMimeType, Stage } from '@haven/shared';
import { documentContext } from '../documents/document.entity.js';
import { wrapKey } from '../documents/documents.service.js';
import { CHUNK_SIZE } from '../documents/envelope.js';
import type { FieldEncryption } from '../encryption/field-encryption.js';

/**
 * Metadata-only documents for the benchmark's seed: rows at the rate an NGO files them (more as a
 * case goes on), with no content behind them — the lists are what is measured. The demo adds real,
 * readable files instead (cli/demo-documents.ts).
 */
export const DOCUMENT_COLUMNS = [
  'id',
  'case_id',
  'kind',
  'title',
  'language',
  'mime',
  'size_bytes',
  'sha256',
  'storage',
  'data_key',
  'chunk_size',
  'chunk_count',
  'uploaded_by_id',
  'created_at',
  'updated_at',
];

/** Documents filed by the time a case is at each stage (at least, at most). */
const PER_STAGE: Record<Stage, [number, number]> = {
  intake: [0, 1],
  assessment: [1, 3],
  preparation: [2, 4],
  lodged: [2, 5],
  interview: [3, 5],
  decision: [3, 6],
  appeal: [4, 7],
  closed: [3, 7],
};

const KINDS: [DocumentKind, DocumentMimeType, string][] = [
  ['identity', 'image/jpeg', 'Passport, photo of the data page'],
  ['summons', 'image/jpeg', 'Summons to the military commissariat'],
  ['evidence', 'application/pdf', 'Supporting evidence'],
  ['translation', 'application/pdf', 'Certified translation'],
  ['power_of_attorney', 'application/pdf', 'Power of attorney'],
  ['medical', 'application/pdf', 'Medical report'],
  ['correspondence', 'application/pdf', 'Letter from the authority'],
  ['decision', 'application/pdf', 'Decision'],
];

export function documentRows(
  rand: () => number,
  crypto: FieldEncryption,
  on: {
    caseId: string;
    stage: Stage;
    uploadedById: string;
    openedOn: string;
    today: string;
    language: string;
  },
): unknown[][] {
  const [least, most] = PER_STAGE[on.stage];
  const count = least + Math.floor(rand() * (most - least + 1));
  const span = Math.max(1, (Date.parse(on.today) - Date.parse(on.openedOn)) / 86_400_000);
  const rows: unknown[][] = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    // Later documents of a case are later kinds: identity first, the decision last.
    const [kind, mime, title] =
      KINDS[Math.min(KINDS.length - 1, Math.floor((i / count) * KINDS.length + rand() * 2))];
    const size = Math.floor(40_000 + rand() * rand() * 6_000_000);
    // Uploaded between the opening and now, never later.
    const at = new Date(
      Math.min(
        Date.parse(on.openedOn) +
          Math.floor(((i + rand()) / count) * span) * 86_400_000 +
          36_000_000,
        Date.now() - 3_600_000,
      ),
    ).toISOString();
    rows.push([
      id,
      on.caseId,
      kind,
      crypto.encrypt(title, documentContext('title', id)),
      kind === 'translation' ? 'en' : on.language,
      mime,
      size,
      crypto.encrypt(randomBytes(32).toString('hex'), documentContext('sha256', id)),
      'pg',
      crypto.encrypt(
        wrapKey({ key: randomBytes(32), mime, size, chunks: Math.ceil(size / CHUNK_SIZE) }),
        documentContext('dataKey', id),
      ),
      CHUNK_SIZE,
      Math.ceil(size / CHUNK_SIZE),
      on.uploadedById,
      at,
      at,
    ]);
  }
  return rows;
}
