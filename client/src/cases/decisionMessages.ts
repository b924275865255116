/**
 * Strings of the decision dialog, the procedure track and service method, and the rule details and
 * suggestions that follow from them; merged into i18n/en.ts and i18n/ru.ts. Both trees have exactly
 * the same keys. Explanations themselves come from shared `renderExplanation`.
 */
export const en = {
  haven: {
    enums: {
      procedureTrack: {
        regular: 'Regular procedure',
        accelerated: 'Accelerated procedure',
        manifestly_unfounded: 'Manifestly unfounded',
        inadmissible: 'Inadmissibility',
        dublin: 'Dublin procedure',
        border: 'Border (airport) procedure',
        unknown: 'Not known yet',
      },
      serviceMethod: {
        in_person: 'Handed over in person',
        post: 'By post',
        registered_post: 'By registered post',
        reception_centre: 'Through the reception centre',
        electronic: 'Electronically',
        other: 'Another way',
      },
    },
    decision: {
      record: 'Record decision',
      title: 'Record the decision',
      intro:
        'What was decided, in which procedure, and how and when the decision arrived. Haven works out the legal service date from them: it starts the appeal deadlines.',
      outcome_help: 'What the authority decided',
      track_help: 'The procedure the decision was taken in: it decides the appeal period',
      method_help: 'How the decision reached the person',
      received_on: {
        received: 'Received on',
        handed_to_centre: 'Handed to the reception centre on',
        first_presented: 'First presented by the post on',
      },
      received_help: {
        received: 'The day the decision arrived',
        handed_to_centre:
          'The day the authority handed it to the centre, not the day the person collected it',
        first_presented:
          'The day the post first tried to deliver it, even if it was collected later',
      },
      served_on: 'Legal service date',
      served_pending: 'Give how and when the decision arrived to see the legal service date.',
      override: 'I know another legal service date',
      override_help:
        'Only where the law deems the decision served on another day, e.g. it was handed to the person before',
      served_on_given: 'Legal service date (as you give it)',
      stage_note: 'The case moves on to the stage “%{stage}”.',
      saved: 'Decision recorded; legal service date %{date}',
      none: 'No decision recorded yet',
    },
    cases: {
      procedure_track_help: 'The procedure the claim is examined in; it decides the appeal period',
      service_method_help: 'How the decision reached the person',
      received_on_help:
        'The day the decision arrived (through a reception centre: the day it was handed to the centre). With how it arrived, Haven works out the service date unless you give one.',
      service_from_these: 'Legal service date from how and when it arrived: %{date}',
    },
    deadlines: {
      track_question: 'Which procedure was the decision taken in?',
      track_question_help:
        'The appeal period depends on it. Haven suggests no appeal deadline until you answer.',
      track_set: 'Procedure recorded: %{track}',
      one_appeal_for_track: 'Procedure: %{track}. One appeal period applies to it.',
      rule_version: 'version %{version}',
      in_force_from: 'in force from %{date}',
      in_force_until: 'in force until %{date}',
      rule_confidence: 'Confidence: %{confidence}',
      service_basis: 'Service: %{text}',
      creating: 'Creating…',
    },
  },
  resources: {
    cases: {
      fields: {
        procedureTrack: 'Procedure',
        serviceMethod: 'How the decision arrived',
        decisionReceivedOn: 'Decision arrived on',
        decisionService: 'How the service date was reached',
      },
    },
  },
};

export const ru = {
  haven: {
    enums: {
      procedureTrack: {
        regular: 'Обычная процедура',
        accelerated: 'Ускоренная процедура',
        manifestly_unfounded: 'Явно необоснованное заявление',
        inadmissible: 'Неприемлемость заявления',
        dublin: 'Дублинская процедура',
        border: 'Пограничная процедура (в аэропорту)',
        unknown: 'Пока неизвестно',
      },
      serviceMethod: {
        in_person: 'Вручено лично',
        post: 'По почте',
        registered_post: 'Заказным письмом',
        reception_centre: 'Через центр размещения',
        electronic: 'В электронном виде',
        other: 'Иным способом',
      },
    },
    decision: {
      record: 'Записать решение',
      title: 'Запись решения',
      intro:
        'Что решено, в какой процедуре, как и когда пришло решение. По этим данным Haven определяет юридическую дату вручения: от неё идут сроки обжалования.',
      outcome_help: 'Что решил орган',
      track_help: 'Процедура, в которой принято решение: от неё зависит срок обжалования',
      method_help: 'Как решение дошло до человека',
      received_on: {
        received: 'Получено',
        handed_to_centre: 'Передано в центр размещения',
        first_presented: 'Впервые доставлено почтой',
      },
      received_help: {
        received: 'День, когда пришло решение',
        handed_to_centre:
          'День, когда орган передал решение в центр, а не день, когда человек его забрал',
        first_presented: 'День первой попытки доставки, даже если письмо забрали позже',
      },
      served_on: 'Юридическая дата вручения',
      served_pending:
        'Укажите, как и когда пришло решение, чтобы увидеть юридическую дату вручения.',
      override: 'Мне известна другая юридическая дата вручения',
      override_help:
        'Только если по закону решение считается врученным в другой день, например его раньше вручили лично',
      served_on_given: 'Юридическая дата вручения (указанная вами)',
      stage_note: 'Дело перейдёт на этап «%{stage}».',
      saved: 'Решение записано; юридическая дата вручения %{date}',
      none: 'Решение ещё не записано',
    },
    cases: {
      procedure_track_help:
        'Процедура, в которой рассматривается заявление; от неё зависит срок обжалования',
      service_method_help: 'Как решение дошло до человека',
      received_on_help:
        'День, когда пришло решение (через центр размещения — день передачи в центр). По нему и способу вручения Haven определяет дату вручения, если вы не укажете её сами.',
      service_from_these: 'Юридическая дата вручения по способу и дню получения: %{date}',
    },
    deadlines: {
      track_question: 'В какой процедуре принято решение?',
      track_question_help:
        'От этого зависит срок обжалования. Пока вы не ответите, Haven не предложит срок обжалования.',
      track_set: 'Процедура записана: %{track}',
      one_appeal_for_track: 'Процедура: %{track}. Для неё действует один срок обжалования.',
      rule_version: 'редакция %{version}',
      in_force_from: 'действует с %{date}',
      in_force_until: 'действует до %{date}',
      rule_confidence: 'Надёжность: %{confidence}',
      service_basis: 'Вручение: %{text}',
      creating: 'Создание…',
    },
  },
  resources: {
    cases: {
      fields: {
        procedureTrack: 'Процедура',
        serviceMethod: 'Как пришло решение',
        decisionReceivedOn: 'Решение пришло',
        decisionService: 'Как определена дата вручения',
      },
    },
  },
};
