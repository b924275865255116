/**
 * The Account page's strings (password change, "Where you're signed in"), merged into i18n/en.ts and
 * i18n/ru.ts. Both trees have exactly the same keys (i18n/messages.test.ts checks it).
 */
export const en = {
  haven: {
    account: {
      menu: 'Account',
      title: 'Account',
      change_password: 'Change password',
      current_password: 'Current password',
      new_password: 'New password',
      new_password_help:
        'At least %{min} characters. A few unrelated words make a strong password that is easy to remember.',
      repeat_password: 'New password again',
      password_changed: 'Password changed. You have been signed out everywhere else.',
      problems: {
        required: 'Required',
        mismatch: 'The two new passwords differ',
        too_short: 'At least %{min} characters',
        is_email: 'Must not be your email address',
        contains_email: 'Must not contain your email address',
        common: 'Too common or too easy to guess. Try a longer phrase of unrelated words.',
        unchanged: 'Must differ from your current password',
        wrong_current: 'This is not your current password',
      },
      sessions_title: "Where you're signed in",
      sessions_intro: 'Sign out any session you do not recognise, then change your password.',
      sessions_failed: 'The list of sessions could not be loaded.',
      this_device: 'This device',
      browser_on: '%{browser} on %{system}',
      unknown_browser: 'Unknown browser',
      unknown_address: 'unknown address',
      session_details: 'From %{ip} · signed in %{created} · last active %{seen}',
      revoke: 'Sign out',
      revoke_named: 'Sign out %{name}',
      // Starts with the button's visible text (sign_out_here): WCAG 2.5.3.
      revoke_this: 'Sign out here, on this device',
      sign_out_here: 'Sign out here',
      revoke_title: 'Sign out this session?',
      revoke_confirm: 'The session on %{name} ends at once; whoever uses it must sign in again.',
      revoke_this_title: 'Sign out on this device?',
      revoke_this_confirm: 'You will be signed out here and taken to the sign-in page.',
      revoked: 'Session signed out',
    },
  },
};

export const ru: typeof en = {
  haven: {
    account: {
      menu: 'Учётная запись',
      title: 'Учётная запись',
      change_password: 'Сменить пароль',
      current_password: 'Текущий пароль',
      new_password: 'Новый пароль',
      new_password_help:
        'Не короче %{min} символов. Несколько не связанных между собой слов — надёжный пароль, который легко запомнить.',
      repeat_password: 'Новый пароль ещё раз',
      password_changed: 'Пароль изменён. На всех других устройствах выполнен выход.',
      problems: {
        required: 'Обязательное поле',
        mismatch: 'Новые пароли не совпадают',
        too_short: 'Не короче %{min} символов',
        is_email: 'Пароль не должен совпадать с адресом электронной почты',
        contains_email: 'Пароль не должен содержать адрес электронной почты',
        common:
          'Слишком распространённый или простой пароль. Возьмите фразу подлиннее из не связанных между собой слов.',
        unchanged: 'Новый пароль должен отличаться от текущего',
        wrong_current: 'Это не ваш текущий пароль',
      },
      sessions_title: 'Где выполнен вход',
      sessions_intro: 'Завершите сеансы, которых вы не узнаёте, а затем смените пароль.',
      sessions_failed: 'Не удалось загрузить список сеансов.',
      this_device: 'Это устройство',
      browser_on: '%{browser}, %{system}',
      unknown_browser: 'Неизвестный браузер',
      unknown_address: 'адрес неизвестен',
      session_details: 'Адрес %{ip} · вход %{created} · последняя активность %{seen}',
      revoke: 'Завершить',
      revoke_named: 'Завершить сеанс: %{name}',
      revoke_this: 'Выйти здесь, на этом устройстве',
      sign_out_here: 'Выйти здесь',
      revoke_title: 'Завершить этот сеанс?',
      revoke_confirm:
        'Сеанс (%{name}) завершится сразу; тому, кто им пользуется, придётся войти снова.',
      revoke_this_title: 'Выйти на этом устройстве?',
      revoke_this_confirm: 'Вы выйдете здесь и попадёте на страницу входа.',
      revoked: 'Сеанс завершён',
    },
  },
};
