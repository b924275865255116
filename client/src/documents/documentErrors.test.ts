import polyglotI18nProvider from 'ra-i18n-polyglot';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { ru } from '../i18n/ru';
import { toHttpError } from '../providers/http';
import type { Translate } from '../common/serverErrors';
import { documentErrorBody, documentErrorText, uploadFailure } from './documentErrors';

/** The app's own translator (polyglot over en.ts and ru.ts). */
function translator(locale: 'en' | 'ru'): Translate {
  const provider = polyglotI18nProvider(() => (locale === 'en' ? en : ru), locale, [], {
    allowMissing: true,
  });
  return (key, options) => provider.translate(key, options);
}
const english = translator('en');
const russian = translator('ru');

const refusal = (code: string, extra: Record<string, unknown> = {}) => ({
  statusCode: 400,
  message: 'file: refused',
  code,
  field: 'file',
  ...extra,
});

describe('uploadFailure', () => {
  it('says a file is too large, with the server’s limit', () => {
    const body = refusal('document.too_large', { statusCode: 413, args: { maxMb: 40 } });
    expect(uploadFailure(413, body, english)).toEqual({
      message: 'The file is larger than 40 MB.',
    });
    expect(uploadFailure(413, body, russian).message).toBe('Файл больше 40 МБ.');
  });

  it('names the default limit for a 413 without Haven’s body (a proxy in front of it)', () => {
    expect(uploadFailure(413, null, english).message).toBe('The file is larger than 25 MB.');
    expect(uploadFailure(413, { code: 'too_large' }, english).message).toBe(
      'The file is larger than 25 MB.',
    );
  });

  it('explains a type Haven does not keep, also for a bare 415', () => {
    const coded = uploadFailure(415, refusal('document.type_not_allowed'), english).message;
    expect(coded).toContain('PDF, JPEG, PNG');
    expect(uploadFailure(415, null, english).message).toBe(coded);
    expect(uploadFailure(415, null, russian).message).toContain('Haven хранит');
  });

  it('says an empty or damaged file is one', () => {
    expect(uploadFailure(400, refusal('document.empty'), english).message).toBe(
      'The file is empty.',
    );
    expect(uploadFailure(400, refusal('document.corrupt'), russian).message).toContain('повреждён');
  });

  it('puts a refused field under its input', () => {
    const failure = uploadFailure(
      400,
      { statusCode: 400, message: 'title: required', code: 'required', field: 'title' },
      english,
    );
    expect(failure.fields).toEqual({ title: '“title” is required.' });
    expect(failure.message).toBe('“title” is required.');
  });

  it('speaks of the network, the session and unknown failures in the user’s words', () => {
    expect(uploadFailure(0, null, english).message).toBe(
      'Haven cannot be reached. Check your connection and try again.',
    );
    expect(uploadFailure(401, refusal('unauthorized'), english).message).toBe(
      'Your session has ended, please sign in again',
    );
    expect(uploadFailure(502, '<html>Bad gateway</html>', english).message).toContain(
      'Something went wrong on the server',
    );
  });

  it('passes a known body through unchanged', () => {
    const body = refusal('document.corrupt');
    expect(documentErrorBody(400, body)).toBe(body);
    expect(documentErrorBody(200, 'text')).toBeNull();
  });
});

describe('documentErrorText', () => {
  it('reads the data provider’s errors', () => {
    const stale = toHttpError(409, {
      statusCode: 409,
      message: 'version: stale',
      code: 'version.stale',
    });
    expect(documentErrorText(stale, english)).toBe(
      'Someone else changed this record; reload to see their changes',
    );
    const tooLarge = toHttpError(413, null);
    expect(documentErrorText(tooLarge, russian)).toBe('Файл больше 25 МБ.');
  });
});
