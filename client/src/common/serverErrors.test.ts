import { ERROR_CODES } from '@haven/shared';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { ru } from '../i18n/ru';
import { toHttpError } from '../providers/http';
import { errorMessage } from './errorMessage';
import {
  errorCodeKey,
  setErrorTranslator,
  translatedFieldErrors,
  translateServerError,
  type Translate,
} from './serverErrors';

function leaf(tree: object, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], tree);
}

/** The app's own translator (polyglot over en.ts and ru.ts), in one language. */
function translator(locale: 'en' | 'ru'): Translate {
  const provider = polyglotI18nProvider(() => (locale === 'en' ? en : ru), locale, [], {
    allowMissing: true,
  });
  return (key, options) => provider.translate(key, options);
}

afterEach(() => setErrorTranslator(null));

describe('error codes in the user’s language', () => {
  it('has an English and a Russian text for every code of the shared catalogue', () => {
    const missing: string[] = [];
    for (const code of ERROR_CODES) {
      const english = leaf(en, errorCodeKey(code));
      const russian = leaf(ru, errorCodeKey(code));
      if (typeof english !== 'string' || !english.trim()) missing.push(`en ${code}`);
      // Real Russian, not a copy of the English.
      if (typeof russian !== 'string' || !/[а-яё]/i.test(russian)) missing.push(`ru ${code}`);
    }
    expect(missing).toEqual([]);
  });

  it('interpolates the field and the args', () => {
    const body = {
      statusCode: 400,
      message: 'name must be shorter than or equal to 200 characters',
      code: 'validation.too_long' as const,
      field: 'name',
      args: { max: 200 },
    };
    expect(translateServerError(body, translator('en'))).toBe('At most 200 characters');
    expect(translateServerError(body, translator('ru'))).toBe('Не более 200 символов');
    expect(
      translateServerError(
        { code: 'passkey.limit', message: 'passkeys: …', args: { max: 10 } },
        translator('ru'),
      ),
    ).toBe('У учётной записи может быть не более 10 ключей доступа; сначала удалите один.');
  });

  it('falls back to the server’s message for a code this client does not know, or none', () => {
    const translate = translator('ru');
    expect(
      translateServerError(
        { code: 'brand.new_code' as never, message: 'dueOn: something new' },
        translate,
      ),
    ).toBe('dueOn: something new');
    expect(translateServerError({ message: ['a: one', 'b: two'] }, translate)).toBe(
      'a: one; b: two',
    );
    expect(translateServerError({}, translate)).toBeNull();
  });

  it('keeps the server’s English detail of the generic codes, after a Russian sentence in Russian', () => {
    const body = {
      code: 'invalid' as const,
      field: 'dueOn',
      message: 'dueOn: required without ruleId',
    };
    expect(translateServerError(body, translator('en'))).toBe('dueOn: required without ruleId');
    expect(translateServerError(body, translator('ru'))).toBe(
      'Недопустимое значение (dueOn: required without ruleId)',
    );
  });

  it('puts each translated problem on the field of the form it is about', () => {
    const errors = translatedFieldErrors(
      {
        code: 'validation.email',
        field: 'email',
        details: [
          { code: 'validation.email', field: 'email' },
          { code: 'validation.too_short', field: 'password', args: { min: 10 } },
          { code: 'validation.unknown_field', field: 'colour' },
        ],
      },
      ['email', 'password'],
      translator('ru'),
    );
    expect(errors).toEqual({
      email: 'Введите адрес электронной почты',
      password: 'Не менее 10 символов',
    });
  });
});

describe('the data provider’s errors, translated where they are raised', () => {
  it('tells a coded 404, 409 and 400 in the user’s language, on the form’s fields', () => {
    setErrorTranslator(translator('ru'));
    expect(
      toHttpError(404, {
        statusCode: 404,
        message: 'case not found',
        error: 'Not Found',
        code: 'case.not_found',
      }).message,
    ).toBe('Дело не существует или недоступно вам.');
    const stale = toHttpError(409, {
      statusCode: 409,
      message: 'version: the record was changed by someone else; reload it and try again',
      error: 'Conflict',
      code: 'version.stale',
      field: 'version',
    });
    expect(errorMessage(stale)).toBe(
      'Кто-то другой изменил эту запись; обновите страницу, чтобы увидеть изменения',
    );
    const invalid = toHttpError(
      400,
      {
        statusCode: 400,
        message: 'email must be an email address',
        error: 'Bad Request',
        code: 'validation.email',
        field: 'email',
      },
      ['email', 'fullName'],
    );
    expect(invalid.message).toBe('Введите адрес электронной почты');
    expect(invalid.body.errors).toEqual({ email: 'Введите адрес электронной почты' });
  });

  it('keeps the server’s message for an answer without a code', () => {
    setErrorTranslator(translator('ru'));
    const refused = toHttpError(409, {
      statusCode: 409,
      message: 'approve: not possible while the task is open (possible from in_review)',
      error: 'Conflict',
    });
    expect(errorMessage(refused)).toBe(
      'approve: not possible while the task is open (possible from in_review)',
    );
  });
});
