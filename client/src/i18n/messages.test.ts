import { describe, expect, it } from 'vitest';
import { en } from './en';
import { messageKeys } from './merge';
import { ru } from './ru';

function leaf(tree: object, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], tree);
}

function placeholders(text: string): string[] {
  return [...new Set(text.match(/%\{\w+\}/g) ?? [])].sort();
}

describe('translations', () => {
  it('English and Russian have exactly the same keys, react-admin ones included', () => {
    const english = messageKeys(en).sort();
    const russian = messageKeys(ru).sort();
    expect(
      russian.filter((key) => !english.includes(key)),
      'only in ru.ts',
    ).toEqual([]);
    expect(
      english.filter((key) => !russian.includes(key)),
      'missing from ru.ts',
    ).toEqual([]);
  });

  it('every message is text, and Haven translations keep their placeholders', () => {
    for (const key of messageKeys(en)) {
      const english = leaf(en, key);
      const russian = leaf(ru, key);
      expect(typeof english, key).toBe('string');
      expect(typeof russian, key).toBe('string');
      // ra.boolean.null is a deliberate single space in both packs.
      if (key !== 'ra.boolean.null') expect((russian as string).trim(), key).not.toBe('');
      // react-admin's community Russian pack drops some placeholders where Russian grammar
      // needs it (case endings); Haven's own strings must keep every one.
      if (!key.startsWith('ra.')) {
        expect(placeholders(russian as string), key).toEqual(placeholders(english as string));
      }
    }
  });

  it('has Haven strings for every role, menu entry and resource', () => {
    for (const key of [
      'haven.roles.admin',
      'haven.roles.analyst',
      'haven.menu.audit',
      'resources.audit-events.name',
      'resources.users.fields.teamId',
    ]) {
      expect(leaf(en, key), key).toBeTypeOf('string');
    }
  });
});
