/**
 * The reassign dialog's load table, merged into i18n/en.ts and i18n/ru.ts. Both trees have exactly
 * the same keys.
 */
export const en = {
  haven: {
    cases: {
      reassign_load: {
        title: 'Each colleague’s load',
        colleague: 'Colleague',
        open_cases: 'Open cases',
        open_tasks: 'Open tasks',
        overdue: 'Overdue',
        overdue_detail: 'Overdue: %{deadlines} deadlines, %{tasks} tasks',
        option: '%{name} — cases: %{cases}, tasks: %{tasks}, overdue: %{overdue}',
        unavailable: 'The team’s load could not be read; you can still reassign.',
      },
    },
  },
};

export const ru: typeof en = {
  haven: {
    cases: {
      reassign_load: {
        title: 'Нагрузка каждого коллеги',
        colleague: 'Коллега',
        open_cases: 'Открытые дела',
        open_tasks: 'Открытые задачи',
        overdue: 'Просрочено',
        overdue_detail: 'Просрочено: сроков — %{deadlines}, задач — %{tasks}',
        option: '%{name} — дел: %{cases}, задач: %{tasks}, просрочено: %{overdue}',
        unavailable: 'Не удалось получить нагрузку команды; переназначить всё равно можно.',
      },
    },
  },
};
