import { STAT_WORDS } from '@haven/shared';

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
        'Counts of cases or persons, never of named people. Every count shown carries a small, fixed perturbation, so that comparing tables reveals nothing; Haven hides every count below k, and further counts wherever a hidden one could be worked out from a total.',
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
        decidedMonth: 'Month decided',
        team: 'Team',
      },
      // The words the CSV's label columns use too (shared STAT_WORDS).
      values: { ...STAT_WORDS.en.values },
      from: 'From month',
      to: 'To month',
      months_help: 'Whole months, inclusive; empty for no limit',
      period_by: 'Place cases in the period by',
      periods_by: {
        opened: 'Month opened',
        decided: 'Month decided',
      },
      period_by_help: {
        opened: 'The month each case was opened',
        decided: 'The month its decision was served: decided cases only',
      },
      unit: 'Count',
      units: {
        cases: 'Cases',
        persons: 'Persons',
      },
      unit_help: {
        cases: 'Each case once',
        persons: 'A person with several cases once in each cell',
      },
      period_all: 'All months',
      period_from: 'From %{from}',
      period_to: 'Until %{to}',
      period_range: '%{from} – %{to}',
      computed_at: 'Changes up to %{time} counted',
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
      total: STAT_WORDS.en.total,
      recognised: 'Recognised',
      rejected: 'Rejected',
      recognition_rate: 'Recognition rate',
      no_rate: 'No rate',
      start_title: 'No table yet',
      start_hint:
        'Choose one to three dimensions and, if you like, a period of whole months; then show the table.',
      loading: 'Counting…',
      no_rows: 'Nothing matches these settings. Try a longer period, or other dimensions.',
      all_hidden:
        'Every cell of this table is hidden because its counts are small. Try a longer period, fewer dimensions, or coarser ones (country instead of team, quarter instead of month).',
      hidden_label: 'Hidden',
      hidden_reason:
        'Hidden: fewer than %{k} people, or hidden so that another hidden count cannot be worked out from a total',
      hidden_note:
        '%{smart_count} count is hidden: either fewer than %{k} people, or hidden so that a small count cannot be worked out from a total shown. |||| %{smart_count} counts are hidden: each is either fewer than %{k} people, or hidden so that a small count cannot be worked out from a total shown.',
      method_title: 'Method and error',
      method_note:
        'Counts are perturbed by the cell-key method: each shown count differs from the true count by at most ±%{max} (variance %{variance}); the same cell always shows the same number. Cells below %{k} are hidden.',
      method_other:
        'Counts are protected by the “%{method}” method: each shown count differs from the true count by at most ±%{max} (variance %{variance}). Cells below %{k} are hidden.',
      rounded_note: 'Shown counts are then rounded to the nearest %{base}.',
      rate_note:
        'Recognition rate: refugee status, subsidiary and humanitarian protection over those decisions and rejections, computed from the perturbed counts; shown only where both of them are shown.',
      charts_title: 'Charts',
      chart_by: 'By %{dimension}',
      chart_crossed: '%{first} by %{second}',
      chart_loading: 'Loading the chart…',
      chart_empty: 'This dimension has no values to draw.',
      chart_hidden:
        '%{smart_count} hidden count is drawn hatched, without a number. |||| %{smart_count} hidden counts are drawn hatched, without a number.',
      chart_hidden_legend: 'Hidden (hatched, no number)',
      withheld_notice: {
        title_aggregate: 'This export would hide every count',
        title_microdata: 'This export would withhold every record',
        why_aggregate:
          'Every cell of this table would be hidden: each counts fewer than %{k} people, or is hidden so that a small count cannot be worked out from a total. The file would hold no figure.',
        why_microdata:
          'No group of records reaches %{k} with at least two outcomes, even by year: the file would hold no record.',
        try: 'A coarser choice shows something:',
        apply: 'Use this',
        download_anyway: 'Download anyway',
        none_aggregate:
          'No coarser choice of dimensions, period or k shows a count: there are too few records. Try other dimensions.',
        none_microdata:
          'No coarser choice publishes a record: there are too few records. Use the counts table instead.',
        would_show_cells: '%{shown} of %{of} counts shown',
        would_show_rows: '%{shown} of %{of} records published',
        suggest: {
          fewer_dimensions: 'Fewer dimensions: %{dimensions}',
          longer_period: 'A longer period: %{period}',
          lower_k: 'k = %{k}, the smallest allowed',
          aggregate_table: 'The counts table by %{dimensions} instead of records',
        },
      },
      errors: {
        dimensions: 'Choose one to three dimensions',
        distinct: 'Choose each dimension once',
        month: 'Enter a month (YYYY-MM)',
        period_by: 'Choose the month opened or the month decided',
        unit: 'Choose cases or persons',
        range: 'The end is before the start',
        k: 'A whole number from 5 to 1000',
        round: 'A whole number from 1 to 1000',
      },
      microdata_title: 'Live export of anonymised records',
      microdata_help:
        'One row per case with no name, reference, date of birth, contact or free text: age as a band, dates as months (or quarters or years where months are too thin). Every combination of age band, sex, nationality, country, case type and period is shared by at least k records, with at least two different grounds and outcomes; records that would stand out are coarsened or withheld.',
      microdata_steer:
        'For anything you publish or share, download a release instead: a release is fixed once made, whereas the live export follows today’s data, and two exports taken on different days could be compared.',
      go_to_releases: 'Go to releases',
      format: 'Format',
      download_microdata: 'Download records',
      microdata_rows: 'Downloaded %{smart_count} record. |||| Downloaded %{smart_count} records.',
      period: 'Dates given by',
      periods: { month: 'month', quarter: 'quarter', year: 'year' },
      withheld: 'Records withheld',
      microdata_csv_note:
        'A JSON download also says which k and period were used and how many records were withheld.',
      releases: {
        title: 'Microdata releases',
        intro:
          'Anonymised records of one ended quarter, fixed once made: every download of a release is the same file, so releases are what to publish.',
        quarter: 'Quarter',
        k: 'k',
        rows: 'Records',
        created: 'Created',
        download: 'Download',
        download_csv: 'Download %{quarter} as CSV',
        download_json: 'Download %{quarter} as JSON',
        loading: 'Loading releases…',
        load_failed: 'The releases could not be loaded: %{error}',
        retry: 'Try again',
        empty: 'No release has been made yet.',
        empty_viewer: 'No release has been made yet. Analysts and administrators make them.',
        create_title: 'Create a release',
        create_help:
          'Only a quarter that has ended can be released. A release cannot be changed or made again.',
        quarter_option: '%{quarter} (%{months})',
        quarter_released: 'released, k = %{ks}',
        quarter_released_help:
          'This quarter already has a release with k = %{k}; Haven will refuse to make it again.',
        create: 'Create release',
        creating: 'Creating…',
        created_note:
          'Release %{quarter} created with %{smart_count} record. |||| Release %{quarter} created with %{smart_count} records.',
        exists:
          'A release of %{quarter} with k = %{k} already exists. Releases are fixed once made: download it from the list.',
        viewer_note: 'Analysts and administrators make releases.',
      },
    },
  },
};

