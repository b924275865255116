import { randomBytes } from 'node:crypto';
import type { Response } from 'superagent';

/** A minimal PDF whose body carries `marker` and `filler` incompressible bytes (in a stream). */
export function pdfWith(marker: string, filler = 0): Buffer {
  const stream = Buffer.concat([Buffer.from(`BT (${marker}) Tj ET\n`), randomBytes(filler)]);
  return Buffer.concat([
    Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n'),
    Buffer.from('2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n'),
    Buffer.from(`3 0 obj\n<< /Length ${stream.length} >>\nstream\n`),
    stream,
    Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  ]);
}

/** supertest's parser for a binary body: the bytes as they came. */
export const binary = (res: Response, done: (error: Error | null, body: Buffer) => void): void => {
  // superagent hands the parser the response stream, typed as its Response.
  const stream = res as unknown as NodeJS.ReadableStream;
  const parts: Buffer[] = [];
  stream.on('data', (data: Buffer) => parts.push(data));
  stream.on('end', () => done(null, Buffer.concat(parts)));
};
