import polyglotI18nProvider from 'ra-i18n-polyglot';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { ru } from '../i18n/ru';
import { systemTaskDescription, systemTaskTitle } from './systemTaskText';

const translator = (messages: object, locale: string) => {
  const provider = polyglotI18nProvider(() => messages as never, locale, [], {
    allowMissing: true,
  });
  return (key: string, options?: Record<string, unknown>) => provider.translate(key, options);
};
const inRussian = translator(ru, 'ru');
const inEnglish = translator(en, 'en');

const reminder = {
  title: 'In 7 days: Appeal against the refusal',
  description: 'Reminder for the appeal deadline of case HV-2026-0001 due 14 Dec 2026.',
  titleCode: 'reminder' as const,
  titleParams: {
    days: 7,
    deadline: 'Appeal against the refusal',
    kind: 'appeal',
    dueOn: '2026-12-14',
    reference: 'HV-2026-0001',
  },
};

describe('tasks Haven makes, told in the reader’s language', () => {
  it('tells a reminder in Russian, with Russian plurals and dates', () => {
    expect(systemTaskTitle(reminder, inRussian, 'ru')).toBe(
      'Через 7 дней: Appeal against the refusal',
    );
    expect(
      systemTaskTitle(
        { ...reminder, titleParams: { ...reminder.titleParams, days: 2 } },
        inRussian,
        'ru',
      ),
    ).toBe('Через 2 дня: Appeal against the refusal');
    expect(
      systemTaskTitle(
        { ...reminder, titleParams: { ...reminder.titleParams, days: 0 } },
        inRussian,
        'ru',
      ),
    ).toBe('Сегодня: Appeal against the refusal');
    const description = systemTaskDescription(reminder, inRussian, 'ru');
    expect(description).toContain('HV-2026-0001');
    expect(description).toContain('14 дек. 2026');
    expect(description).not.toMatch(/appeal|Reminder/);
  });

  it('tells the same reminder in English', () => {
    expect(systemTaskTitle(reminder, inEnglish, 'en-GB')).toBe(
      'In 7 days: Appeal against the refusal',
    );
  });

  it('shows a task without a code as written', () => {
    const written = {
      title: 'Call the client',
      description: null,
      titleCode: null,
      titleParams: null,
    };
    expect(systemTaskTitle(written, inRussian, 'ru')).toBe('Call the client');
    expect(systemTaskDescription(written, inRussian, 'ru')).toBeNull();
  });
});
