import type { ErrorCode } from '@haven/shared';

/**
 * The server's error codes in the reader's language, merged into i18n/en.ts and i18n/ru.ts under
 * `haven.errors.codes`. Every code of the shared catalogue has a text in both (the types and
 * serverErrors.test.ts check it). Texts may use `%{field}`, `%{message}` (the server's English
 * text) and the code's own args.
 *
 * The generic `invalid` and `conflict` codes are the fallback for a refusal that has no code of its
 * own (a framework's 400 or 409): the server's English text is the detail, shown as it is in English
 * and after a Russian sentence in Russian.
 */
const EN: Record<ErrorCode, string> = {
  invalid: '%{message}',
  required: '“%{field}” is required.',
  unauthorized: 'Please sign in again.',
  forbidden: 'Your role does not allow this.',
  not_found: 'This record does not exist or you may not see it.',
  conflict: '%{message}',
  too_large: 'This is too large to send.',
  unsupported_media_type: 'Haven cannot read what was sent.',
  rate_limited: 'Too many requests; wait %{seconds} seconds and try again.',
  internal:
    'Something went wrong on the server. If it keeps happening, tell your administrator the request id %{requestId}.',
  'request.invalid_json': 'What was sent is not valid JSON.',
  'request.unreadable': 'What was sent could not be read.',
  'version.stale': 'Someone else changed this record; reload to see their changes',
  'validation.unknown_field': '“%{field}” is not a field Haven knows.',
  'validation.required': 'Required',
  'validation.string': 'Must be text',
  'validation.too_short': 'At least %{min} characters',
  'validation.too_long': 'At most %{max} characters',
  'validation.too_few': 'Choose at least %{min}',
  'validation.too_many': 'At most %{max}',
  'validation.one_of': 'Choose one of the offered values',
  'validation.email': 'Enter an email address',
  'validation.uuid': 'Not a valid reference to a record',
  'validation.date': 'Enter a real date (YYYY-MM-DD)',
  'validation.integer': 'Enter a whole number',
  'validation.number': 'Enter a number',
  'validation.too_small': 'At least %{min}',
  'validation.too_large': 'At most %{max}',
  'validation.boolean': 'Must be yes or no',
  'validation.array': 'Must be a list',
  'validation.object': 'Must be a group of fields',
  'validation.format': 'Not in the expected format',
  'validation.invalid': 'This value is not valid',
  'database.unavailable':
    'Haven cannot reach its database right now; nothing was saved. Try again in a few seconds.',
  'database.busy':
    'Someone else was saving a change to the same records at that moment; nothing was saved. Try again.',
  'database.duplicate': 'A record with this value exists already.',
  'database.missing_reference': 'This refers to a record that does not exist.',
  'database.required': '“%{field}” is required.',
  'database.invalid_value': 'A value has the wrong format or is out of range.',
  'database.check_violation':
    'This value of “%{field}” is not allowed (for example, a value listed twice).',
  'record.not_found': 'This record does not exist or you may not see it.',
  'audit_event.not_found': 'This audit event does not exist or you may not see it.',
  'calendar.not_found': 'This calendar link is no longer valid.',
  'case.not_found': 'This case does not exist or you may not see it.',
  'client.not_found': 'This client does not exist or you may not see them.',
  'deadline.not_found': 'This deadline does not exist or you may not see it.',
  'deadline_rule.not_found': 'This deadline rule does not exist.',
  'merge.not_found': 'This merge does not exist or you may not see it.',
  'document.not_found': 'This document does not exist or you may not see it.',
  'document.too_large': 'The file is larger than %{maxMb} MB.',
  'document.type_not_allowed':
    'Haven keeps PDF, JPEG, PNG, HEIC, WebP, DOCX, ODT, plain text, OGG/Opus, M4A and MP3 files; this file is none of them (its content was checked, not its name).',
  'document.empty': 'The file is empty.',
  'document.corrupt': 'The file is damaged or incomplete and cannot be read.',
  'document.no_file': 'Choose a file to upload.',
  'document.one_file': 'Send one file per upload.',
  'document.withdrawn': 'This document has been withdrawn.',
  'client.legal_hold':
    'A case of this client is under a legal hold: the client cannot be anonymised until it is cleared.',
  'client.anonymised':
    'This client’s personal data were erased: nothing more can be recorded about them.',
  'retention.not_due':
    'Some cases are no longer due for retention (%{ids}); nothing was applied. Reload the dry run.',
  'retention.policy_duplicate': 'Two policies cover the same jurisdiction and case type.',
  'retention.unknown_jurisdiction': '“%{field}” is not a known country code.',
  'note.not_found': 'This note does not exist or you may not see it.',
  'passkey.not_found': 'This passkey does not exist.',
  'session.not_found': 'This session does not exist or has ended.',
  'task.not_found': 'This task does not exist or you may not see it.',
  'team.not_found': 'This team does not exist or you may not see it.',
  'user.not_found': 'This user does not exist or you may not see them.',
  'auth.invalid_credentials': 'Wrong email or password',
  'auth.session_ended': 'Your session has ended, please sign in again',
  'auth.no_session': 'Your session has ended, please sign in again',
  'auth.too_many_attempts': 'Too many failed attempts, try again in %{seconds} seconds',
  'auth.wrong_code': 'Wrong code. Check it and try again.',
  'auth.challenge_expired': 'This sign-in has expired; enter your password again.',
  'auth.no_passkey': 'This account has no passkey; use a code.',
  'auth.restricted': 'Finish securing your account first (a new password or a second factor).',
  'auth.route_unavailable': 'This is not available.',
  'auth.role_forbidden': 'Your role does not allow this.',
  'password.too_short': 'The password is too short.',
  'password.is_email': 'The password must not be the email address.',
  'password.contains_email': 'The password must not contain the email address.',
  'password.common': 'This password is too common or too easy to guess; use a longer passphrase.',
  'password.unchanged': 'The new password must differ from the current one.',
  'password.wrong_current': 'This is not the current password.',
  'mfa.too_many_codes': 'Too many wrong codes; try again in %{seconds} seconds.',
  'mfa.code_invalid': 'Wrong code. Check the time on your phone and try the current code.',
  'mfa.password_wrong': 'Wrong password.',
  'mfa.totp_exists': 'An authenticator app is set up already; remove it first.',
  'mfa.totp_not_pending': 'No authenticator app is being set up; start again.',
  'mfa.totp_confirmed': 'The authenticator app is confirmed already.',
  'mfa.totp_missing': 'No authenticator app is set up.',
  'mfa.last_factor':
    'Your role must keep a second factor: add a passkey before removing the authenticator app.',
  'passkey.limit': 'An account may hold at most %{max} passkeys; remove one first.',
  'passkey.already_registered': 'This passkey is registered already.',
  'passkey.last_factor':
    'Your role must keep a second factor: add another passkey or an authenticator app before removing this one.',
  'case.analyst_cannot_open': 'Analysts do not open cases.',
  'case.move_admin_only': 'Only an administrator moves a case to another team.',
  'case.reassign_forbidden': 'Only a supervisor of the team or an administrator reassigns a case.',
  'task.review_queue_forbidden': 'The review queue is for supervisors and administrators.',
  'task.action_forbidden': 'You may not do this with this task.',
  'task.transition_impossible': 'Not possible while the task is in this state.',
  'task.already_assigned': 'The task is already assigned.',
  'task.undo_forbidden': 'Only the person who approved the task may undo the approval.',
  'task.self_approval':
    'A note’s review is approved by someone other than the one who wrote it or asked for the review.',
  'task.undo_expired': 'Too late to undo: an approval may be undone within %{minutes} minutes.',
  'task.undo_superseded':
    'A newer review of this note has been requested since: review that one instead.',
  'duplicates.rate_limited': 'Too many duplicate checks; wait a minute and try again.',
  'merge.forbidden': 'Only supervisors and administrators merge clients.',
  'merge.undo_forbidden': 'Only supervisors and administrators undo merges.',
  'merge.list_forbidden': 'Only supervisors and administrators see merges.',
  'merge.already_merged': 'One of the clients was merged already.',
  'merge.already_undone': 'This merge was undone already.',
  'merge.undo_expired': 'A merge can be undone for %{days} days only.',
  'validation.not_empty': 'Cannot be empty',
  'query.once': '“%{field}” may be given only once.',
  'query.plain': '“%{field}” must be one plain value.',
  'query.whole_number': '“%{field}” must be a whole number from %{min} to %{max}.',
  'query.too_long': '“%{field}” takes one value of at most %{max} characters.',
  'query.uuid': '“%{field}” must be a reference to one record (a UUID).',
  'query.one_of': '“%{field}” must be one of: %{allowed}.',
  'query.date': '“%{field}” must be a real date (YYYY-MM-DD).',
  'query.instant': '“%{field}” must be a date or an ISO 8601 moment, from year 1.',
  'query.number': '“%{field}” must be a number.',
  'query.boolean': '“%{field}” must be true or false.',
  'query.unknown_parameter': '“%{field}” is not a parameter here; allowed: %{allowed}.',
  'request.nul_character': 'A text contains a NUL character, which Haven cannot store.',
  'merge.same_client': 'A client cannot be merged with themselves; choose another client.',
  'list.unknown_filter': 'This list cannot be filtered by “%{field}”; it can by: %{allowed}.',
  'list.sort_unknown': 'This list cannot be sorted by “%{sort}”; it can by: %{allowed}.',
  'list.order': 'The order must be one of: %{allowed}.',
  'list.not_searchable': 'This list cannot be searched.',
  'auth.refresh_header': 'This request must come from the Haven app; reload the page.',
  'passkey.name_required': 'Give the passkey a name.',
  'passkey.name_length': 'A passkey’s name is %{min} to %{max} characters long.',
  'passkey.name_control_characters': 'A passkey’s name must not contain control characters.',
  'passkey.response_required': 'The browser sent no passkey; try again.',
  'passkey.registration_expired':
    'This passkey registration has expired or was used already; start again.',
  'passkey.not_verified': 'The passkey could not be verified.',
  'case.assignee_not_member': 'The assignee must be an active caseworker of the case’s team.',
  'case.caseworker_assigns_self': 'A caseworker’s new case is assigned to them.',
  'case.own_team_only': 'Your new case belongs to your own team.',
  'case.team_required': 'Choose the team the new case belongs to.',
  'case.close_needs_outcome': 'Closing a case requires an outcome.',
  'case.stage_back_needs_reason': 'Going back to an earlier stage requires a reason.',
  'case.closed_keeps_outcome': 'A closed case keeps its outcome.',
  'caseload.team_required': 'Choose the team whose caseload to show.',
  'deadline.due_or_rule': 'Give either a due date, or a rule with a trigger date.',
  'deadline.trigger_required': 'A rule needs the trigger date it counts from.',
  'deadline.rule_unknown': 'There is no deadline rule “%{ruleId}”.',
  'deadline.required_without_rule': 'Required when no rule computes the deadline',
  'deadline.trigger_only_with_rule': 'A trigger date is given only with a rule.',
  'deadline.duplicate': 'This case already has this open deadline for the same trigger date.',
  'deadline.rule_not_in_force':
    'No version of the rule “%{ruleId}” was in force on %{day}: choose the rule of that time.',
  'deadline.rule_not_applicable':
    'The rule “%{ruleId}” does not apply to this person (nationality or procedure).',
  'deadline.not_suspendable':
    'Only a rule’s deadline whose period a request can suspend (the CNDA appeal) takes a suspension.',
  'deadline.suspension_outside_period': 'The suspending request must be made within the period.',
  'deadline.rule_already_open':
    'This case already has an open deadline from this rule: complete or waive it before adding it again.',
  'note.ground_not_on_case':
    'The case does not have this ground yet. Confirm that it should be added to the case’s grounds, or choose one of the case’s grounds.',
  'deadline.service_not_for_rule':
    'How the decision arrived only sets the date for rules that run from service of a decision.',
  'deadline.status_change_impossible':
    'A deadline that is no longer open cannot get another status; reopen it first.',
  'duplicates.name_or_phone': 'Give a name (Latin or original script), or a phone.',
  'stats.month': 'Statistics count whole months: give “%{field}” as a month (YYYY-MM).',
  'stats.period_reversed': 'The last month must not be before the first.',
  'stats.dimensions_required': 'Choose %{min} to %{max} dimensions of: %{allowed}.',
  'stats.dimensions_too_many': 'Choose at most %{max} dimensions.',
  'stats.dimension_unknown': 'There is no dimension “%{dimension}”; choose from: %{allowed}.',
  'stats.dimension_repeated': 'Choose each dimension once only.',
  'task.assignee_not_member':
    'The assignee must be an active caseworker or supervisor of the task’s team.',
  'task.team_of_case': 'A case’s task belongs to the case’s team.',
  'task.team_required': 'Choose the team of a task that belongs to no case.',
  'task.own_team_only': 'Your tasks belong to your team.',
  'task.caseworker_assignee': 'A caseworker’s task is assigned to them or to the team.',
  'task.assignee_required': 'Choose whom to assign the task to.',
  'task.return_comment_required': 'Say why the task is returned.',
  'task.action_unknown': 'Haven does not know the task action “%{action}”.',
  'team.unknown': 'There is no such team.',
  'team.name_taken': 'A team with this name exists already.',
  'user.no_team': 'Your account belongs to no team; ask an administrator to add you to one.',
  'user.team_required': 'An account with this role belongs to a team; choose one.',
  'user.email_taken': 'This email address is in use by another account.',
  'user.self_protected': 'You cannot deactivate your own account or give up your own admin role.',
  'audit.checkpoint_invalid':
    'This checkpoint was not signed by this Haven, so it cannot vouch for the audit trail.',
  'stats.release_forbidden': 'Only administrators and analysts can publish microdata releases.',
  'stats.quarter_not_ended':
    'A release covers an ended quarter only: %{quarter} has not ended yet (the last ended quarter is %{latest}).',
  'stats.release_exists':
    'A release of %{quarter} with k = %{k} already exists; download that one.',
  'stats_release.not_found': 'This statistics release does not exist.',
  'consent.not_given': 'Consent to this is not given, so it cannot be withdrawn.',
  'consent.out_of_order':
    'This date is before the latest entry for this consent (%{latest}); record events in order.',
  'data_request.not_found': 'This request does not exist or you may not see it.',
  'intake_draft.not_found': 'There is no saved intake draft (it may have expired).',
  'intake_draft.stale':
    'This intake draft was saved from another tab or window since; choose which one to keep.',
  'intake_draft.too_large': 'This intake draft is too large to save.',
  'intake.processing_basis_required':
    'Without the client’s consent to data processing, name the legal basis used instead.',
  'intake.processing_basis_with_consent':
    'The client consented to data processing: no other legal basis is needed.',
  'data_request.closed': 'This request is closed already; its outcome cannot change.',
};

