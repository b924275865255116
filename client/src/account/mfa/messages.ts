/**
 * Second factors' strings (sign-in's second step, authenticator app, recovery codes, first-sign-in
 * screens, the demo banner), merged into i18n/en.ts and i18n/ru.ts. Both trees have exactly the same
 * keys (i18n/messages.test.ts checks it).
 */
export const en = {
  haven: {
    mfa: {
      second_step_title: 'Second step',
      second_step_intro: 'Enter the 6-digit code your authenticator app shows for Haven.',
      recovery_intro: 'Enter one of your recovery codes. Each works once.',
      code: 'Code',
      recovery_code: 'Recovery code',
      verify: 'Continue',
      use_recovery: 'Use a recovery code instead',
      use_app: 'Use the authenticator app instead',
      back: 'Back to email and password',
      wrong_code:
        'Wrong code. Check that the time on your phone is right and use the current code.',
      challenge_expired: 'This sign-in has expired. Enter your email and password again.',
      too_many:
        'Too many wrong codes for this account. Try again in %{smart_count} minute. |||| Too many wrong codes for this account. Try again in %{smart_count} minutes.',
      section_title: 'Second factors',
      section_intro:
        'A second factor keeps your account closed to someone who learns your password. Haven asks for it after the password.',
      required_note: 'Your role must keep at least one second factor.',
      totp_title: 'Authenticator app',
      totp_on: 'Set up',
      totp_off: 'Not set up',
      totp_add: 'Set up an authenticator app',
      totp_remove: 'Remove',
      totp_removed: 'The authenticator app was removed.',
      remove_title: 'Remove the authenticator app',
      remove_intro:
        'Confirm with your password and a current code from the app (or a recovery code).',
      password: 'Password',
      passkeys_count: 'Passkeys: %{smart_count}',
      recovery_left: 'Recovery codes left: %{smart_count}',
      recovery_low:
        'You are running out of recovery codes. Remove the authenticator app and set it up again to get new ones.',
      load_failed: 'Your second factors could not be loaded.',
      enrol_title: 'Set up an authenticator app',
      enrol_step_scan:
        'Scan this code with an authenticator app (such as Aegis, FreeOTP, Google Authenticator or 1Password).',
      enrol_step_secret: 'Or type this key into the app:',
      enrol_step_confirm: 'Then enter the 6-digit code the app shows:',
      enrol_confirm: 'Confirm',
      enrol_cancel: 'Cancel',
      enrol_failed: 'The authenticator app could not be set up.',
      qr_alt: 'QR code for the authenticator app',
      codes_title: 'Your recovery codes',
      codes_intro:
        'Each code signs you in once if you lose your phone. Keep them somewhere safe, away from your phone: they are shown only now.',
      codes_download: 'Download',
      codes_saved: 'I have saved them',
      codes_file_heading: 'Haven recovery codes for %{email}. Each works once.',
      first_sign_in_title: 'Before you start',
      password_change_intro: 'An administrator set your password. Choose your own to continue.',
      password_change_submit: 'Set my password',
      enrolment_intro: 'Your role must use a second factor. Set one up to continue.',
      demo_banner: 'Second factors are not enforced in demo mode.',
      reset: 'Reset second factors',
      reset_title: 'Reset second factors?',
      reset_body:
        "This removes the user's authenticator app, passkeys and recovery codes and signs them out everywhere. Do it only when you have checked who is asking.",
      reset_done: 'Second factors reset; the user was signed out.',
    },
    audit: {
      actions: {
        auth: {
          mfa_challenge: 'Password accepted, second factor asked',
          mfa_failed: 'Wrong second factor',
          mfa_enrolled: 'Second factor set up',
          mfa_removed: 'Second factor removed',
          mfa_reset: 'Second factors reset',
        },
      },
    },
  },
};

