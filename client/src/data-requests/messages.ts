/**
 * The data requests' strings, merged into i18n/en.ts and i18n/ru.ts. Both trees have exactly the
 * same keys (data-requests/messages.test.ts checks it).
 */
export const en = {
  resources: {
    'data-requests': {
      name: 'Data request |||| Data requests',
      fields: {
        clientReference: 'Client',
        type: 'Request',
        status: 'Status',
        receivedOn: 'Received',
        dueOn: 'Due',
        closedAt: 'Closed',
        note: 'Note',
      },
    },
  },
  haven: {
    menu: { data_requests: 'Data requests' },
    data_requests: {
      title: 'Requests about their data',
      type: {
        access: 'Access to their data',
        rectification: 'Rectification',
        erasure: 'Erasure',
        restriction: 'Restriction of processing',
        objection: 'Objection',
      },
      status: { open: 'Open', done: 'Done', refused: 'Refused' },
      empty: 'No requests from people about their data.',
      empty_help:
        'Record a request from the client’s page: it is due one calendar month after it was received.',
      client_empty: 'No requests from this person about their data.',
      new: 'New request',
      new_title: 'Record a request about their data',
      due_hint: 'Due on %{date}: one calendar month after receipt (GDPR Art. 12(3)).',
      note_help: 'Kept encrypted; never in the audit trail.',
      overdue: 'Overdue',
      close: 'Close',
      close_title: 'Close the request',
      close_content: 'Closing records who closed it and when; a closed request cannot be reopened.',
      created: 'Request recorded',
      closed: 'Request closed',
      anonymise_title: 'Anonymise the client now?',
      anonymise_content:
        'The erasure request is done. Anonymising erases names, contacts, documents, notes and files of this person for good; statistics keep their counts. This cannot be undone.',
      anonymise: 'Anonymise',
      anonymise_later: 'Not now',
      anonymised: 'The client was anonymised',
      dashboard_title: 'Requests about their data',
      dashboard_open: 'Open',
      dashboard_overdue: 'Overdue',
      dashboard_none: 'No open requests.',
      dashboard_due: 'due %{date}',
    },
  },
};

export const ru: typeof en = {
  resources: {
    'data-requests': {
      name: 'Запрос о данных |||| Запросы о данных',
      fields: {
        clientReference: 'Клиент',
        type: 'Запрос',
        status: 'Статус',
        receivedOn: 'Получен',
        dueOn: 'Срок',
        closedAt: 'Закрыт',
        note: 'Заметка',
      },
    },
  },
  haven: {
    menu: { data_requests: 'Запросы о данных' },
    data_requests: {
      title: 'Запросы о своих данных',
      type: {
        access: 'Доступ к своим данным',
        rectification: 'Исправление',
        erasure: 'Удаление',
        restriction: 'Ограничение обработки',
        objection: 'Возражение',
      },
      status: { open: 'Открыт', done: 'Выполнен', refused: 'Отказано' },
      empty: 'Запросов людей о своих данных нет.',
      empty_help:
        'Запишите запрос на странице клиента: срок ответа — один календарный месяц с получения.',
      client_empty: 'Запросов этого человека о своих данных нет.',
      new: 'Новый запрос',
      new_title: 'Записать запрос о данных',
      due_hint: 'Срок — %{date}: один календарный месяц с получения (GDPR ст. 12(3)).',
      note_help: 'Хранится зашифрованной; никогда не попадает в журнал аудита.',
      overdue: 'Просрочен',
      close: 'Закрыть',
      close_title: 'Закрыть запрос',
      close_content:
        'При закрытии записывается, кто и когда закрыл; закрытый запрос нельзя открыть снова.',
      created: 'Запрос записан',
      closed: 'Запрос закрыт',
      anonymise_title: 'Обезличить клиента сейчас?',
      anonymise_content:
        'Запрос на удаление выполнен. Обезличивание навсегда стирает имена, контакты, документы, заметки и файлы этого человека; статистика сохраняет свои подсчёты. Отменить это нельзя.',
      anonymise: 'Обезличить',
      anonymise_later: 'Не сейчас',
      anonymised: 'Клиент обезличен',
      dashboard_title: 'Запросы о своих данных',
      dashboard_open: 'Открытые',
      dashboard_overdue: 'Просроченные',
      dashboard_none: 'Открытых запросов нет.',
      dashboard_due: 'срок %{date}',
    },
  },
};
