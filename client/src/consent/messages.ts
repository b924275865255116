/**
 * The consent history's strings, merged into i18n/en.ts and i18n/ru.ts. Both trees have exactly
 * the same keys (consent/messages.test.ts checks it).
 */
export const en = {
  haven: {
    consent: {
      title: 'Consent history',
      empty: 'No consent recorded yet.',
      empty_help: 'Record what the person agreed to, on which day and in which language.',
      record: 'Record consent',
      record_title: 'Record consent given or withdrawn',
      withdraw: 'Withdraw',
      current: 'Now',
      action: { given: 'Given', withdrawn: 'Withdrawn', never: 'Never asked' },
      basis: {
        consent: 'Consent (Art. 6(1)(a))',
        explicit_consent: 'Explicit consent (Art. 9(2)(a))',
        contract: 'Contract (Art. 6(1)(b))',
        legal_obligation: 'Legal obligation (Art. 6(1)(c))',
        vital_interests: 'Vital interests (Art. 6(1)(d), 9(2)(c))',
        legal_claims: 'Legal claims (Art. 9(2)(f))',
      },
      fields: {
        scope: 'Scope',
        action: 'Given or withdrawn',
        on: 'On',
        language: 'Explained in',
        basis: 'Legal basis',
        basis_default: 'The scope’s usual basis',
        note: 'Note',
        note_help: 'Kept encrypted; never in the audit trail.',
      },
      entry: '%{action} on %{date}, explained in %{language}',
      carried_over: 'carried over from the earlier consent record',
      recorded: 'Consent recorded',
      withdraw_confirm:
        'Withdrawing takes effect at once: what this consent allowed stops (statistics, sharing).',
    },
  },
};

export const ru: typeof en = {
  haven: {
    consent: {
      title: 'История согласий',
      empty: 'Согласия ещё не записаны.',
      empty_help:
        'Запишите, на что человек согласился, в какой день и на каком языке ему объяснили.',
      record: 'Записать согласие',
      record_title: 'Записать данное или отозванное согласие',
      withdraw: 'Отозвать',
      current: 'Сейчас',
      action: { given: 'Дано', withdrawn: 'Отозвано', never: 'Не запрашивалось' },
      basis: {
        consent: 'Согласие (ст. 6(1)(a))',
        explicit_consent: 'Явное согласие (ст. 9(2)(a))',
        contract: 'Договор (ст. 6(1)(b))',
        legal_obligation: 'Обязанность по закону (ст. 6(1)(c))',
        vital_interests: 'Жизненные интересы (ст. 6(1)(d), 9(2)(c))',
        legal_claims: 'Правовые требования (ст. 9(2)(f))',
      },
      fields: {
        scope: 'Предмет',
        action: 'Дано или отозвано',
        on: 'Дата',
        language: 'Язык объяснения',
        basis: 'Правовое основание',
        basis_default: 'Обычное основание для этого предмета',
        note: 'Заметка',
        note_help: 'Хранится зашифрованной; никогда не попадает в журнал аудита.',
      },
      entry: '%{action} %{date}, объяснено на языке: %{language}',
      carried_over: 'перенесено из прежней записи о согласии',
      recorded: 'Согласие записано',
      withdraw_confirm:
        'Отзыв действует сразу: то, что разрешало согласие, прекращается (статистика, передача данных).',
    },
  },
};
