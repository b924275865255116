import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption of a file: a random 256-bit data key per file, the content cut into chunks of
 * `CHUNK_SIZE` plaintext bytes, each sealed with AES-256-GCM on its own, so that a range is read by
 * decrypting only the chunks it covers. The data key is wrapped by the master key elsewhere
 * (FieldEncryption, which names the key id), so rotating the master key re-wraps 32 bytes per file.
 *
 * Invariants: a data key encrypts one file only, and each chunk index once, so the IV can be the
 * chunk's index (never repeated under a key). The associated data binds a chunk to its blob, its
 * position and whether it is the last: chunks moved between files, reordered, dropped or a file cut
 * short after a chunk boundary fail to decrypt.
 */
export const CHUNK_SIZE = 256 * 1024;
export const TAG_BYTES = 16;
const FORMAT = 'haven-doc-v1';

export const newDataKey = (): Buffer => randomBytes(32);

function ivOf(n: number): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeUInt32BE(Math.floor(n / 2 ** 32), 4);
  iv.writeUInt32BE(n >>> 0, 8);
  return iv;
}

const aad = (blobId: string, n: number, last: boolean) =>
  Buffer.from(`${FORMAT}|${blobId}|${n}|${last ? 1 : 0}`, 'utf8');

export function sealChunk(
  key: Buffer,
  blobId: string,
  n: number,
  last: boolean,
  plaintext: Buffer,
): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, ivOf(n), { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(blobId, n, last));
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

export function openChunk(
  key: Buffer,
  blobId: string,
  n: number,
  last: boolean,
  sealed: Buffer,
): Buffer {
  if (sealed.length < TAG_BYTES) throw new Error(`document chunk ${n} is truncated`);
  const decipher = createDecipheriv('aes-256-gcm', key, ivOf(n), { authTagLength: TAG_BYTES });
  decipher.setAAD(aad(blobId, n, last));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
    decipher.final(),
  ]);
}

/**
 * Cuts a stream of plaintext into sealed chunks. One full chunk is held back until more bytes
 * arrive, because only the end of the input tells which chunk is the last.
 */
export class ChunkSealer {
  /** Bytes not sealed yet: at most one chunk between writes. */
  private pending: Buffer = Buffer.alloc(0);
  private next = 0;

  constructor(
    private readonly key: Buffer,
    private readonly blobId: string,
    private readonly emit: (n: number, sealed: Buffer) => Promise<void>,
  ) {}

  /**
   * Adds bytes; resolves once every chunk they completed (but the one held back) is emitted. Each
   * byte is copied at most once (joining the held-back rest to new bytes), whatever the size of a
   * write: a large cleaned photo is cut by offsets, not re-copied per chunk.
   */
  async write(data: Buffer): Promise<void> {
    const all = this.pending.length ? Buffer.concat([this.pending, data]) : data;
    let offset = 0;
    while (all.length - offset > CHUNK_SIZE) {
      const chunk = all.subarray(offset, offset + CHUNK_SIZE);
      await this.emit(this.next, sealChunk(this.key, this.blobId, this.next, false, chunk));
      offset += CHUNK_SIZE;
      this.next += 1;
    }
    this.pending = all.subarray(offset);
  }

  /** Seals what is left as the last chunk; the number of chunks. */
  async end(): Promise<number> {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    await this.emit(this.next, sealChunk(this.key, this.blobId, this.next, true, rest));
    this.next += 1;
    return this.next;
  }
}

/** The chunks a byte range [start, end] (inclusive) of the plaintext lies in. */
export function chunksOfRange(start: number, end: number): { first: number; last: number } {
  return { first: Math.floor(start / CHUNK_SIZE), last: Math.floor(end / CHUNK_SIZE) };
}
