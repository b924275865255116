/**
 * The stay panel's strings, merged into i18n/en.ts and i18n/ru.ts. Both trees have exactly the same
 * keys. The server's explanation `{code, params}` is rendered here in the reader's language.
 */
export const en = {
  haven: {
    deadlines: {
      stay: {
        entry: 'Entry on %{date} counts as day 1.',
        per_visit: '%{days} days a visit: %{date}',
        rolling: 'At most %{max} days in any %{window}: %{date}',
        used_before:
          '%{smart_count} day of earlier visits counts in this window |||| %{smart_count} days of earlier visits count in this window',
        binds: 'this limit applies',
        exhausted: 'No legal day left in this stay: earlier visits already use up the limit.',
        rule: 'Rule %{ruleId}: %{basis}',
        no_rule:
          'No stay rule in Haven applies to a citizen of %{nationality} in %{country}. Check the stay limit against the law by hand.',
        no_current_stay:
          'No current stay in %{country} recorded: add the entry date to the client’s stays to see the last legal day.',
      },
    },
  },
};

export const ru = {
  haven: {
    deadlines: {
      stay: {
        entry: 'День въезда %{date} считается первым днём.',
        per_visit: '%{days} дн. за один визит: %{date}',
        rolling: 'Не более %{max} дн. в любые %{window} дн.: %{date}',
        used_before:
          'В это окно засчитывается %{smart_count} день прежних визитов |||| В это окно засчитываются %{smart_count} дня прежних визитов |||| В это окно засчитываются %{smart_count} дней прежних визитов',
        binds: 'действует этот предел',
        exhausted:
          'В этом пребывании законных дней не осталось: прежние визиты уже исчерпали предел.',
        rule: 'Правило %{ruleId}: %{basis}',
        no_rule:
          'Ни одно правило Haven о сроке пребывания не относится к гражданам страны «%{nationality}» в стране «%{country}». Проверьте срок пребывания по закону вручную.',
        no_current_stay:
          'Текущее пребывание в стране «%{country}» не записано: добавьте дату въезда в сведения о пребываниях клиента, чтобы увидеть последний законный день.',
      },
    },
  },
};