const RU: Record<ErrorCode, string> = {
  invalid: 'Недопустимое значение (%{message})',
  required: 'Поле «%{field}» обязательно.',
  unauthorized: 'Войдите снова.',
  forbidden: 'Ваша роль этого не позволяет.',
  not_found: 'Запись не существует или недоступна вам.',
  conflict: 'Противоречит состоянию записи или другой записи (%{message})',
  too_large: 'Слишком большой объём для отправки.',
  unsupported_media_type: 'Haven не может прочитать отправленные данные.',
  rate_limited: 'Слишком много запросов; подождите %{seconds} с и повторите.',
  internal:
    'На сервере произошла ошибка. Если она повторяется, сообщите администратору номер запроса %{requestId}.',
  'request.invalid_json': 'Отправленные данные не являются корректным JSON.',
  'request.unreadable': 'Не удалось прочитать отправленные данные.',
  'version.stale': 'Кто-то другой изменил эту запись; обновите страницу, чтобы увидеть изменения',
  'validation.unknown_field': 'Haven не знает поля «%{field}».',
  'validation.required': 'Обязательное поле',
  'validation.string': 'Должно быть текстом',
  'validation.too_short': 'Не менее %{min} символов',
  'validation.too_long': 'Не более %{max} символов',
  'validation.too_few': 'Выберите не менее %{min}',
  'validation.too_many': 'Не более %{max}',
  'validation.one_of': 'Выберите одно из предложенных значений',
  'validation.email': 'Введите адрес электронной почты',
  'validation.uuid': 'Недействительная ссылка на запись',
  'validation.date': 'Введите существующую дату (ГГГГ-ММ-ДД)',
  'validation.integer': 'Введите целое число',
  'validation.number': 'Введите число',
  'validation.too_small': 'Не менее %{min}',
  'validation.too_large': 'Не более %{max}',
  'validation.boolean': 'Должно быть «да» или «нет»',
  'validation.array': 'Должно быть списком',
  'validation.object': 'Должно быть группой полей',
  'validation.format': 'Неверный формат',
  'validation.invalid': 'Недопустимое значение',
  'database.unavailable':
    'Haven сейчас не может связаться с базой данных; ничего не сохранено. Повторите через несколько секунд.',
  'database.busy':
    'В этот момент кто-то другой сохранял изменение тех же записей; ничего не сохранено. Повторите попытку.',
  'database.duplicate': 'Запись с таким значением уже существует.',
  'database.missing_reference': 'Ссылка на несуществующую запись.',
  'database.required': 'Поле «%{field}» обязательно.',
  'database.invalid_value': 'Значение имеет неверный формат или вне допустимого диапазона.',
  'database.check_violation':
    'Такое значение поля «%{field}» недопустимо (например, значение указано дважды).',
  'record.not_found': 'Запись не существует или недоступна вам.',
  'audit_event.not_found': 'Событие журнала не существует или недоступно вам.',
  'calendar.not_found': 'Эта ссылка на календарь больше не действует.',
  'case.not_found': 'Дело не существует или недоступно вам.',
  'client.not_found': 'Клиент не существует или недоступен вам.',
  'deadline.not_found': 'Срок не существует или недоступен вам.',
  'deadline_rule.not_found': 'Такого правила расчёта сроков нет.',
  'merge.not_found': 'Объединение не существует или недоступно вам.',
  'document.not_found': 'Документ не существует или недоступен вам.',
  'document.too_large': 'Файл больше %{maxMb} МБ.',
  'document.type_not_allowed':
    'Haven хранит файлы PDF, JPEG, PNG, HEIC, WebP, DOCX, ODT, простой текст, OGG/Opus, M4A и MP3; этот файл не относится ни к одному из них (проверено содержимое, а не имя).',
  'document.empty': 'Файл пуст.',
  'document.corrupt': 'Файл повреждён или неполон и не может быть прочитан.',
  'document.no_file': 'Выберите файл для загрузки.',
  'document.one_file': 'Отправляйте один файл за одну загрузку.',
  'document.withdrawn': 'Этот документ отозван.',
  'client.legal_hold':
    'Дело этого клиента находится под правовым удержанием: клиента нельзя анонимизировать, пока удержание не снято.',
  'client.anonymised':
    'Персональные данные этого клиента удалены: о нём больше ничего нельзя записать.',
  'retention.not_due':
    'Некоторые дела больше не подлежат удалению по сроку хранения (%{ids}); ничего не применено. Обновите пробный прогон.',
  'retention.policy_duplicate': 'Два правила относятся к одной и той же юрисдикции и типу дела.',
  'retention.unknown_jurisdiction': '«%{field}» — неизвестный код страны.',
  'note.not_found': 'Заметка не существует или недоступна вам.',
  'passkey.not_found': 'Такого ключа доступа нет.',
  'session.not_found': 'Сеанс не существует или уже завершён.',
  'task.not_found': 'Задача не существует или недоступна вам.',
  'team.not_found': 'Команда не существует или недоступна вам.',
  'user.not_found': 'Пользователь не существует или недоступен вам.',
  'auth.invalid_credentials': 'Неверный адрес электронной почты или пароль',
  'auth.session_ended': 'Ваш сеанс завершён, войдите снова',
  'auth.no_session': 'Ваш сеанс завершён, войдите снова',
  'auth.too_many_attempts': 'Слишком много неудачных попыток, повторите через %{seconds} с',
  'auth.wrong_code': 'Неверный код. Проверьте его и повторите.',
  'auth.challenge_expired': 'Время входа истекло; введите пароль снова.',
  'auth.no_passkey': 'У этой учётной записи нет ключа доступа; используйте код.',
  'auth.restricted': 'Сначала защитите учётную запись (новый пароль или второй фактор).',
  'auth.route_unavailable': 'Это недоступно.',
  'auth.role_forbidden': 'Ваша роль этого не позволяет.',
  'password.too_short': 'Пароль слишком короткий.',
  'password.is_email': 'Пароль не должен совпадать с адресом электронной почты.',
  'password.contains_email': 'Пароль не должен содержать адрес электронной почты.',
  'password.common':
    'Этот пароль слишком распространён или его легко угадать; используйте длинную фразу.',
  'password.unchanged': 'Новый пароль должен отличаться от текущего.',
  'password.wrong_current': 'Это не текущий пароль.',
  'mfa.too_many_codes': 'Слишком много неверных кодов; повторите через %{seconds} с.',
  'mfa.code_invalid': 'Неверный код. Проверьте время на телефоне и введите текущий код.',
  'mfa.password_wrong': 'Неверный пароль.',
  'mfa.totp_exists': 'Приложение-аутентификатор уже настроено; сначала удалите его.',
  'mfa.totp_not_pending': 'Приложение-аутентификатор не настраивается; начните заново.',
  'mfa.totp_confirmed': 'Приложение-аутентификатор уже подтверждено.',
  'mfa.totp_missing': 'Приложение-аутентификатор не настроено.',
  'mfa.last_factor':
    'Ваша роль требует второго фактора: добавьте ключ доступа, прежде чем удалять приложение-аутентификатор.',
  'passkey.limit':
    'У учётной записи может быть не более %{max} ключей доступа; сначала удалите один.',
  'passkey.already_registered': 'Этот ключ доступа уже зарегистрирован.',
  'passkey.last_factor':
    'Ваша роль требует второго фактора: добавьте другой ключ доступа или приложение-аутентификатор, прежде чем удалять этот.',
  'case.analyst_cannot_open': 'Аналитики не открывают дела.',
  'case.move_admin_only': 'Только администратор переводит дело в другую команду.',
  'case.reassign_forbidden': 'Только супервайзер команды или администратор переназначает дело.',
  'task.review_queue_forbidden': 'Очередь проверки — для супервайзеров и администраторов.',
  'task.action_forbidden': 'Вы не можете сделать это с данной задачей.',
  'task.transition_impossible': 'Невозможно в текущем состоянии задачи.',
  'task.already_assigned': 'Задача уже назначена.',
  'task.undo_forbidden': 'Отменить одобрение может только тот, кто одобрил задачу.',
  'task.self_approval':
    'Проверку заметки одобряет не автор заметки и не тот, кто запросил проверку.',
  'task.undo_expired': 'Слишком поздно: одобрение можно отменить только в течение %{minutes} мин.',
  'task.undo_superseded': 'С тех пор запрошена новая проверка этой заметки: проверьте её.',
  'duplicates.rate_limited': 'Слишком много проверок на дубликаты; подождите минуту и повторите.',
  'merge.forbidden': 'Объединять клиентов могут только супервайзеры и администраторы.',
  'merge.undo_forbidden': 'Отменять объединения могут только супервайзеры и администраторы.',
  'merge.list_forbidden': 'Объединения видят только супервайзеры и администраторы.',
  'merge.already_merged': 'Один из клиентов уже объединён.',
  'merge.already_undone': 'Это объединение уже отменено.',
  'merge.undo_expired': 'Объединение можно отменить только в течение %{days} дн.',
  'validation.not_empty': 'Не может быть пустым',
  'query.once': 'Параметр «%{field}» можно указать только один раз.',
  'query.plain': 'Параметр «%{field}» должен быть одним простым значением.',
  'query.whole_number': 'Параметр «%{field}» должен быть целым числом от %{min} до %{max}.',
  'query.too_long': 'Параметр «%{field}» принимает одно значение не длиннее %{max} символов.',
  'query.uuid': 'Параметр «%{field}» должен быть ссылкой на одну запись (UUID).',
  'query.one_of': 'Параметр «%{field}» должен быть одним из значений: %{allowed}.',
  'query.date': 'Параметр «%{field}» должен быть существующей датой (ГГГГ-ММ-ДД).',
  'query.instant': 'Параметр «%{field}» должен быть датой или моментом ISO 8601, начиная с 1 года.',
  'query.number': 'Параметр «%{field}» должен быть числом.',
  'query.boolean': 'Параметр «%{field}» должен быть true или false.',
  'query.unknown_parameter': 'Здесь нет параметра «%{field}»; допустимы: %{allowed}.',
  'request.nul_character': 'Текст содержит символ NUL, который Haven не может сохранить.',
  'merge.same_client': 'Клиента нельзя объединить с ним самим; выберите другого клиента.',
  'list.unknown_filter': 'Этот список нельзя фильтровать по «%{field}»; можно по: %{allowed}.',
  'list.sort_unknown': 'Этот список нельзя сортировать по «%{sort}»; можно по: %{allowed}.',
  'list.order': 'Порядок должен быть одним из: %{allowed}.',
  'list.not_searchable': 'В этом списке нет поиска.',
  'auth.refresh_header': 'Этот запрос должен исходить из приложения Haven; обновите страницу.',
  'passkey.name_required': 'Дайте ключу доступа название.',
  'passkey.name_length': 'Название ключа доступа — от %{min} до %{max} символов.',
  'passkey.name_control_characters':
    'Название ключа доступа не должно содержать управляющих символов.',
  'passkey.response_required': 'Браузер не прислал ключ доступа; повторите.',
  'passkey.registration_expired':
    'Регистрация этого ключа доступа истекла или уже использована; начните заново.',
  'passkey.not_verified': 'Не удалось проверить ключ доступа.',
  'case.assignee_not_member':
    'Ответственным может быть только активный сотрудник по делам команды, ведущей дело.',
  'case.caseworker_assigns_self': 'Новое дело сотрудника по делам назначается ему самому.',
  'case.own_team_only': 'Ваше новое дело относится к вашей команде.',
  'case.team_required': 'Выберите команду, к которой относится новое дело.',
  'case.close_needs_outcome': 'Чтобы закрыть дело, укажите его исход.',
  'case.stage_back_needs_reason': 'Возврат на более раннюю стадию требует причины.',
  'case.closed_keeps_outcome': 'У закрытого дела остаётся его исход.',
  'caseload.team_required': 'Выберите команду, нагрузку которой показать.',
  'deadline.due_or_rule': 'Укажите либо дату срока, либо правило с датой отсчёта.',
  'deadline.trigger_required': 'Правилу нужна дата, от которой оно отсчитывает срок.',
  'deadline.rule_unknown': 'Правила расчёта сроков «%{ruleId}» нет.',
  'deadline.required_without_rule': 'Обязательно, если срок не рассчитывается по правилу',
  'deadline.trigger_only_with_rule': 'Дата отсчёта указывается только вместе с правилом.',
  'deadline.duplicate': 'У этого дела уже есть такой открытый срок с той же датой отсчёта.',
  'deadline.rule_not_in_force':
    'На %{day} ни одна редакция правила «%{ruleId}» не действовала: выберите правило того времени.',
  'deadline.rule_not_applicable':
    'Правило «%{ruleId}» не применяется к этому человеку (гражданство или процедура).',
  'deadline.not_suspendable':
    'Приостановить можно только срок по правилу, течение которого приостанавливается заявлением (обжалование в CNDA).',
  'deadline.suspension_outside_period':
    'Заявление, приостанавливающее срок, должно быть подано в пределах срока.',
  'deadline.rule_already_open':
    'У этого дела уже есть открытый срок по этому правилу: отметьте его выполненным или снимите, прежде чем добавлять снова.',
  'note.ground_not_on_case':
    'У дела пока нет этого основания. Подтвердите, что его нужно добавить к основаниям дела, или выберите одно из оснований дела.',
  'deadline.service_not_for_rule':
    'Способ вручения определяет дату только для правил, срок которых идёт от вручения решения.',
  'deadline.status_change_impossible':
    'Срок, который больше не открыт, не может получить другой статус; сначала откройте его снова.',
  'duplicates.name_or_phone': 'Укажите имя (латиницей или в оригинальном написании) или телефон.',
  'stats.month': 'Статистика считается по целым месяцам: укажите «%{field}» как месяц (ГГГГ-ММ).',
  'stats.period_reversed': 'Последний месяц не может быть раньше первого.',
  'stats.dimensions_required': 'Выберите от %{min} до %{max} измерений из: %{allowed}.',
  'stats.dimensions_too_many': 'Выберите не более %{max} измерений.',
  'stats.dimension_unknown': 'Измерения «%{dimension}» нет; выберите из: %{allowed}.',
  'stats.dimension_repeated': 'Каждое измерение можно выбрать только один раз.',
  'task.assignee_not_member':
    'Исполнителем может быть только активный сотрудник по делам или супервайзер команды задачи.',
  'task.team_of_case': 'Задача по делу относится к команде, ведущей дело.',
  'task.team_required': 'Выберите команду задачи, не относящейся к делу.',
  'task.own_team_only': 'Ваши задачи относятся к вашей команде.',
  'task.caseworker_assignee': 'Задача сотрудника по делам назначается ему самому или команде.',
  'task.assignee_required': 'Выберите, кому назначить задачу.',
  'task.return_comment_required': 'Укажите, почему задача возвращается.',
  'task.action_unknown': 'Haven не знает действия с задачей «%{action}».',
  'team.unknown': 'Такой команды нет.',
  'team.name_taken': 'Команда с таким названием уже существует.',
  'user.no_team':
    'Ваша учётная запись не относится ни к одной команде; попросите администратора добавить вас.',
  'user.team_required': 'Учётная запись с этой ролью относится к команде; выберите её.',
  'user.email_taken': 'Этот адрес электронной почты уже используется другой учётной записью.',
  'user.self_protected':
    'Нельзя деактивировать собственную учётную запись или отказаться от собственной роли администратора.',
  'audit.checkpoint_invalid':
    'Эта контрольная точка подписана не этим Haven, поэтому не может подтвердить журнал аудита.',
  'stats.release_forbidden':
    'Выпуски микроданных могут публиковать только администраторы и аналитики.',
  'stats.quarter_not_ended':
    'Выпуск охватывает только завершившийся квартал: %{quarter} ещё не закончился (последний завершившийся — %{latest}).',
  'stats.release_exists': 'Выпуск за %{quarter} с k = %{k} уже существует; скачайте его.',
  'stats_release.not_found': 'Такого выпуска статистики нет.',
  'consent.not_given': 'Согласие на это не дано, его нельзя отозвать.',
  'consent.out_of_order':
    'Эта дата раньше последней записи об этом согласии (%{latest}); вносите события по порядку.',
  'data_request.not_found': 'Запрос не существует или недоступен вам.',
  'intake_draft.not_found':
    'Сохранённого черновика анкеты нет (возможно, срок его хранения истёк).',
  'intake_draft.stale':
    'Черновик анкеты с тех пор сохранён из другой вкладки или окна; выберите, какой оставить.',
  'intake_draft.too_large': 'Черновик анкеты слишком велик для сохранения.',
  'intake.processing_basis_required':
    'Без согласия клиента на обработку данных укажите правовое основание, применяемое вместо него.',
  'intake.processing_basis_with_consent':
    'Клиент дал согласие на обработку данных: другое правовое основание не нужно.',
  'data_request.closed': 'Запрос уже закрыт; его итог нельзя изменить.',
};

type Tree = { [key: string]: string | Tree };

/** `{ 'task.not_found': … }` → `{ task: { not_found: … } }`, as polyglot reads dotted keys. */
function nested(flat: Record<string, string>): Tree {
  const tree: Tree = {};
  for (const [code, text] of Object.entries(flat)) {
    const parts = code.split('.');
    let node = tree;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Tree;
    node[parts[parts.length - 1]] = text;
  }
  return tree;
}

export const en = { haven: { errors: { codes: nested(EN) } } };
export const ru = { haven: { errors: { codes: nested(RU) } } };
