import {
  CASE_TYPES,
  CONSENT_SCOPES,
  CONTACT_CHANNELS,
  DEADLINE_KINDS,
  DEADLINE_SOURCES,
  DEADLINE_STATUSES,
  IDENTITY_DOCUMENT_KINDS,
  GROUNDS,
  INTERPRETER_GENDERS,
  MILITARY_STATUSES,
  OUTCOMES,
  PRIORITIES,
  PROCEDURE_TRACKS,
  SERVICE_METHODS,
  SEXES,
  STAGES,
  SUMMONS_KINDS,
  VULNERABILITIES,
} from '@haven/shared';
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
      'haven.menu.cases',
      'haven.menu.clients',
      'haven.menu.deadlines',
      'haven.menu.intake',
      'resources.audit-events.name',
      'resources.cases.name',
      'resources.clients.name',
      'resources.deadlines.name',
      'resources.users.fields.teamId',
    ]) {
      expect(leaf(en, key), key).toBeTypeOf('string');
    }
  });
});

describe('messages the code asks for', () => {
  it('translates every value of every enumeration the UI shows', () => {
    const enums: Record<string, readonly string[]> = {
      stage: STAGES,
      outcome: OUTCOMES,
      caseType: CASE_TYPES,
      ground: GROUNDS,
      militaryStatus: MILITARY_STATUSES,
      priority: PRIORITIES,
      sex: SEXES,
      vulnerability: VULNERABILITIES,
      contactChannel: CONTACT_CHANNELS,
      interpreterGender: INTERPRETER_GENDERS,
      documentKind: IDENTITY_DOCUMENT_KINDS,
      consentScope: CONSENT_SCOPES,
      summonsKind: SUMMONS_KINDS,
      deadlineKind: DEADLINE_KINDS,
      deadlineStatus: DEADLINE_STATUSES,
      deadlineSource: DEADLINE_SOURCES,
      confidence: ['H', 'M', 'L'],
      procedureTrack: PROCEDURE_TRACKS,
      serviceMethod: SERVICE_METHODS,
    };
    for (const [name, values] of Object.entries(enums)) {
      for (const value of values) {
        const key = `haven.enums.${name}.${value}`;
        expect(leaf(en, key), key).toBeTypeOf('string');
        expect(leaf(ru, key), key).toBeTypeOf('string');
      }
    }
  });

  it('has every literal Haven key used in the source', () => {
    // Vite reads the sources as text; tests and the session's storage keys are not messages.
    const sources = import.meta.glob<string>(['../**/*.ts', '../**/*.tsx', '!../**/*.test.*'], {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    const missing: string[] = [];
    for (const [file, source] of Object.entries(sources)) {
      if (file.endsWith('/session.ts')) continue;
      for (const [, key] of source.matchAll(/['"](haven\.[a-z_]+(?:\.[A-Za-z_]+)+)['"]/g)) {
        if (typeof leaf(en, key) !== 'string') missing.push(`${file}: ${key}`);
      }
    }
    expect(Object.keys(sources).length).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });
});
