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

/**
 * The most pixels a photo may decode to: 50 megapixels (a phone's full-resolution mode; 150 MB of
 * RGB). A few hundred kilobytes of PNG can claim far more.
 */
const MAX_PIXELS = 50_000_000;

/** Photos decoded at once: each holds its pixels, and sharp shares libuv's pool with logins. */
const PHOTO_SLOTS = 2;
let photosInFlight = 0;
const waiting: (() => void)[] = [];
async function photoSlot<T>(work: () => Promise<T>): Promise<T> {
  if (photosInFlight >= PHOTO_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  photosInFlight += 1;
  try {
    return await work();
  } finally {
    photosInFlight -= 1;
    waiting.shift()?.();
  }
}

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

/** The encoding a byte-order mark announces (Windows Notepad's "Unicode" is UTF-16LE with one). */
export function textEncodingOf(head: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** The type of a file from its first bytes (`complete`: they are the whole file), or null. */
export async function judgeType(head: Buffer, complete: boolean): Promise<DocumentMimeType | null> {
  // A UTF-16 byte-order mark is text, whatever signature its next bytes resemble (FF FE…
  // passes for an MPEG frame). Browsers honour the mark over the charset the server names.
  if (textEncodingOf(head) !== 'utf-8')
    return new TextCheck(textEncodingOf(head)).push(head, complete) ? 'text/plain' : null;
  const found = await fileTypeFromBuffer(head);
  if (found) {
    const mime = ALLOWED[found.mime] ?? null;
    return mime === 'audio/mpeg' && !isMp3(head) ? null : mime;
  }
  return new TextCheck('utf-8').push(head, complete) ? 'text/plain' : null;
}

/** MPEG audio frame length in bytes from its 4-byte header, or 0 when it is not a Layer III header. */
function mp3FrameLength(b: Buffer, at: number): number {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1] & 0xe0) !== 0xe0) return 0;
  const version = (b[at + 1] >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
  const layer = (b[at + 1] >> 1) & 3; // 1: Layer III
  const bitrateIndex = b[at + 2] >> 4;
  const rateIndex = (b[at + 2] >> 2) & 3;
  if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3)
    return 0;
  const kbps =
    version === 3
      ? [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320][bitrateIndex]
      : [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160][bitrateIndex];
  const rate = [44100, 48000, 32000][rateIndex] / (version === 3 ? 1 : version === 2 ? 2 : 4);
  const padding = (b[at + 2] >> 1) & 1;
  return Math.floor(((version === 3 ? 144 : 72) * kbps * 1000) / rate) + padding;
}

/**
 * An MP3 as recorders write one: an ID3 tag first, or three MPEG Layer III frames in a row (one
 * frame's header alone is two bytes anything can contain).
 */
function isMp3(head: Buffer): boolean {
  if (head.subarray(0, 3).toString('latin1') === 'ID3') return true;
  let at = 0;
  for (let frames = 0; frames < 3; frames++) {
    const length = mp3FrameLength(head, at);
    if (!length) return false;
    at += length;
  }
  return true;
}

/**
 * Plain text: UTF-8 (a BOM allowed) or UTF-16 with its BOM, no NUL and no control character but
 * tab, line and page breaks.
 * Fed in pieces; a multi-byte character cut between two pieces is fine.
 */
export class TextCheck {
  private readonly decoder: InstanceType<typeof TextDecoder>;

  constructor(encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8') {
    this.decoder = new TextDecoder(encoding, { fatal: true });
  }

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
export function cleanPhoto(input: Buffer, mime: DocumentMimeType): Promise<Buffer> {
  return photoSlot(async () => {
    try {
      const image = sharp(input, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).rotate();
      // Adaptive row filters: without them a PNG that compresses well only thanks to its filters
      // comes back near its raw pixel size (a 200 KB upload stored as 190 MB).
      if (mime === 'image/png') return await image.png({ adaptiveFiltering: true }).toBuffer();
      if (mime === 'image/webp') return await image.webp({ quality: 90 }).toBuffer();
      return await image.jpeg({ quality: 90 }).toBuffer();
    } catch {
      throw new UnreadableContent('the image could not be read');
    }
  });
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
