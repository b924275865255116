/**
 * "Add from a rule": where a prefilled trigger date came from, a typed date that differs from the
 * recorded one, a rule already open on the case, and jurisdictions without procedural rules. Merged
 * into i18n/en.ts and i18n/ru.ts; both trees have exactly the same keys.
 */
export const en = {
  haven: {
    deadlines: {
      from_rule: {
        prefilled: {
          decisionServedOn: 'Filled in from the case’s decision service date.',
          stayEntry: 'Filled in from the client’s current stay: the day of entry.',
          arrivalDate: 'Filled in from the client’s arrival date.',
        },
        recorded: {
          decisionServedOn: 'the decision service date',
          stayEntry: 'the entry of the client’s current stay',
          arrivalDate: 'the client’s arrival date',
        },
        mismatch:
          'This is not the date the case records: %{field} is %{date}. Check which one is right before saving.',
        use_recorded: 'Use %{date}',
        not_recorded: 'The case records no date for this event: enter it.',
        already_open: 'already open on this case',
        already_open_help:
          'Rules marked “already open on this case” have an open deadline here: change that deadline instead.',
        no_procedural_rules: 'No procedural rules for %{country} yet — add the deadline by hand.',
        only_stay_rules:
          'For %{country} Haven knows only the stay limit, no procedural rules yet — add procedural deadlines by hand.',
        countries_with_rules: 'Haven has procedural rules for: %{countries}.',
      },
    },
  },
};

export const ru: typeof en = {
  haven: {
    deadlines: {
      from_rule: {
        prefilled: {
          decisionServedOn: 'Взято из даты вручения решения, записанной в деле.',
          stayEntry: 'Взято из текущего пребывания клиента: дата въезда.',
          arrivalDate: 'Взято из даты прибытия клиента.',
        },
        recorded: {
          decisionServedOn: 'дата вручения решения',
          stayEntry: 'дата въезда в текущем пребывании клиента',
          arrivalDate: 'дата прибытия клиента',
        },
        mismatch:
          'Это не та дата, что записана в деле: %{field} — %{date}. Проверьте, какая дата верна, прежде чем сохранять.',
        use_recorded: 'Взять %{date}',
        not_recorded: 'В деле нет даты этого события: введите её.',
        already_open: 'уже открыт в этом деле',
        already_open_help:
          'Правила с пометкой «уже открыт в этом деле» уже дали здесь открытый срок: измените его.',
        no_procedural_rules:
          'Процессуальных правил для страны «%{country}» пока нет — добавьте срок вручную.',
        only_stay_rules:
          'Для страны «%{country}» в Haven есть только правило о сроке пребывания, процессуальных правил пока нет — добавьте процессуальные сроки вручную.',
        countries_with_rules: 'Процессуальные правила в Haven есть для стран: %{countries}.',
      },
    },
  },
};
