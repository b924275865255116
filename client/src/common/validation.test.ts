import { describe, expect, it } from 'vitest';
import { fieldErrorText } from './validation';

describe('fieldErrorText', () => {
  const translate = (key: string, options?: Record<string, unknown>) =>
    options ? `${key} ${JSON.stringify(options)}` : `«${key}»`;

  it('translates a key, a key with its arguments, and nothing for no error', () => {
    expect(fieldErrorText(translate, 'haven.validation.required')).toBe(
      '«haven.validation.required»',
    );
    expect(
      fieldErrorText(translate, { message: 'haven.validation.too_long', args: { max: 200 } }),
    ).toBe('haven.validation.too_long {"max":200}');
    expect(fieldErrorText(translate, undefined)).toBeUndefined();
  });
});
