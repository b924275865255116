import { type DocumentMimeType } from '@haven/shared';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { HeicMetadataError, stripHeicMetadata } from './heic-metadata.js';

/**
 * What a file is, judged by its bytes (file-type's signatures; the name and the browser's type are
 * never asked), and what Haven does to it before it is sealed: photos are re-encoded without their
 * metadata (EXIF, GPS, XMP), HEIC photos have their metadata items zeroed, the rest is kept as
 * uploaded, after a check that it is whole.
 */

/** Bytes read before judging the type: enough for every signature, a DOCX's first entries included. */
export const SNIFF_BYTES = 256 * 1024;

/** The most pixels a photo may decode to (a 100-megapixel camera; 300 MB of RGB at most). */
const MAX_PIXELS = 100_000_000;

/** file-type's answer → the type Haven records (the allow-list of the contract), or null. */
const ALLOWED: Record<string, DocumentMimeType> = {
  'application/pdf': 'application/pdf',
  'image/jpeg': 'image/jpeg',
  'image/png': 'image/png',
  'image/heic': 'image/heic',
  'image/heif': 'image/heic',
  'image/webp': 'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text': 'application/vnd.oasis.opendocument.text',
  'audio/ogg': 'audio/ogg',
  'audio/opus': 'audio/ogg',
  'audio/ogg; codecs=opus': 'audio/ogg',
  'audio/x-m4a': 'audio/mp4',
  'audio/mp4': 'audio/mp4',
  'audio/mpeg': 'audio/mpeg',
};

/** How a type is handled: photos whole in memory (decoded anyway), everything else streamed. */
export type Handling = 'photo' | 'heic' | 'stream';

export const handlingOf = (mime: DocumentMimeType): Handling =>
  mime === 'image/heic'
    ? 'heic'
    : mime === 'image/jpeg' || mime === 'image/png' || mime === 'image/webp'
      ? 'photo'
      : 'stream';

/** The type of a file from its first bytes (`complete`: they are the whole file), or null. */
export async function judgeType(head: Buffer, complete: boolean): Promise<DocumentMimeType | null> {
  const found = await fileTypeFromBuffer(head);
  if (found) return ALLOWED[found.mime] ?? null;
  return new TextCheck().push(head, complete) ? 'text/plain' : null;
}

/**
 * Plain text: UTF-8 (a BOM allowed), no NUL and no control character but tab, line and page breaks.
 * Fed in pieces; a multi-byte character cut between two pieces is fine.
 */
export class TextCheck {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  push(data: Buffer, last: boolean): boolean {
    let text: string;
    try {
      text = this.decoder.decode(data, { stream: !last });
    } catch {
      return false;
    }
    return !/[\u0000-\u0008\u000E-\u001F\u007F]/.test(text);
  }
}

/** The end of a file, kept while streaming, for the checks that a file is whole. */
export class Tail {
  private buffer = Buffer.alloc(0);

  constructor(private readonly size: number) {}

  push(data: Buffer): void {
    this.buffer =
      data.length >= this.size
        ? Buffer.from(data.subarray(data.length - this.size))
        : Buffer.concat([this.buffer, data]).subarray(-this.size);
  }

  get bytes(): Buffer {
    return this.buffer;
  }
}

/** Bytes of the tail the wholeness checks read: a ZIP's end record may follow a 64 KiB comment. */
export const TAIL_BYTES = 65_536 + 22;

/**
 * Whether a streamed file is whole, from its end: a PDF ends in `%%EOF` (a few bytes of padding
 * after it allowed), a DOCX or ODT (ZIP) has its end-of-central-directory record. Audio and text
 * are checked by their parsers in the reader's hands, not here.
 */
export function looksWhole(mime: DocumentMimeType, tail: Buffer): boolean {
  if (mime === 'application/pdf') return tail.subarray(-1024).includes('%%EOF');
  if (
    mime === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' ||
    mime === 'application/vnd.oasis.opendocument.text'
  )
    return tail.includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  return true;
}

export class UnreadableContent extends Error {}

/**
 * A photo without its metadata: decoded and encoded again in its own format, turned upright by
 * its EXIF orientation first (the orientation tag goes with the rest). sharp writes no metadata
 * unless asked to. An image that does not decode is unreadable.
 */
export async function cleanPhoto(input: Buffer, mime: DocumentMimeType): Promise<Buffer> {
  try {
    const image = sharp(input, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).rotate();
    if (mime === 'image/png') return await image.png().toBuffer();
    if (mime === 'image/webp') return await image.webp({ quality: 90 }).toBuffer();
    return await image.jpeg({ quality: 90 }).toBuffer();
  } catch {
    throw new UnreadableContent('the image could not be read');
  }
}

/** A HEIC photo with its metadata items zeroed (heic-metadata.ts). */
export function cleanHeic(input: Buffer): Buffer {
  try {
    return stripHeicMetadata(input);
  } catch (error) {
    if (error instanceof HeicMetadataError)
      throw new UnreadableContent('the photo could not be read');
    throw error;
  }
}
