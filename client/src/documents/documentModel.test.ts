import { DOCUMENT_MIME_TYPES, PREVIEWABLE_MIME_TYPES } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { filenameFrom } from '../statistics/download';
import {
  MAX_UPLOAD_BYTES,
  UPLOAD_ACCEPT,
  defaultKind,
  fallbackFileName,
  formatSize,
  pinnedBlob,
  previewKind,
  titleFromFileName,
  uploadForm,
  validateDetails,
  validateFile,
  validateUpload,
} from './documentModel';

const aFile = (name: string, size: number, type = '') =>
  new File([new Uint8Array(size)], name, { type, lastModified: 1 });

describe('formatSize', () => {
  it('writes sizes for people, in binary multiples, in the user’s language', () => {
    expect(formatSize(0, 'en')).toBe('0 bytes');
    expect(formatSize(812, 'en')).toBe('812 bytes');
    expect(formatSize(812, 'ru')).toBe('812 байт');
    expect(formatSize(1536, 'en')).toBe('1.5 kB');
    expect(formatSize(25 * 1024 * 1024, 'en')).toBe('25 MB');
    expect(formatSize(12.34 * 1024 * 1024, 'en')).toBe('12 MB');
    expect(formatSize(1.5 * 1024 * 1024, 'ru')).toBe('1,5 МБ');
    expect(formatSize(3 * 1024 ** 3, 'en')).toBe('3 GB');
  });

  it('says nothing for a size that is not one', () => {
    expect(formatSize(-1, 'en')).toBe('');
    expect(formatSize(Number.NaN, 'en')).toBe('');
  });
});

describe('a new upload’s defaults', () => {
  it('titles a file by its name without folders or extension', () => {
    expect(titleFromFileName('OFPRA décision 2026-03-01.pdf')).toBe('OFPRA décision 2026-03-01');
    expect(titleFromFileName('C:\\Users\\x\\scan.final.jpeg')).toBe('scan.final');
    expect(titleFromFileName('/tmp/повестка.PNG')).toBe('повестка');
    expect(titleFromFileName('.hidden')).toBe('.hidden');
    expect(titleFromFileName('README')).toBe('README');
    expect(titleFromFileName(`${'x'.repeat(300)}.pdf`)).toHaveLength(200);
  });

  it('never guesses the kind from the name: the caseworker picks', () => {
    expect(defaultKind(aFile('decision.pdf', 10, 'application/pdf'))).toBe('other');
    expect(defaultKind()).toBe('other');
  });

  it('offers every allowed type in the picker, and the extensions phones use', () => {
    for (const mime of DOCUMENT_MIME_TYPES) expect(UPLOAD_ACCEPT.split(',')).toContain(mime);
    expect(UPLOAD_ACCEPT).toContain('.heic');
    expect(UPLOAD_ACCEPT).toContain('.opus');
  });
});

describe('checks before sending', () => {
  it('refuses an empty file and one over the limit, in the shared catalogue’s words', () => {
    expect(validateFile({ size: 0 })).toBe('haven.errors.codes.document.empty');
    expect(validateFile({ size: MAX_UPLOAD_BYTES })).toBeUndefined();
    expect(validateFile({ size: MAX_UPLOAD_BYTES + 1 })).toEqual({
      message: 'haven.errors.codes.document.too_large',
      args: { maxMb: 25 },
    });
  });

  it('asks for a kind and a title, and a language code when one is given', () => {
    expect(validateDetails({ kind: 'decision', title: 'Decision', language: 'ru' })).toEqual({});
    expect(validateDetails({ kind: 'decision', title: 'D', language: 'pt-BR' })).toEqual({});
    expect(
      validateDetails({ kind: 'nonsense' as 'other', title: '  ', language: 'russian' }),
    ).toEqual({
      kind: 'ra.validation.required',
      title: 'ra.validation.required',
      language: 'haven.validation.language',
    });
    expect(validateDetails({ kind: 'other', title: 'x'.repeat(201), language: '' }).title).toEqual({
      message: 'ra.validation.maxLength',
      args: { max: 200 },
    });
  });

  it('puts both together for an upload', () => {
    const file = aFile('empty.pdf', 0);
    expect(Object.keys(validateUpload({ file, kind: 'other', title: '', language: '' }))).toEqual([
      'file',
      'title',
    ]);
  });
});

describe('uploadForm', () => {
  it('sends the text fields before the file, trimmed, and no language when none is given', () => {
    const file = aFile('summons.pdf', 3, 'application/pdf');
    const form = uploadForm({ file, kind: 'summons', title: ' Summons ', language: '' });
    expect([...form.keys()]).toEqual(['kind', 'title', 'file']);
    expect(form.get('kind')).toBe('summons');
    expect(form.get('title')).toBe('Summons');
    expect((form.get('file') as File).name).toBe('summons.pdf');
    const withLanguage = uploadForm({ file, kind: 'summons', title: 'S', language: 'ru' });
    expect([...withLanguage.keys()]).toEqual(['kind', 'title', 'language', 'file']);
    expect(withLanguage.get('language')).toBe('ru');
  });
});

describe('preview', () => {
  it('shows PDFs, images, text and audio; the rest is downloaded', () => {
    expect(previewKind('application/pdf')).toBe('pdf');
    expect(previewKind('image/png')).toBe('image');
    expect(previewKind('image/jpeg')).toBe('image');
    expect(previewKind('text/plain')).toBe('text');
    expect(previewKind('audio/ogg')).toBe('audio');
    expect(previewKind('image/heic')).toBeNull();
    expect(
      previewKind('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    ).toBeNull();
    expect(previewKind('text/html')).toBeNull();
    expect(previewKind('image/svg+xml')).toBeNull();
    for (const mime of PREVIEWABLE_MIME_TYPES) expect(previewKind(mime)).not.toBeNull();
  });

  it('types the bytes as the server judged them, never as markup', () => {
    const html = new Blob(['<script>alert(1)</script>'], { type: 'text/html' });
    expect(pinnedBlob(html, 'application/pdf').type).toBe('application/pdf');
    expect(pinnedBlob(html, 'text/html').type).toBe('application/octet-stream');
    const pdf = new Blob(['%PDF'], { type: 'application/pdf' });
    expect(pinnedBlob(pdf, 'application/pdf')).toBe(pdf);
  });
});

describe('the downloaded file’s name', () => {
  it('is the one Content-Disposition gives (as the server writes it)', () => {
    expect(filenameFrom('attachment; filename="decision.pdf"', 'x')).toBe('decision.pdf');
    expect(
      filenameFrom(
        'attachment; filename="??????????.pdf"; filename*=UTF-8\'\'%D0%BF%D0%BE%D0%B2%D0%B5%D1%81%D1%82%D0%BA%D0%B0.pdf',
        'x',
      ),
    ).toBe('повестка.pdf');
  });

  it('falls back to the title and the type’s extension', () => {
    expect(fallbackFileName({ title: 'Decision of 3 March', mime: 'application/pdf' })).toBe(
      'Decision of 3 March.pdf',
    );
    expect(fallbackFileName({ title: 'photo.jpg', mime: 'image/jpeg' })).toBe('photo.jpg');
    expect(fallbackFileName({ title: '../../etc', mime: 'text/plain' })).toBe('.._.._etc.txt');
    expect(fallbackFileName({ title: ' ', mime: 'audio/mpeg' })).toBe('document.mp3');
  });
});
