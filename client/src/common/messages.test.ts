import { describe, it } from 'vitest';
import { expectSameShape } from '../dashboard/messageChecks';
import { en, ru } from './messages';

describe('language-wide messages', () => {
  it('have the same keys and placeholders in English and Russian', () => {
    expectSameShape(en, ru);
  });
});
