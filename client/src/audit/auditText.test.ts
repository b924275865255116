import polyglotI18nProvider from 'ra-i18n-polyglot';
import { describe, expect, it } from 'vitest';
import type { AuditEventResponse } from '@haven/shared';
import { en } from '../i18n/en';
import { ru } from '../i18n/ru';
import { describeAuditEvent } from './auditText';

/** The app's own translators, as the running client has them. */
const translator = (locale: 'en' | 'ru') => {
  const provider = polyglotI18nProvider(() => (locale === 'en' ? en : ru), locale, [], {
    allowMissing: true,
  });
  return (key: string, options?: Record<string, unknown>) => provider.translate(key, options);
};
const inRussian = translator('ru');
const inEnglish = translator('en');

const event = (
  fields: Partial<Pick<AuditEventResponse, 'action' | 'entityType' | 'details' | 'summary'>>,
) => ({
  action: 'update' as AuditEventResponse['action'],
  entityType: 'case',
  details: null,
  summary: 'English summary',
  ...fields,
});

describe('audit events told from their codes', () => {
  it('tells a stage change in Russian with human labels, not the English summary', () => {
    const text = describeAuditEvent(
      event({
        details: { fields: ['stage', 'priority'], stage: { from: 'intake', to: 'assessment' } },
        summary: 'updated stage, priority',
      }),
      inRussian,
    );
    expect(text).toBe('Изменение: дело — стадия: Приём → Оценка; изменено: Приоритет');
    expect(text).not.toMatch(/intake|assessment|priority|updated/);
  });

  it('tells the same event in English', () => {
    expect(
      describeAuditEvent(
        event({ details: { fields: ['stage'], stage: { from: 'intake', to: 'assessment' } } }),
        inEnglish,
      ),
    ).toBe('Update: case — stage: Intake → Assessment');
  });

  it('tells counts with Russian plurals, and a task’s step with its statuses', () => {
    expect(
      describeAuditEvent(
        event({ action: 'reassign', details: { from: 'a', to: 'b', tasksMoved: 3 } }),
        inRussian,
      ),
    ).toBe('Передача: дело — переданы 3 задачи');
    expect(
      describeAuditEvent(
        event({
          entityType: 'task',
          details: {
            action: 'start',
            from: { status: 'open', assigneeId: 'x' },
            to: { status: 'in_progress', assigneeId: 'x' },
          },
        }),
        inRussian,
      ),
    ).toMatch(/^Изменение: задача — .+: Открыта → В работе$/);
  });

  it('tells a list read by how many records it showed', () => {
    expect(
      describeAuditEvent(
        event({
          action: 'read',
          entityType: 'client',
          details: { list: true, ids: ['a', 'b', 'c', 'd', 'e'], filters: ['q'] },
          summary: 'listed 5 of 9 clients',
        }),
        inRussian,
      ),
    ).toBe('Просмотр: клиент — показано 5 записей');
  });

  it('tells sign-ins by their action alone', () => {
    expect(
      describeAuditEvent(
        event({ action: 'auth.login', entityType: 'user', summary: 'login' }),
        inRussian,
      ),
    ).toBe('Вход');
  });

  it('falls back to the stored summary for what it cannot tell', () => {
    expect(
      describeAuditEvent(event({ entityType: 'something_new', summary: 'old words' }), inRussian),
    ).toBe('old words');
  });
});
