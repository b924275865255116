import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { ru } from '../i18n/ru';
import { caseHistoryActor } from './caseHistoryActor';

const lookup = (messages: unknown, key: string) =>
  key
    .split('.')
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown> | undefined)?.[part],
      messages,
    );

describe('the actor of a case history row', () => {
  it('names a known person, and says "another team" rather than "system" for one the server hides', () => {
    expect(caseHistoryActor({ actorId: 'u1', actorElsewhere: false })).toEqual({ userId: 'u1' });
    expect(caseHistoryActor({ actorId: null, actorElsewhere: true })).toEqual({
      key: 'haven.cases.history.elsewhere',
    });
    expect(caseHistoryActor({ actorId: null, actorElsewhere: false })).toEqual({
      key: 'haven.audit.system',
    });
  });

  it('has its labels in English and Russian', () => {
    for (const key of [
      'haven.cases.history.elsewhere',
      'haven.cases.history.reason',
      'haven.audit.system',
    ]) {
      expect(lookup(en, key)).toEqual(expect.any(String));
      expect(lookup(ru, key)).toEqual(expect.any(String));
    }
    expect(lookup(en, 'haven.cases.history.elsewhere')).toBe('Someone in another team');
    expect(lookup(ru, 'haven.cases.history.elsewhere')).toBe('Сотрудник другой команды');
  });
});
