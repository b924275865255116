/**
 * The data-protection feature's strings (the subject-access export), merged into i18n/en.ts and
 * i18n/ru.ts. Both trees have exactly the same keys (data-protection/messages.test.ts checks it).
 */
export const en = {
  haven: {
    dataProtection: {
      export: {
        button: 'Export (subject access)',
        title: 'Export this person’s data',
        help: 'One ZIP file with everything Haven holds on this person, for their request to see their data (GDPR, Article 15): all the data as client.json, a readable summary as a PDF, and their documents. Give it to the person only, through a safe channel. The export is recorded in the audit trail.',
        language: 'Language of the summary',
        lang_en: 'English',
        lang_ru: 'Russian',
        download: 'Download',
        cancel: 'Cancel',
        preparing: 'Preparing the export…',
        progress: 'Downloading: %{percent} %',
        done: 'The export has been downloaded',
        not_found: 'This client no longer exists, or is not yours to export.',
      },
    },
  },
};

export const ru: typeof en = {
  haven: {
    dataProtection: {
      export: {
        button: 'Выгрузка (запрос субъекта)',
        title: 'Выгрузка данных этого человека',
        help: 'Один ZIP-файл со всем, что Haven хранит об этом человеке, по его запросу на доступ к своим данным (GDPR, статья 15): все данные в client.json, читаемая сводка в PDF и его документы. Передайте его только самому человеку и безопасным способом. Выгрузка записывается в журнал аудита.',
        language: 'Язык сводки',
        lang_en: 'Английский',
        lang_ru: 'Русский',
        download: 'Скачать',
        cancel: 'Отмена',
        preparing: 'Готовим выгрузку…',
        progress: 'Скачивание: %{percent} %',
        done: 'Выгрузка скачана',
        not_found: 'Этого клиента больше нет, или выгружать его данные вы не можете.',
      },
    },
  },
};
