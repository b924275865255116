/**
 * The documents feature's strings, merged into i18n/en.ts and i18n/ru.ts. Both trees have exactly
 * the same keys (documents/messages.test.ts checks it).
 */
export const en = {
  haven: {
    cases: { tabs: { documents: 'Documents' } },
    documents: {
      kind: {
        decision: 'Decision',
        summons: 'Summons',
        identity: 'Identity document',
        evidence: 'Evidence',
        medical: 'Medical or psychological report',
        translation: 'Translation',
        correspondence: 'Correspondence',
        power_of_attorney: 'Power of attorney',
        other: 'Other',
      },
      status: { active: 'Active', withdrawn: 'Withdrawn' },
      fields: {
        kind: 'Kind',
        title: 'Title',
        language: 'Language',
        size: 'Size',
        uploadedBy: 'Uploaded by',
        createdAt: 'Uploaded',
        reason: 'Reason',
      },
      actions: 'Actions',
      no_language: 'Not given',
      empty: 'No documents yet.',
      empty_help:
        'Start with the decision or the summons — they drive the deadlines and the claim.',
      empty_withdrawn: 'No active documents; switch on “Show withdrawn” to see the withdrawn ones.',
      show_withdrawn: 'Show withdrawn',
      withdrawn: 'Withdrawn',
      upload: 'Upload',
      upload_title: 'Upload documents',
      drop_here: 'Drag files here, or choose them',
      drop_active: 'Drop the files to add them',
      drop_help:
        'PDF, photos (JPEG, PNG, HEIC, WebP), Word or OpenDocument text, plain text and voice messages (OGG/Opus, M4A, MP3), up to %{maxMb} MB each.',
      privacy_note:
        'Photos are stored without their location and camera data, and every file is encrypted. Give each file its kind: a decision or a summons starts deadlines.',
      choose_files: 'Choose files',
      take_photo: 'Take a photo',
      remove_file: 'Remove this file',
      upload_count: 'Upload %{smart_count} file |||| Upload %{smart_count} files',
      uploading: 'Uploading…',
      uploaded: 'Uploaded',
      upload_progress: '%{percent}% sent',
      uploaded_done: '%{smart_count} document uploaded |||| %{smart_count} documents uploaded',
      some_failed:
        'Some files were not uploaded; the message on each says why. Fix them or remove them, then try again.',
      retry: 'Try again',
      stop: 'Stop',
      nothing_chosen: 'No files chosen yet.',
      preview: 'Preview',
      preview_of: 'Preview of “%{title}”',
      download: 'Download',
      edit: 'Edit',
      edit_title: 'Edit document details',
      updated: 'Document details saved',
      withdraw: 'Withdraw',
      withdraw_title: 'Withdraw “%{title}”?',
      withdraw_content:
        'A withdrawn document is not deleted: it stays on the case, marked, with your reason, until the data-protection rules erase it.',
      withdraw_reason_help: 'Why it no longer counts, for whoever reads the case next',
      withdrawn_done: 'Document withdrawn',
      withdrawn_on: 'Withdrawn on %{date}',
      audited_note: 'Opening or downloading a document is recorded in the audit trail.',
      not_previewable:
        'Haven cannot show this type of file here. Download it to open it on this device.',
      pdf_fallback:
        'This browser does not show PDFs inside Haven. Download the file to open it on this device.',
      linked_document: 'Document in Haven',
      linked_document_help: 'A document uploaded to this case',
      no_document: 'None',
      document_unavailable: 'Document not available',
      decision_arrival: {
        title: 'How did the decision arrive?',
        intro:
          'You uploaded a decision. How and when it reached the person gives the legal service date, which starts the appeal deadlines.',
        skip: 'Skip',
        saved: 'Recorded how the decision arrived',
      },
    },
  },
};

