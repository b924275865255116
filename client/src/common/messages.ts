/**
 * Texts of the language-wide pieces (date inputs, table pagination, the claim summary's language,
 * the tasks Haven makes itself),
 * merged into i18n/en.ts and ru.ts. Both trees have exactly the same keys (common/messages.test.ts).
 */
export const en = {
  haven: {
    dates: {
      type_day_as: 'Type the date as %{format}',
      invalid_day: 'This is not a real date',
    },
    pagination: {
      range: '%{from}–%{to} of %{count}',
      range_more: '%{from}–%{to} of more than %{to}',
    },
    claim_summary: {
      language: 'Language of the summary',
    },
    system_tasks: {
      reminder_today: 'Today: %{deadline}',
      reminder_title: 'In %{smart_count} day: %{deadline} |||| In %{smart_count} days: %{deadline}',
      reminder_description: 'Reminder for the %{kind} deadline of case %{reference}, due %{due}.',
      recheck_title: 'Rule changed — recheck the deadline “%{rule}” of case %{reference}',
      recheck_description:
        'The rule “%{rule}” has a new version (%{version}) for this trigger date: compare the deadline due %{due} with the new computation and correct it.',
    },
  },
};

export const ru = {
  haven: {
    dates: {
      type_day_as: 'Введите дату в виде %{format}',
      invalid_day: 'Такой даты нет',
    },
    pagination: {
      range: '%{from}–%{to} из %{count}',
      range_more: '%{from}–%{to} из более чем %{to}',
    },
    claim_summary: {
      language: 'Язык сводки',
    },
    system_tasks: {
      reminder_today: 'Сегодня: %{deadline}',
      reminder_title:
        'Через %{smart_count} день: %{deadline} |||| Через %{smart_count} дня: %{deadline} |||| Через %{smart_count} дней: %{deadline}',
      reminder_description:
        'Напоминание о сроке «%{kind}» по делу %{reference}: срок истекает %{due}.',
      recheck_title: 'Правило изменилось — перепроверьте срок «%{rule}» по делу %{reference}',
      recheck_description:
        'У правила «%{rule}» новая редакция (%{version}) для этой даты: сравните срок %{due} с новым расчётом и исправьте его.',
    },
  },
};
