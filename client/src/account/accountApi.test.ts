import { HttpError } from 'react-admin';
import { describe, expect, it } from 'vitest';
import { describeUserAgent, passwordFailure } from './accountApi';

describe('passwordFailure', () => {
  it("turns the server's code into the field and a translation key", () => {
    const error = (code: string) => new HttpError('x', 400, { message: 'newPassword: …', code });
    expect(passwordFailure(error('password.common'))).toEqual({
      field: 'newPassword',
      key: 'haven.account.problems.common',
    });
    expect(passwordFailure(error('password.too_short'))).toEqual({
      field: 'newPassword',
      key: 'haven.account.problems.too_short',
    });
    expect(passwordFailure(error('password.wrong_current'))).toEqual({
      field: 'currentPassword',
      key: 'haven.account.problems.wrong_current',
    });
    expect(passwordFailure(error('something.else'))).toBeNull();
    expect(passwordFailure(new HttpError('x', 429, {}))).toBeNull();
  });
});

describe('describeUserAgent', () => {
  it('names common browsers and systems', () => {
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0',
      ),
    ).toEqual({ browser: 'Firefox', system: 'Windows' });
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      ),
    ).toEqual({ browser: 'Safari', system: 'macOS' });
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
      ),
    ).toEqual({ browser: 'Chrome', system: 'Android' });
    expect(describeUserAgent('curl/8.0')).toEqual({ browser: null, system: null });
    expect(describeUserAgent(null)).toEqual({ browser: null, system: null });
  });
});
