/**
 * The intake's strings for drafts kept on the server, consent first and a new case for a known
 * client (issue 25), merged into i18n/en.ts and i18n/ru.ts after the intake's own. Both trees have
 * exactly the same keys (intake/messages.test.ts checks it).
 */
export const en = {
  haven: {
    intake: {
      steps: {
        consent: 'Consent',
        vulnerabilities: 'Vulnerabilities and family',
        case_only: 'The new case',
      },
      start_over_warning:
        'Everything typed in this intake is cleared, and its saved draft is discarded.',
      consent_help:
        'Ask before anything else about health, sexual orientation or the claim: what the person agrees to, on which day and in which language. Haven records it as the start of their consent history.',
      consent_processing_missing:
        'Without consent to data processing, name the legal basis Haven processes this person’s data on instead.',
      processing_basis: 'Legal basis used instead of consent',
      processing_basis_help:
        'Usually “legal claims”: the data are needed to establish or defend the person’s claim.',
      consent_given_basis:
        'Processed on the person’s explicit consent (GDPR Art. 9(2)(a)) for the scopes ticked.',
      draft: {
        restored: 'Draft from %{time} restored.',
        discard: 'Discard it',
        discard_title: 'Discard this draft?',
        discard_warning:
          'The answers restored from the saved draft are cleared, and the draft is deleted from the server.',
        saving: 'Saving draft…',
        saved: 'Draft saved %{time}',
        save_failed: 'The draft could not be saved; it will be tried again. Stay on this page.',
        client_gone:
          'This person’s record is no longer available to you (erased, merged into another record or moved to another office): a case cannot be opened for them here, and this draft is no longer saved.',
        load_failed:
          'A saved draft could not be loaded; this intake starts empty. Reload the page to try again.',
        elsewhere:
          'This intake was saved from another tab or window since. Keep the answers on this page, or load the other ones?',
        keep_mine: 'Keep these answers',
        load_theirs: 'Load the other answers',
        unsaved_leave: 'Some answers are not saved yet. Leave this page anyway?',
      },
      returning: {
        same_person: 'The same person — open a new case for them',
        banner: 'New case for %{name} (%{reference}): only the case questions are asked.',
        back_to_intake: 'Not the same person: back to the full intake',
        submit: 'Open the case',
        created: 'Case %{reference} opened',
        new_case: 'New case',
      },
    },
    clients: {
      processing: {
        no_consent_basis: 'No consent to data processing — legal basis: %{basis}',
        no_consent_no_basis: 'No consent to data processing, and no legal basis recorded instead',
      },
    },
    form: {
      unsaved_leave: 'Some changes are not saved yet. Leave anyway?',
    },
  },
};

export const ru: typeof en = {
  haven: {
    intake: {
      steps: {
        consent: 'Согласие',
        vulnerabilities: 'Уязвимость и семья',
        case_only: 'Новое дело',
      },
      start_over_warning:
        'Всё введённое в этой анкете будет стёрто, а её сохранённый черновик удалён.',
      consent_help:
        'Спросите прежде всего остального о здоровье, сексуальной ориентации и о самом заявлении: на что человек соглашается, в какой день и на каком языке ему это объяснили. Haven запишет это как начало истории согласий.',
      consent_processing_missing:
        'Без согласия на обработку данных укажите правовое основание, на котором Haven обрабатывает данные этого человека.',
      processing_basis: 'Правовое основание вместо согласия',
      processing_basis_help:
        'Обычно «правовые требования»: данные нужны, чтобы обосновать или защитить требования человека.',
      consent_given_basis:
        'Обработка на основании явно выраженного согласия человека (ст. 9(2)(a) GDPR) в отмеченных пределах.',
      draft: {
        restored: 'Черновик от %{time} восстановлен.',
        discard: 'Удалить его',
        discard_title: 'Удалить этот черновик?',
        discard_warning:
          'Ответы, восстановленные из сохранённого черновика, будут стёрты, а черновик удалён с сервера.',
        saving: 'Сохранение черновика…',
        saved: 'Черновик сохранён %{time}',
        save_failed:
          'Не удалось сохранить черновик; попытка будет повторена. Не уходите с этой страницы.',
        client_gone:
          'Запись этого человека вам больше недоступна (удалена, объединена с другой записью или передана другому офису): открыть для него дело здесь нельзя, и черновик больше не сохраняется.',
        load_failed:
          'Не удалось загрузить сохранённый черновик; анкета начинается с чистого листа. Обновите страницу, чтобы попробовать снова.',
        elsewhere:
          'С тех пор эта анкета была сохранена из другой вкладки или окна. Оставить ответы на этой странице или загрузить другие?',
        keep_mine: 'Оставить эти ответы',
        load_theirs: 'Загрузить другие ответы',
        unsaved_leave: 'Часть ответов ещё не сохранена. Всё равно уйти со страницы?',
      },
      returning: {
        same_person: 'Это тот же человек — открыть для него новое дело',
        banner: 'Новое дело для %{name} (%{reference}): задаются только вопросы о деле.',
        back_to_intake: 'Это другой человек: вернуться к полной анкете',
        submit: 'Открыть дело',
        created: 'Дело %{reference} открыто',
        new_case: 'Новое дело',
      },
    },
    clients: {
      processing: {
        no_consent_basis: 'Нет согласия на обработку данных — правовое основание: %{basis}',
        no_consent_no_basis:
          'Нет согласия на обработку данных, и правовое основание вместо него не указано',
      },
    },
    form: {
      unsaved_leave: 'Часть изменений ещё не сохранена. Всё равно уйти?',
    },
  },
};