export const ru: typeof en = {
  haven: {
    mfa: {
      second_step_title: 'Второй шаг',
      second_step_intro:
        'Введите 6-значный код, который приложение-аутентификатор показывает для Haven.',
      recovery_intro: 'Введите один из резервных кодов. Каждый действует один раз.',
      code: 'Код',
      recovery_code: 'Резервный код',
      verify: 'Продолжить',
      use_recovery: 'Войти с резервным кодом',
      use_app: 'Войти с кодом из приложения',
      back: 'Назад к почте и паролю',
      wrong_code: 'Неверный код. Проверьте время на телефоне и введите текущий код.',
      challenge_expired: 'Время входа истекло. Введите почту и пароль ещё раз.',
      too_many:
        'Слишком много неверных кодов для этой учётной записи. Повторите через %{smart_count} минуту. |||| Слишком много неверных кодов для этой учётной записи. Повторите через %{smart_count} минуты. |||| Слишком много неверных кодов для этой учётной записи. Повторите через %{smart_count} минут.',
      section_title: 'Второй фактор',
      section_intro:
        'Второй фактор не пустит в вашу учётную запись того, кто узнал ваш пароль. Haven спрашивает его после пароля.',
      required_note: 'Для вашей роли нужен хотя бы один второй фактор.',
      totp_title: 'Приложение-аутентификатор',
      totp_on: 'Настроено',
      totp_off: 'Не настроено',
      totp_add: 'Настроить приложение-аутентификатор',
      totp_remove: 'Удалить',
      totp_removed: 'Приложение-аутентификатор удалено.',
      remove_title: 'Удалить приложение-аутентификатор',
      remove_intro: 'Подтвердите паролем и текущим кодом из приложения (или резервным кодом).',
      password: 'Пароль',
      passkeys_count: 'Ключи доступа: %{smart_count}',
      recovery_left: 'Осталось резервных кодов: %{smart_count}',
      recovery_low:
        'Резервные коды заканчиваются. Удалите приложение-аутентификатор и настройте его заново, чтобы получить новые.',
      load_failed: 'Не удалось загрузить ваши вторые факторы.',
      enrol_title: 'Настройка приложения-аутентификатора',
      enrol_step_scan:
        'Отсканируйте этот код приложением-аутентификатором (например, Aegis, FreeOTP, Google Authenticator или 1Password).',
      enrol_step_secret: 'Или введите в приложение этот ключ:',
      enrol_step_confirm: 'Затем введите 6-значный код, который покажет приложение:',
      enrol_confirm: 'Подтвердить',
      enrol_cancel: 'Отмена',
      enrol_failed: 'Не удалось настроить приложение-аутентификатор.',
      qr_alt: 'QR-код для приложения-аутентификатора',
      codes_title: 'Ваши резервные коды',
      codes_intro:
        'Каждый код один раз впустит вас, если вы потеряете телефон. Храните их в надёжном месте, не на телефоне: они показываются только сейчас.',
      codes_download: 'Скачать',
      codes_saved: 'Я их сохранил(а)',
      codes_file_heading: 'Резервные коды Haven для %{email}. Каждый действует один раз.',
      first_sign_in_title: 'Прежде чем начать',
      password_change_intro: 'Ваш пароль задал администратор. Чтобы продолжить, придумайте свой.',
      password_change_submit: 'Сохранить мой пароль',
      enrolment_intro: 'Для вашей роли нужен второй фактор. Чтобы продолжить, настройте его.',
      demo_banner: 'В демо-режиме второй фактор не обязателен.',
      reset: 'Сбросить вторые факторы',
      reset_title: 'Сбросить вторые факторы?',
      reset_body:
        'Будут удалены приложение-аутентификатор, ключи доступа и резервные коды пользователя, а все его сеансы завершатся. Делайте это, только проверив, кто просит.',
      reset_done: 'Вторые факторы сброшены, пользователь вышел из всех сеансов.',
    },
    audit: {
      actions: {
        auth: {
          mfa_challenge: 'Пароль принят, запрошен второй фактор',
          mfa_failed: 'Неверный второй фактор',
          mfa_enrolled: 'Второй фактор настроен',
          mfa_removed: 'Второй фактор удалён',
          mfa_reset: 'Вторые факторы сброшены',
        },
      },
    },
  },
};
