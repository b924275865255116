import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ACTIONS } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { expectSameShape, leaf, missingKeys } from '../dashboard/messageChecks';
import { en as mergedEn } from '../i18n/en';
import { ru as mergedRu } from '../i18n/ru';
import { AUDIT_ENTITY_TYPES } from './auditChoices';
import { COUNT_KEYS } from './auditText';
import { en, ru } from './messages';

describe('audit messages', () => {
  it('have the same keys and placeholders in English and Russian', () => {
    expectSameShape(en, ru);
  });

  it('name every action, in both languages once merged', () => {
    for (const action of AUDIT_ACTIONS) {
      const key = `haven.audit.actions.${action}`;
      expect(leaf(mergedEn, key), key).toBeTypeOf('string');
      expect(leaf(mergedRu, key), key).toBeTypeOf('string');
    }
  });

  it('name every record type the filter offers and every count told', () => {
    for (const type of AUDIT_ENTITY_TYPES)
      expect(leaf(en, `haven.audit.entities.${type}`), type).toBeTypeOf('string');
    for (const key of COUNT_KEYS)
      expect(leaf(ru, `haven.audit.counts.${key}`), key).toBeTypeOf('string');
  });

  it('have every literal key the audit code uses', () => {
    const sources = import.meta.glob<string>(['./*.ts', './*.tsx', '!./*.test.*'], {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    expect(missingKeys(sources)).toEqual([]);
  });
});

describe('the record types the server writes into the trail', () => {
  it('each has a name in English and Russian, and is offered as a filter', () => {
    const root = join(__dirname, '../../../server/src');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
      });
    const written = new Set<string>();
    for (const file of files(root)) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/entityType: '([a-z_]+)'|@AuditedRead\('([a-z_]+)'/g))
        written.add(match[1] ?? match[2]);
    }
    expect(written.size).toBeGreaterThan(10);
    for (const type of written) {
      expect(Object.keys(en.haven.audit.entities), type).toContain(type);
      expect(Object.keys(ru.haven.audit.entities), type).toContain(type);
      expect(AUDIT_ENTITY_TYPES as readonly string[], type).toContain(type);
    }
  });
});
