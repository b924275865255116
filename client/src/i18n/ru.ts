import russianMessages from 'ra-language-russian';
import { mergeMessages } from './merge';

/**
 * Russian: react-admin's community messages, the keys that pack lags behind, and Haven's.
 * Same keys as `en.ts` (checked by a unit test). Plurals have three forms (1, 2–4, 5+).
 */
export const ru = mergeMessages(russianMessages, {
  ra: {
    // Keys ra-language-english has and ra-language-russian 5.4 lacks.
    guesser: {
      empty: {
        title: 'Нет данных для отображения',
        message: 'Проверьте провайдер данных',
      },
    },
  },
  haven: {
    app: { title: 'Haven' },
    menu: {
      dashboard: 'Главная',
      users: 'Пользователи',
      teams: 'Команды',
      audit: 'Журнал аудита',
    },
    auth: {
      email: 'Электронная почта',
      wrong_credentials: 'Неверный адрес электронной почты или пароль',
      too_many_attempts:
        'Слишком много неудачных попыток, повторите через %{smart_count} минуту |||| Слишком много неудачных попыток, повторите через %{smart_count} минуты |||| Слишком много неудачных попыток, повторите через %{smart_count} минут',
      too_many_attempts_later: 'Слишком много неудачных попыток, повторите позже',
      session_ended: 'Ваш сеанс завершён, войдите снова',
    },
    errors: {
      network: 'Нет связи с Haven. Проверьте подключение и повторите попытку.',
      forbidden: 'Ваша роль не позволяет это сделать.',
      conflict: 'Кто-то другой изменил эту запись; обновите страницу, чтобы увидеть изменения',
      too_large: 'Слишком большой объём данных для отправки.',
      throttled: 'Слишком много запросов; подождите немного и повторите.',
      server:
        'На сервере произошла ошибка. Повторите попытку; если ошибка повторяется, сообщите администратору.',
      delete_not_supported:
        'Записи нельзя удалять. Чтобы запретить вход, деактивируйте учётную запись.',
    },
    roles: {
      admin: 'Администратор',
      supervisor: 'Руководитель',
      caseworker: 'Специалист по делам',
      analyst: 'Аналитик',
    },
    locales: {
      en: 'English',
      ru: 'Русский',
    },
    validation: {
      password_min: 'Не менее %{min} символов',
      country: 'Выберите страну',
      team_required: 'Руководитель и специалист по делам должны входить в команду',
      own_admin_role: 'Нельзя снять с себя роль администратора',
      own_account_active: 'Нельзя деактивировать собственную учётную запись',
    },
    users: {
      new_password: 'Задать новый пароль',
      password_help_create: 'Не менее %{min} символов. Пользователь сможет сменить его позже.',
      password_help_edit: 'Оставьте пустым, чтобы сохранить текущий пароль.',
      no_team: 'Без команды',
      active_help: 'Деактивация учётной записи сразу завершает все сеансы пользователя.',
    },
    teams: {
      country_help: 'Страна, с процедурами которой работает команда',
    },
    audit: {
      verify: 'Проверить цепочку',
      verify_title: 'Проверка журнала аудита',
      verify_ok:
        'Журнал аудита не изменён: проверено %{smart_count} событие. |||| Журнал аудита не изменён: проверено %{smart_count} события. |||| Журнал аудита не изменён: проверено %{smart_count} событий.',
      verify_broken:
        'Журнал аудита изменён на событии №%{seq}: %{reason}. Проверено событий: %{checked}.',
      verify_failed: 'Проверку не удалось выполнить.',
      reasons: {
        hash_mismatch: 'содержимое не совпадает с хешем',
        broken_link: 'событие не связано с предыдущим',
      },
      system: 'Система',
      actions: {
        auth: {
          login: 'Вход',
          login_failed: 'Неудачный вход',
          logout: 'Выход',
        },
        create: 'Создание',
        read: 'Просмотр',
        update: 'Изменение',
        delete: 'Удаление',
        reassign: 'Передача',
        export: 'Экспорт',
        verify: 'Проверка',
      },
    },
    dashboard: {
      welcome: 'Добро пожаловать, %{name}',
      role: 'Роль',
      team: 'Команда',
      no_team: 'Без команды',
      empty: 'Панели появятся вместе с работой по делам: здесь будут ваши дела, сроки и задачи.',
    },
  },
  resources: {
    users: {
      name: 'Пользователь |||| Пользователи',
      fields: {
        email: 'Электронная почта',
        fullName: 'Полное имя',
        role: 'Роль',
        teamId: 'Команда',
        active: 'Активен',
        locale: 'Язык',
        password: 'Пароль',
        createdAt: 'Создан',
        updatedAt: 'Изменён',
        q: 'Поиск',
      },
    },
    teams: {
      name: 'Команда |||| Команды',
      fields: {
        name: 'Название',
        country: 'Страна',
        createdAt: 'Создана',
        updatedAt: 'Изменена',
        q: 'Поиск',
      },
    },
    'audit-events': {
      name: 'Событие аудита |||| Журнал аудита',
      fields: {
        seq: '№',
        at: 'Время',
        actorId: 'Пользователь',
        action: 'Действие',
        entityType: 'Тип записи',
        entityId: 'Запись',
        ip: 'IP-адрес',
        summary: 'Описание',
        at_gte: 'С',
        at_lte: 'По',
        q: 'Поиск',
      },
    },
  },
});