export const ru: typeof en = {
  haven: {
    statistics: {
      menu: 'Статистика',
      title: 'Обезличенная статистика',
      intro:
        'Подсчёт дел или людей, но никогда не названных людей. Каждое показанное значение несёт небольшое постоянное искажение, поэтому сравнение таблиц ничего не раскрывает; Haven скрывает все значения меньше k, а также те, по которым скрытое значение можно было бы вычислить из итога.',
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
        decidedMonth: 'Месяц решения',
        team: 'Команда',
      },
      // The words the CSV's label columns use too (shared STAT_WORDS).
      values: { ...STAT_WORDS.ru.values },
      from: 'С месяца',
      to: 'По месяц',
      months_help: 'Целые месяцы включительно; пусто — без ограничения',
      period_by: 'Относить дела к периоду по',
      periods_by: {
        opened: 'Месяцу открытия',
        decided: 'Месяцу решения',
      },
      period_by_help: {
        opened: 'Месяц, в котором дело открыто',
        decided: 'Месяц вручения решения: только дела с решением',
      },
      unit: 'Считать',
      units: {
        cases: 'Дела',
        persons: 'Люди',
      },
      unit_help: {
        cases: 'Каждое дело один раз',
        persons: 'Человек с несколькими делами — один раз в каждой ячейке',
      },
      period_all: 'Все месяцы',
      period_from: 'С %{from}',
      period_to: 'По %{to}',
      period_range: '%{from} – %{to}',
      computed_at: 'Учтены изменения до %{time}',
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
      total: STAT_WORDS.ru.total,
      recognised: 'Признано',
      rejected: 'Отказано',
      recognition_rate: 'Доля признания',
      no_rate: 'Нет доли',
      start_title: 'Таблицы пока нет',
      start_hint:
        'Выберите от одного до трёх признаков и, если нужно, период из целых месяцев; затем покажите таблицу.',
      loading: 'Подсчёт…',
      no_rows:
        'Под эти условия ничего не подходит. Попробуйте более длинный период или другие признаки.',
      all_hidden:
        'Все ячейки этой таблицы скрыты, потому что значения малы. Попробуйте более длинный период, меньше признаков или более крупные (страну вместо команды, квартал вместо месяца).',
      hidden_label: 'Скрыто',
      hidden_reason:
        'Скрыто: меньше %{k} человек, или скрыто, чтобы другое скрытое значение нельзя было вычислить из итога',
      hidden_note:
        'Скрыто %{smart_count} значение: либо меньше %{k} человек, либо скрыто, чтобы малое значение нельзя было вычислить из показанного итога. |||| Скрыто %{smart_count} значения: каждое либо меньше %{k} человек, либо скрыто, чтобы малое значение нельзя было вычислить из показанного итога. |||| Скрыто %{smart_count} значений: каждое либо меньше %{k} человек, либо скрыто, чтобы малое значение нельзя было вычислить из показанного итога.',
      method_title: 'Метод и погрешность',
      method_note:
        'Значения искажены методом ключей ячеек (cell-key): каждое показанное значение отличается от истинного не более чем на ±%{max} (дисперсия %{variance}); одна и та же ячейка всегда показывает одно и то же число. Ячейки меньше %{k} скрыты.',
      method_other:
        'Значения защищены методом «%{method}»: каждое показанное значение отличается от истинного не более чем на ±%{max} (дисперсия %{variance}). Ячейки меньше %{k} скрыты.',
      rounded_note: 'Затем показанные значения округлены до %{base}.',
      rate_note:
        'Доля признания: статус беженца, дополнительная и гуманитарная защита среди этих решений и отказов, по искажённым значениям; показывается, только если оба значения показаны.',
      charts_title: 'Диаграммы',
      chart_by: 'По признаку «%{dimension}»',
      chart_crossed: '«%{first}» по признаку «%{second}»',
      chart_loading: 'Диаграмма загружается…',
      chart_empty: 'У этого признака нет значений для диаграммы.',
      chart_hidden:
        '%{smart_count} скрытое значение показано штриховкой, без числа. |||| %{smart_count} скрытых значения показаны штриховкой, без числа. |||| %{smart_count} скрытых значений показаны штриховкой, без числа.',
      chart_hidden_legend: 'Скрыто (штриховка, без числа)',
      withheld_notice: {
        title_aggregate: 'В этой выгрузке все значения были бы скрыты',
        title_microdata: 'В этой выгрузке все записи были бы исключены',
        why_aggregate:
          'Каждая ячейка этой таблицы была бы скрыта: в ней меньше %{k} человек, или она скрыта, чтобы малое значение нельзя было вычислить из итога. В файле не было бы ни одного числа.',
        why_microdata:
          'Ни одна группа записей не достигает %{k} хотя бы с двумя исходами, даже по годам: в файле не было бы ни одной записи.',
        try: 'Более общий выбор что-то покажет:',
        apply: 'Применить',
        download_anyway: 'Всё равно скачать',
        none_aggregate:
          'Ни более общий выбор признаков, ни период, ни k не покажут ни одного значения: записей слишком мало. Выберите другие признаки.',
        none_microdata:
          'Ни один более общий выбор не опубликует ни одной записи: записей слишком мало. Воспользуйтесь таблицей подсчётов.',
        would_show_cells: 'показано %{shown} из %{of} значений',
        would_show_rows: 'опубликовано %{shown} из %{of} записей',
        suggest: {
          fewer_dimensions: 'Меньше признаков: %{dimensions}',
          longer_period: 'Более длинный период: %{period}',
          lower_k: 'k = %{k}, наименьшее допустимое',
          aggregate_table: 'Таблица подсчётов по признаку «%{dimensions}» вместо записей',
        },
      },
      errors: {
        dimensions: 'Выберите от одного до трёх признаков',
        distinct: 'Каждый признак можно выбрать один раз',
        month: 'Введите месяц (ГГГГ-ММ)',
        period_by: 'Выберите месяц открытия или месяц решения',
        unit: 'Выберите дела или людей',
        range: 'Конец раньше начала',
        k: 'Целое число от 5 до 1000',
        round: 'Целое число от 1 до 1000',
      },
      microdata_title: 'Текущая выгрузка обезличенных записей',
      microdata_help:
        'По одной строке на дело, без имени, номера, даты рождения, контактов и свободного текста: возраст группой, даты месяцем (или кварталом, или годом, если месяцев мало). Каждое сочетание возрастной группы, пола, гражданства, страны, типа дела и периода встречается не менее чем в k записях и не менее чем с двумя разными основаниями и исходами; выделяющиеся записи огрубляются или не выдаются.',
      microdata_steer:
        'Для всего, что публикуется или передаётся, скачивайте выпуск: выпуск неизменен после создания, а текущая выгрузка следует сегодняшним данным, и две выгрузки, сделанные в разные дни, можно сравнить.',
      go_to_releases: 'К выпускам',
      format: 'Формат',
      download_microdata: 'Скачать записи',
      microdata_rows:
        'Скачана %{smart_count} запись. |||| Скачано %{smart_count} записи. |||| Скачано %{smart_count} записей.',
      period: 'Даты указаны с точностью до',
      periods: { month: 'месяца', quarter: 'квартала', year: 'года' },
      withheld: 'Не выдано записей',
      microdata_csv_note: 'Выгрузка в JSON также сообщает k, период и число невыданных записей.',
      releases: {
        title: 'Выпуски микроданных',
        intro:
          'Обезличенные записи одного завершившегося квартала, неизменные после создания: каждое скачивание выпуска даёт один и тот же файл, поэтому публиковать следует выпуски.',
        quarter: 'Квартал',
        k: 'k',
        rows: 'Записей',
        created: 'Создан',
        download: 'Скачать',
        download_csv: 'Скачать %{quarter} в CSV',
        download_json: 'Скачать %{quarter} в JSON',
        loading: 'Выпуски загружаются…',
        load_failed: 'Не удалось загрузить выпуски: %{error}',
        retry: 'Повторить',
        empty: 'Выпусков пока нет.',
        empty_viewer: 'Выпусков пока нет. Их создают аналитики и администраторы.',
        create_title: 'Создать выпуск',
        create_help:
          'Выпустить можно только завершившийся квартал. Выпуск нельзя изменить или создать заново.',
        quarter_option: '%{quarter} (%{months})',
        quarter_released: 'выпущен, k = %{ks}',
        quarter_released_help:
          'У этого квартала уже есть выпуск с k = %{k}; Haven откажет в повторном.',
        create: 'Создать выпуск',
        creating: 'Создание…',
        created_note:
          'Выпуск %{quarter} создан: %{smart_count} запись. |||| Выпуск %{quarter} создан: %{smart_count} записи. |||| Выпуск %{quarter} создан: %{smart_count} записей.',
        exists:
          'Выпуск за %{quarter} с k = %{k} уже существует. Выпуски неизменны после создания: скачайте его из списка.',
        viewer_note: 'Выпуски создают аналитики и администраторы.',
      },
    },
  },
};
