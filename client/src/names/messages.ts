/**
 * The strings of names and references: the reference chips (a client's and a case's series told
 * apart) and the Latin-only fields' warning. Merged into i18n/en.ts and i18n/ru.ts; both trees have
 * exactly the same keys (names/messages.test.ts checks it).
 */
export const en = {
  haven: {
    references: {
      client: 'Client reference %{reference}',
      case: 'Case reference %{reference}',
      client_prefix: 'Client reference',
      case_prefix: 'Case reference',
    },
    latin: {
      warning: 'Latin letters only, as in the passport. Not Latin: %{letters}',
      warning_script: 'Not in Latin letters: write it as the passport does.',
      warning_address:
        'Check the address: most mail services take Latin letters only. Not Latin: %{letters}',
      transliterate: 'Write as %{latin}',
      transliterated: 'Written in Latin letters. Check it against the passport.',
      no_transliteration: 'Type it as the passport spells it.',
    },
  },
};

export const ru = {
  haven: {
    references: {
      client: 'Номер клиента %{reference}',
      case: 'Номер дела %{reference}',
      client_prefix: 'Номер клиента',
      case_prefix: 'Номер дела',
    },
    latin: {
      warning: 'Только латиницей, как в паспорте. Не латинские буквы: %{letters}',
      warning_script: 'Написано не латиницей: нужно так, как в паспорте.',
      warning_address:
        'Проверьте адрес: большинство почтовых сервисов принимают только латиницу. Не латинские буквы: %{letters}',
      transliterate: 'Написать как %{latin}',
      transliterated: 'Записано латиницей. Сверьте с паспортом.',
      no_transliteration: 'Введите так, как написано в паспорте.',
    },
  },
};
