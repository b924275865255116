/**
 * The duplicate check's strings, merged into i18n/en.ts and i18n/ru.ts. Both trees have exactly
 * the same keys (duplicates/messages.test.ts checks it).
 */
export const en = {
  haven: {
    duplicates: {
      title: 'Possible duplicates',
      none: 'No likely match among existing clients.',
      found: '%{smart_count} possible match |||| %{smart_count} possible matches',
      failed: 'The duplicate check could not run; you can go on and check later.',
      score: 'match %{score}%',
      born: 'born %{date}',
      new_tab: 'opens in a new tab',
      restricted: 'A possible match is held by another team — ask your supervisor.',
      throttled:
        'Too many duplicate checks in the last minute; wait a moment and it will check again.',
      reasons: {
        same_name: 'same name',
        across_scripts: 'same name in another script',
        similar_name: 'similar name',
        same_birth_date: 'same date of birth',
        birth_year: 'birth year ±1',
        same_nationality: 'same nationality',
        same_phone: 'same phone',
      },
      merge: 'Merge',
      merge_title: 'Merge %{duplicate} into %{surviving}?',
      merge_content:
        'The cases of %{duplicate} move to %{surviving}, and %{duplicate} no longer appears in lists and searches. The merge is recorded in the audit trail and can be undone within %{days} days.',
      merged:
        'Clients merged: %{smart_count} case moved. You can undo this for 30 days. |||| Clients merged: %{smart_count} cases moved. You can undo this for 30 days.',
      merge_refused:
        "This merge can't be done here. If the person also has a case with another team, an administrator must merge them.",
      this_duplicate: 'the duplicate',
      this_client: 'this client',
      merges_title: 'Merges',
      no_merges: 'This client has not been merged with another.',
      merged_at: 'Merged',
      what: 'What',
      cases_moved: 'Cases moved',
      state: 'Undo',
      merged_in: 'A duplicate (%{id}…) was merged into this client',
      merged_into: 'Merged into',
      undo: 'Undo merge',
      undo_until: 'possible until %{date}',
      undo_expired: 'no longer possible (30 days passed)',
      undone_at: 'undone %{date}',
      undo_title: 'Undo this merge?',
      undo_content:
        'The %{smart_count} case moved by the merge goes back to the duplicate, which appears again as its own client. |||| The %{smart_count} cases moved by the merge go back to the duplicate, which appears again as its own client.',
      undone: 'Merge undone',
      undo_refused:
        "This merge can't be undone here. If a case it concerns is now with another team, an administrator must undo it.",
    },
  },
};

export const ru: typeof en = {
  haven: {
    duplicates: {
      title: 'Возможные дубликаты',
      none: 'Среди клиентов вероятных совпадений нет.',
      found:
        '%{smart_count} возможное совпадение |||| %{smart_count} возможных совпадения |||| %{smart_count} возможных совпадений',
      failed: 'Проверить дубликаты не удалось; можно продолжить и проверить позже.',
      score: 'совпадение %{score}%',
      born: 'дата рождения %{date}',
      new_tab: 'откроется в новой вкладке',
      restricted: 'Возможное совпадение есть у другой команды — обратитесь к руководителю.',
      throttled:
        'Слишком много проверок на дубликаты за последнюю минуту; подождите немного, и проверка повторится.',
      reasons: {
        same_name: 'то же имя',
        across_scripts: 'то же имя в другой письменности',
        similar_name: 'похожее имя',
        same_birth_date: 'та же дата рождения',
        birth_year: 'год рождения ±1',
        same_nationality: 'то же гражданство',
        same_phone: 'тот же телефон',
      },
      merge: 'Объединить',
      merge_title: 'Объединить %{duplicate} с %{surviving}?',
      merge_content:
        'Дела %{duplicate} перейдут к %{surviving}, а %{duplicate} больше не будет появляться в списках и поиске. Объединение записывается в журнал аудита, его можно отменить в течение %{days} дней.',
      merged:
        'Клиенты объединены: перенесено %{smart_count} дело. Отменить можно в течение 30 дней. |||| Клиенты объединены: перенесено %{smart_count} дела. Отменить можно в течение 30 дней. |||| Клиенты объединены: перенесено %{smart_count} дел. Отменить можно в течение 30 дней.',
      merge_refused:
        'Это объединение здесь выполнить нельзя. Если у человека есть дело и в другой команде, объединить их должен администратор.',
      this_duplicate: 'дубликат',
      this_client: 'этот клиент',
      merges_title: 'Объединения',
      no_merges: 'Этот клиент ни с кем не объединялся.',
      merged_at: 'Когда',
      what: 'Что',
      cases_moved: 'Перенесено дел',
      state: 'Отмена',
      merged_in: 'Дубликат (%{id}…) объединён с этим клиентом',
      merged_into: 'Объединён с',
      undo: 'Отменить объединение',
      undo_until: 'можно до %{date}',
      undo_expired: 'уже нельзя (прошло 30 дней)',
      undone_at: 'отменено %{date}',
      undo_title: 'Отменить это объединение?',
      undo_content:
        '%{smart_count} дело, перенесённое при объединении, вернётся к дубликату, и он снова появится как отдельный клиент. |||| %{smart_count} дела, перенесённые при объединении, вернутся к дубликату, и он снова появится как отдельный клиент. |||| %{smart_count} дел, перенесённых при объединении, вернутся к дубликату, и он снова появится как отдельный клиент.',
      undone: 'Объединение отменено',
      undo_refused:
        'Это объединение здесь отменить нельзя. Если затронутое им дело теперь в другой команде, отменить его должен администратор.',
    },
  },
};
