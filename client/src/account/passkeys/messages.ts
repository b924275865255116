/**
 * The passkeys feature's strings, merged into i18n/en.ts and i18n/ru.ts. Both trees have exactly
 * the same keys (i18n/messages.test.ts checks it).
 */
export const en = {
  haven: {
    passkeys: {
      title: 'Passkeys',
      intro:
        "Sign in with your device's fingerprint, face or screen lock, or with a security key, instead of a code. A passkey works only on Haven's own address, so a fake sign-in page cannot use it.",
      none: 'You have no passkeys yet.',
      add: 'Add a passkey',
      add_title: 'Add a passkey',
      add_intro:
        'Give it a name you will recognise, such as "Work laptop" or "Blue security key". Your browser then asks you to confirm with your device.',
      add_continue: 'Continue',
      name: 'Name',
      name_help: 'Up to 100 characters',
      name_too_long: 'At most %{max} characters',
      added: 'Added %{date}',
      last_used: 'last used %{date}',
      never_used: 'not used yet',
      rename: 'Rename',
      rename_named: 'Rename %{name}',
      rename_title: 'Rename passkey',
      remove: 'Remove',
      remove_named: 'Remove %{name}',
      remove_title: 'Remove passkey?',
      remove_confirm:
        'You will no longer be able to sign in with "%{name}". Remove it from your device too, in its passkey settings.',
      added_notice: 'Passkey "%{name}" added',
      renamed_notice: 'Passkey renamed',
      removed_notice: 'Passkey removed',
      cancelled: 'The passkey prompt was closed or timed out. Try again.',
      already_registered: 'This device already holds one of your passkeys.',
      wrong_address:
        'Passkeys work only at the address Haven is configured for. Open Haven at that address, or ask your administrator.',
      unsupported: 'This browser does not support passkeys.',
      last_factor:
        'Your role must have a second factor. Add another passkey or an authenticator app before removing this one.',
      sign_in: 'Use a passkey',
      sign_in_failed: 'That passkey could not be verified. Try again, or use a code.',
    },
  },
};

export const ru: typeof en = {
  haven: {
    passkeys: {
      title: 'Ключи доступа',
      intro:
        'Входите по отпечатку пальца, лицу или блокировке экрана своего устройства либо с аппаратным ключом — вместо кода. Ключ доступа работает только на собственном адресе Haven, поэтому поддельная страница входа не сможет им воспользоваться.',
      none: 'У вас пока нет ключей доступа.',
      add: 'Добавить ключ доступа',
      add_title: 'Добавить ключ доступа',
      add_intro:
        'Дайте ему понятное вам название, например «Рабочий ноутбук» или «Синий ключ». Затем браузер попросит подтвердить действие на устройстве.',
      add_continue: 'Продолжить',
      name: 'Название',
      name_help: 'До 100 символов',
      name_too_long: 'Не более %{max} символов',
      added: 'Добавлен %{date}',
      last_used: 'последний вход %{date}',
      never_used: 'ещё не использовался',
      rename: 'Переименовать',
      rename_named: 'Переименовать %{name}',
      rename_title: 'Переименовать ключ доступа',
      remove: 'Удалить',
      remove_named: 'Удалить %{name}',
      remove_title: 'Удалить ключ доступа?',
      remove_confirm:
        'Вы больше не сможете входить с ключом «%{name}». Удалите его и с устройства, в настройках ключей доступа.',
      added_notice: 'Ключ доступа «%{name}» добавлен',
      renamed_notice: 'Ключ доступа переименован',
      removed_notice: 'Ключ доступа удалён',
      cancelled: 'Окно ключа доступа закрыто или время ожидания истекло. Попробуйте ещё раз.',
      already_registered: 'На этом устройстве уже есть один из ваших ключей доступа.',
      wrong_address:
        'Ключи доступа работают только по адресу, указанному в настройках Haven. Откройте Haven по этому адресу или обратитесь к администратору.',
      unsupported: 'Этот браузер не поддерживает ключи доступа.',
      last_factor:
        'Для вашей роли обязателен второй фактор. Прежде чем удалить этот ключ, добавьте другой ключ доступа или приложение-аутентификатор.',
      sign_in: 'Войти с ключом доступа',
      sign_in_failed: 'Не удалось проверить ключ доступа. Попробуйте ещё раз или введите код.',
    },
  },
};