export const ru: typeof en = {
  haven: {
    cases: { tabs: { documents: 'Документы' } },
    documents: {
      kind: {
        decision: 'Решение',
        summons: 'Повестка',
        identity: 'Удостоверение личности',
        evidence: 'Доказательство',
        medical: 'Медицинское или психологическое заключение',
        translation: 'Перевод',
        correspondence: 'Переписка',
        power_of_attorney: 'Доверенность',
        other: 'Другое',
      },
      status: { active: 'Действует', withdrawn: 'Отозван' },
      fields: {
        kind: 'Вид',
        title: 'Название',
        language: 'Язык',
        size: 'Размер',
        uploadedBy: 'Загрузил(а)',
        createdAt: 'Загружен',
        reason: 'Причина',
      },
      actions: 'Действия',
      no_language: 'Не указан',
      empty: 'Документов пока нет.',
      empty_help: 'Начните с решения или повестки — от них зависят сроки и заявление.',
      empty_withdrawn:
        'Действующих документов нет; включите «Показать отозванные», чтобы увидеть отозванные.',
      show_withdrawn: 'Показать отозванные',
      withdrawn: 'Отозван',
      upload: 'Загрузить',
      upload_title: 'Загрузка документов',
      drop_here: 'Перетащите файлы сюда или выберите их',
      drop_active: 'Отпустите файлы, чтобы добавить их',
      drop_help:
        'PDF, фотографии (JPEG, PNG, HEIC, WebP), тексты Word или OpenDocument, простой текст и голосовые сообщения (OGG/Opus, M4A, MP3), до %{maxMb} МБ каждый.',
      privacy_note:
        'Фотографии сохраняются без данных о местоположении и камере, каждый файл шифруется. Укажите вид каждого файла: от решения или повестки отсчитываются сроки.',
      choose_files: 'Выбрать файлы',
      take_photo: 'Сфотографировать',
      remove_file: 'Убрать этот файл',
      upload_count:
        'Загрузить %{smart_count} файл |||| Загрузить %{smart_count} файла |||| Загрузить %{smart_count} файлов',
      uploading: 'Загрузка…',
      uploaded: 'Загружен',
      upload_progress: 'Отправлено %{percent} %',
      uploaded_done:
        'Загружен %{smart_count} документ |||| Загружено %{smart_count} документа |||| Загружено %{smart_count} документов',
      some_failed:
        'Некоторые файлы не загружены; причина указана у каждого. Исправьте или уберите их и повторите.',
      retry: 'Повторить',
      stop: 'Остановить',
      nothing_chosen: 'Файлы ещё не выбраны.',
      preview: 'Просмотр',
      preview_of: 'Просмотр «%{title}»',
      download: 'Скачать',
      edit: 'Изменить',
      edit_title: 'Изменить сведения о документе',
      updated: 'Сведения о документе сохранены',
      withdraw: 'Отозвать',
      withdraw_title: 'Отозвать «%{title}»?',
      withdraw_content:
        'Отозванный документ не удаляется: он остаётся в деле с пометкой и вашей причиной, пока его не сотрут по правилам защиты данных.',
      withdraw_reason_help: 'Почему он больше не учитывается — для того, кто будет читать дело',
      withdrawn_done: 'Документ отозван',
      withdrawn_on: 'Отозван %{date}',
      audited_note: 'Открытие и скачивание документа записываются в журнал аудита.',
      not_previewable:
        'Haven не может показать здесь файл такого типа. Скачайте его, чтобы открыть на этом устройстве.',
      pdf_fallback:
        'Этот браузер не показывает PDF внутри Haven. Скачайте файл, чтобы открыть его на этом устройстве.',
      linked_document: 'Документ в Haven',
      linked_document_help: 'Документ, загруженный в это дело',
      no_document: 'Нет',
      document_unavailable: 'Документ недоступен',
      decision_arrival: {
        title: 'Как пришло решение?',
        intro:
          'Вы загрузили решение. Как и когда оно дошло до человека, определяет юридическую дату вручения, от которой идут сроки обжалования.',
        skip: 'Пропустить',
        saved: 'Записано, как пришло решение',
      },
    },
  },
};
