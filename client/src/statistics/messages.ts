/**
 * The statistics feature's strings, merged into i18n/en.ts and i18n/ru.ts. Both trees have exactly
 * the same keys (statistics/messages.test.ts checks it).
 */
export const en = {
  haven: {
    statistics: {
      menu: 'Statistics',
      title: 'Anonymised statistics',
      intro:
        'Counts of cases, never of named people. Haven hides every count below k, and further counts wherever a hidden one could be worked out from a total.',
      forbidden: 'Statistics are for analysts, supervisors and administrators.',
      dimension_n: 'Dimension %{n}',
      no_dimension: 'None',
      dimensions: {
        nationality: 'Nationality',
        jurisdiction: 'Country of procedure',
        caseType: 'Case type',
        stage: 'Stage',
        outcome: 'Outcome',
        ground: 'Ground of claim',
        sex: 'Sex',
        ageBand: 'Age band',
        openedMonth: 'Month opened',
        team: 'Team',
      },
      values: {
        none: 'None recorded',
        unknown: 'Unknown',
        other: 'Other (rare)',
      },
      from: 'Opened from',
      to: 'Opened until',
      opened_help: 'By the day each case was opened',
      k: 'Smallest count shown (k)',
      k_help: 'At least 5',
      round: 'Rounding',
      round_none: 'Exact counts',
      round_to: 'To the nearest %{base}',
      show: 'Show table',
      download_csv: 'Download CSV',
      download_json: 'Download JSON',
      audited:
        'Every table and download is recorded in the audit trail: who, when, and with which settings.',
      layout: 'Layout',
      layout_cross: 'Cross table',
      layout_flat: 'List',
      total: 'Total',
      count: 'Cases',
      recognition_rate: 'Recognition rate',
      no_rows: 'No cases match.',
      hidden_label: 'Hidden',
      hidden_reason:
        'Hidden: fewer than %{k} people, or hidden so that another hidden count cannot be worked out from a total',
      hidden_note:
        '%{smart_count} count is hidden: either fewer than %{k} people, or hidden so that a small count cannot be worked out from a total shown. |||| %{smart_count} counts are hidden: each is either fewer than %{k} people, or hidden so that a small count cannot be worked out from a total shown.',
      settings_note: 'No count below %{k} is shown.',
      rounded_note: 'Counts are rounded to the nearest %{base}.',
      rate_note:
        'Recognition rate: refugee status, subsidiary and humanitarian protection over those decisions and rejections; shown only over at least 10 decisions.',
      errors: {
        dimensions: 'Choose one to three dimensions',
        distinct: 'Choose each dimension once',
        day: 'Enter a real date',
        range: 'The end is before the start',
        k: 'A whole number from 5 to 1000',
        round: 'A whole number from 1 to 1000',
      },
      microdata_title: 'Anonymised records (microdata)',
      microdata_help:
        'One row per case with no name, reference, date of birth, contact or free text: age as a band, dates as months (or quarters or years where months are too thin). Every combination of age band, sex, nationality, country and period is shared by at least k records; records that would stand out are withheld.',
      format: 'Format',
      download_microdata: 'Download records',
      microdata_rows: 'Downloaded %{smart_count} record. |||| Downloaded %{smart_count} records.',
      period: 'Dates given by',
      periods: { month: 'month', quarter: 'quarter', year: 'year' },
      withheld: 'Records withheld',
      microdata_csv_note:
        'A JSON download also says which k and period were used and how many records were withheld.',
    },
  },
};

export const ru: typeof en = {
  haven: {
    statistics: {
      menu: 'Статистика',
      title: 'Обезличенная статистика',
      intro:
        'Подсчёт дел, а не названных людей. Haven скрывает все значения меньше k, а также те, по которым скрытое значение можно было бы вычислить из итога.',
      forbidden: 'Статистика доступна аналитикам, руководителям и администраторам.',
      dimension_n: 'Признак %{n}',
      no_dimension: 'Нет',
      dimensions: {
        nationality: 'Гражданство',
        jurisdiction: 'Страна процедуры',
        caseType: 'Тип дела',
        stage: 'Этап',
        outcome: 'Исход',
        ground: 'Основание',
        sex: 'Пол',
        ageBand: 'Возрастная группа',
        openedMonth: 'Месяц открытия',
        team: 'Команда',
      },
      values: {
        none: 'Не указано',
        unknown: 'Неизвестно',
        other: 'Другое (редкое)',
      },
      from: 'Открыто с',
      to: 'Открыто по',
      opened_help: 'По дате открытия дела',
      k: 'Наименьшее показываемое значение (k)',
      k_help: 'Не меньше 5',
      round: 'Округление',
      round_none: 'Точные значения',
      round_to: 'До %{base}',
      show: 'Показать таблицу',
      download_csv: 'Скачать CSV',
      download_json: 'Скачать JSON',
      audited:
        'Каждая таблица и выгрузка записывается в журнал аудита: кто, когда и с какими параметрами.',
      layout: 'Вид',
      layout_cross: 'Перекрёстная таблица',
      layout_flat: 'Список',
      total: 'Итого',
      count: 'Дела',
      recognition_rate: 'Доля признания',
      no_rows: 'Подходящих дел нет.',
      hidden_label: 'Скрыто',
      hidden_reason:
        'Скрыто: меньше %{k} человек, или скрыто, чтобы другое скрытое значение нельзя было вычислить из итога',
      hidden_note:
        'Скрыто %{smart_count} значение: либо меньше %{k} человек, либо скрыто, чтобы малое значение нельзя было вычислить из показанного итога. |||| Скрыто %{smart_count} значения: каждое либо меньше %{k} человек, либо скрыто, чтобы малое значение нельзя было вычислить из показанного итога. |||| Скрыто %{smart_count} значений: каждое либо меньше %{k} человек, либо скрыто, чтобы малое значение нельзя было вычислить из показанного итога.',
      settings_note: 'Значения меньше %{k} не показываются.',
      rounded_note: 'Значения округлены до %{base}.',
      rate_note:
        'Доля признания: статус беженца, дополнительная и гуманитарная защита среди этих решений и отказов; показывается только при не менее чем 10 решениях.',
      errors: {
        dimensions: 'Выберите от одного до трёх признаков',
        distinct: 'Каждый признак можно выбрать один раз',
        day: 'Введите существующую дату',
        range: 'Конец раньше начала',
        k: 'Целое число от 5 до 1000',
        round: 'Целое число от 1 до 1000',
      },
      microdata_title: 'Обезличенные записи (микроданные)',
      microdata_help:
        'По одной строке на дело, без имени, номера, даты рождения, контактов и свободного текста: возраст группой, даты месяцем (или кварталом, или годом, если месяцев мало). Каждое сочетание возрастной группы, пола, гражданства, страны и периода встречается не менее чем в k записях; выделяющиеся записи не выдаются.',
      format: 'Формат',
      download_microdata: 'Скачать записи',
      microdata_rows:
        'Скачана %{smart_count} запись. |||| Скачано %{smart_count} записи. |||| Скачано %{smart_count} записей.',
      period: 'Даты указаны с точностью до',
      periods: { month: 'месяца', quarter: 'квартала', year: 'года' },
      withheld: 'Не выдано записей',
      microdata_csv_note: 'Выгрузка в JSON также сообщает k, период и число невыданных записей.',
    },
  },
};
