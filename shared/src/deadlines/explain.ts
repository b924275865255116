import type { Confidence, DeadlineRule, Duration, TriggerEvent } from './rules.js';
import type { ServiceExplanation } from './service.js';
import type { StayLimitBinding } from './stay.js';
import { RULE_TEXT_RU } from './rules.ru.js';

/**
 * How a date was reached, as data: the server stores and sends `{code, params}`, and the client renders
 * it in the reader's language with `renderExplanation`. Nothing here is a stored English sentence.
 */
export type DeadlineExplanation =
  | {
      code: 'deadline.period';
      params: {
        ruleId: string;
        version: number;
        duration: Duration;
        working: boolean;
        triggerEvent: TriggerEvent;
        triggerDate: string;
        /** The end of the period before any move to a working day. */
        periodEnd: string;
        dueOn: string;
        /** Why the end moved, or null: the weekend, or a holiday by its (English) name. */
        moved: null | { reason: 'weekend' } | { reason: 'holiday'; holiday: string };
        /** A request that suspended the period (France: legal aid), or null. */
        suspended: null | { from: string; resumedOn: string; days: number };
        legalBasis: string;
      };
    }
  | {
      code: 'deadline.stay';
      params: {
        ruleId: string;
        version: number;
        entryDate: string;
        perVisitMaxDays: number | null;
        perVisitLastDay: string | null;
        maxDays: number | null;
        windowDays: number | null;
        rollingLastDay: string | null;
        lastLegalDay: string;
        binding: StayLimitBinding;
        daysUsedBefore: number | null;
        legalBasis: string;
      };
    }
  | {
      code: 'deadline.before_stay_end';
      params: {
        ruleId: string;
        version: number;
        days: number;
        entryDate: string;
        stayLastDay: string;
        dueOn: string;
        legalBasis: string;
      };
    }
  | {
      code: 'deadline.fixed_date';
      params: { ruleId: string; version: number; dueOn: string; legalBasis: string };
    }
  | { code: 'deadline.set_by_hand'; params: { dueOn: string; ruleId: string | null } }
  | { code: 'deadline.document_alert'; params: { months: number; expiresOn: string } }
  /** Rows written before explanations were data, whose date no rule reproduces: kept as written. */
  | { code: 'deadline.legacy'; params: { text: string } };

export type ExplanationCode = DeadlineExplanation['code'] | ServiceExplanation['code'];

export type UiLocale = 'en' | 'ru';

/** `en` or `ru` from any locale tag (`ru-RU`, `en-US@posix`, garbage): never throws. */
export function uiLocale(tag: string | null | undefined): UiLocale {
  return typeof tag === 'string' && /^ru(?:$|[-_@.,;])/i.test(tag.trim()) ? 'ru' : 'en';
}

const DATE_FORMATS = {
  en: {
    day: new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    }),
    weekday: new Intl.DateTimeFormat('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    }),
  },
  ru: {
    day: new Intl.DateTimeFormat('ru-RU', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }),
    weekday: new Intl.DateTimeFormat('ru-RU', {
      weekday: 'short',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }),
  },
};

/** "4 Apr 2026" / "Sat 4 Apr 2026"; "4 апреля 2026 г." / "сб 4 апреля 2026 г.". Not a day: as given. */
export function formatLegalDay(day: string, locale: UiLocale, withWeekday = false): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return day;
  return DATE_FORMATS[locale][withWeekday ? 'weekday' : 'day'].format(date).replace(/,(?= \d)/, '');
}

/** Ends a sentence once: a Russian date already ends in "г.". */
const sentence = (text: string) => (text.endsWith('.') ? text : `${text}.`);

const ruPlural = new Intl.PluralRules('ru-RU');
/** "1 day", "2 days". */
function enCount(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
function ru(n: number, one: string, few: string, many: string): string {
  const form = ruPlural.select(n);
  return `${n} ${form === 'one' ? one : form === 'few' ? few : many}`;
}

export function describeDurationIn(duration: Duration, locale: UiLocale): string {
  const [unit, n] = Object.entries(duration)[0];
  if (locale === 'ru') {
    const forms: Record<string, [string, string, string]> = {
      days: ['день', 'дня', 'дней'],
      weeks: ['неделя', 'недели', 'недель'],
      months: ['месяц', 'месяца', 'месяцев'],
      years: ['год', 'года', 'лет'],
    };
    return ru(n, ...forms[unit]);
  }
  return `${n} ${n === 1 ? unit.slice(0, -1) : unit}`;
}

export const TRIGGER_EVENT_TEXT: Record<TriggerEvent, Record<UiLocale, string>> = {
  decision_served: { en: 'service of the decision', ru: 'вручения решения' },
  entry: { en: 'entry', ru: 'въезда' },
  last_arrival: { en: 'the last arrival', ru: 'последнего въезда' },
  arrival_or_threat_known: {
    en: 'arrival, or learning of the threat',
    ru: 'прибытия или того дня, когда стало известно об угрозе',
  },
  asylum_certificate_issued: {
    en: 'issue of the asylum-seeker certificate',
    ru: 'выдачи справки просителя убежища',
  },
  claim_referred: { en: 'referral of the claim', ru: 'передачи заявления' },
  written_reasons_received: {
    en: 'receipt of the written reasons',
    ru: 'получения письменных мотивов',
  },
  departure_or_receipt: {
    en: 'departure, or receipt of the notice abroad',
    ru: 'выезда или получения уведомления за границей',
  },
  deportation_order_served: {
    en: 'service of the deportation order',
    ru: 'вручения решения о депортации',
  },
  registration: {
    en: 'registration of the intention to apply',
    ru: 'регистрации намерения подать заявление',
  },
  judgment_served: { en: 'service of the judgment', ru: 'вручения судебного решения' },
  new_fact_known: {
    en: 'learning of the new fact',
    ru: 'того дня, когда стало известно о новом обстоятельстве',
  },
  lodged: { en: 'lodging of the application', ru: 'подачи заявления' },
  legal_aid_decision_served: {
    en: 'service of the legal-aid decision',
    ru: 'вручения решения о юридической помощи',
  },
  fixed_date: { en: 'a fixed date', ru: 'установленной даты' },
};

/** The rule's description in the reader's language (Russian from `rules.ru.ts`, English as written). */
export function ruleDescription(
  rule: Pick<DeadlineRule, 'id' | 'description'>,
  locale: UiLocale,
): string {
  return locale === 'ru'
    ? (RULE_TEXT_RU[rule.id]?.description ?? rule.description)
    : rule.description;
}

/** The rule's trigger in the reader's language. */
export function ruleTrigger(rule: Pick<DeadlineRule, 'id' | 'trigger'>, locale: UiLocale): string {
  return locale === 'ru' ? (RULE_TEXT_RU[rule.id]?.trigger ?? rule.trigger) : rule.trigger;
}

const CONFIDENCE_NOTE: Record<Confidence, Record<UiLocale, string>> = {
  H: { en: '', ru: '' },
  M: {
    en: 'Source of medium confidence: check the decision’s instructions on remedies.',
    ru: 'Источник средней надёжности: сверьтесь с разъяснением порядка обжалования в решении.',
  },
  L: {
    en: 'Thin source: this is the earliest plausible date; verify it before relying on it.',
    ru: 'Источник ненадёжен: это самая ранняя возможная дата; проверьте её, прежде чем на неё полагаться.',
  },
};
export function confidenceNote(confidence: Confidence, locale: UiLocale): string {
  return CONFIDENCE_NOTE[confidence][locale];
}

const METHOD_TEXT: Record<string, Record<UiLocale, string>> = {
  in_person: { en: 'handed over in person', ru: 'вручено лично' },
  post: { en: 'by post', ru: 'по почте' },
  registered_post: { en: 'by registered post', ru: 'заказным письмом' },
  reception_centre: { en: 'through the reception centre', ru: 'через центр размещения' },
  electronic: { en: 'electronically', ru: 'в электронном виде' },
  other: { en: 'otherwise', ru: 'иным способом' },
};

/** One explanation as a sentence in the reader's language. Unknown codes render their params. */
export function renderExplanation(
  explanation: DeadlineExplanation | ServiceExplanation,
  locale: UiLocale,
): string {
  const d = (day: string, withWeekday = false) => formatLegalDay(day, locale, withWeekday);
  const en = locale === 'en';
  switch (explanation.code) {
    case 'deadline.period': {
      const p = explanation.params;
      const period = `${describeDurationIn(p.duration, locale)}${p.working ? (en ? ' (working days)' : ' (рабочих)') : ''}`;
      const trigger = TRIGGER_EVENT_TEXT[p.triggerEvent]?.[locale] ?? p.triggerEvent;
      let text = en
        ? `${period} from ${trigger} on ${d(p.triggerDate)} = ${d(p.periodEnd, true)}`
        : `${period} со дня ${trigger} ${d(p.triggerDate)} = ${d(p.periodEnd, true)}`;
      if (p.suspended)
        text += en
          ? `; suspended from ${d(p.suspended.from)} until ${d(p.suspended.resumedOn)} (+${enCount(p.suspended.days, 'day', 'days')})`
          : `; срок приостановлен с ${d(p.suspended.from)} до ${d(p.suspended.resumedOn)} (+${p.suspended.days} дн.)`;
      if (p.moved) {
        const why =
          p.moved.reason === 'weekend'
            ? en
              ? 'the weekend'
              : 'выходных'
            : en
              ? p.moved.holiday
              : `праздника (${p.moved.holiday})`;
        text += en
          ? `; next working day after ${why}: ${d(p.dueOn, true)}`
          : `; перенос на следующий рабочий день после ${why}: ${d(p.dueOn, true)}`;
      }
      return `${text} (${p.legalBasis})`;
    }
    case 'deadline.stay': {
      const p = explanation.params;
      const parts: string[] = [];
      if (p.perVisitMaxDays !== null && p.perVisitLastDay)
        parts.push(
          en
            ? `${enCount(p.perVisitMaxDays, 'day', 'days')} a visit: ${d(p.perVisitLastDay, true)}`
            : `${ru(p.perVisitMaxDays, 'день', 'дня', 'дней')} за визит: ${d(p.perVisitLastDay, true)}`,
        );
      if (p.maxDays !== null && p.windowDays !== null && p.rollingLastDay)
        parts.push(
          en
            ? `at most ${enCount(p.maxDays, 'day', 'days')} in any ${p.windowDays}: ${d(p.rollingLastDay, true)}`
            : `не более ${ru(p.maxDays, 'дня', 'дней', 'дней')} из любых ${p.windowDays}: ${d(p.rollingLastDay, true)}`,
        );
      return en
        ? `Entry on ${d(p.entryDate)} is day 1. ${sentence(parts.join('; '))} Last legal day: ${d(p.lastLegalDay, true)} (${p.legalBasis})`
        : `День въезда ${d(p.entryDate)} — первый день. ${sentence(parts.join('; '))} Последний законный день: ${d(p.lastLegalDay, true)} (${p.legalBasis})`;
    }
    case 'deadline.before_stay_end': {
      const p = explanation.params;
      return en
        ? `${enCount(p.days, 'day', 'days')} before the stay that began on ${d(p.entryDate)} ends on ${d(p.stayLastDay)}: ${d(p.dueOn, true)} (${p.legalBasis})`
        : `За ${ru(p.days, 'день', 'дня', 'дней')} до конца пребывания, начавшегося ${d(p.entryDate)} (последний день ${d(p.stayLastDay)}): ${d(p.dueOn, true)} (${p.legalBasis})`;
    }
    case 'deadline.fixed_date': {
      const p = explanation.params;
      return en
        ? `Fixed date: ${d(p.dueOn, true)} (${p.legalBasis})`
        : `Установленная дата: ${d(p.dueOn, true)} (${p.legalBasis})`;
    }
    case 'deadline.set_by_hand': {
      const p = explanation.params;
      return en
        ? `Set by hand to ${d(p.dueOn, true)}${p.ruleId ? ' (the rule gave another date)' : ''}`
        : `Дата установлена вручную: ${d(p.dueOn, true)}${p.ruleId ? ' (по правилу получалась другая)' : ''}`;
    }
    case 'deadline.document_alert': {
      const p = explanation.params;
      return en
        ? `${enCount(p.months, 'month', 'months')} before the expiry on ${d(p.expiresOn, true)}`
        : `За ${ru(p.months, 'месяц', 'месяца', 'месяцев')} до окончания срока действия ${d(p.expiresOn, true)}`;
    }
    case 'deadline.legacy':
      return explanation.params.text;
    case 'service.given': {
      const p = explanation.params;
      return en
        ? `Served on ${d(p.servedOn, true)} (as recorded)`
        : `Вручено ${d(p.servedOn, true)} (как записано)`;
    }
    case 'service.deemed': {
      const p = explanation.params;
      const method = METHOD_TEXT[p.method]?.[locale] ?? p.method;
      if (p.receivedMeans === 'handed_to_centre')
        return en
          ? `Handed to the reception centre on ${d(p.receivedOn)}: served ${enCount(p.offsetDays, 'day', 'days')} later, on ${d(p.servedOn, true)}, whenever the person collects it — or on the day it was handed to them, if earlier (${p.legalBasis})`
          : `Передано в центр размещения ${d(p.receivedOn)}: считается врученным на ${p.offsetDays}-й день, ${d(p.servedOn, true)}, когда бы человек его ни забрал, — или в день, когда его вручили лично, если раньше (${p.legalBasis})`;
      if (p.receivedMeans === 'first_presented')
        return en
          ? `Sent ${method}, first presented on ${d(p.receivedOn)}: served on ${d(p.servedOn, true)}, even if collected later (${p.legalBasis})`
          : `Отправлено ${method}, впервые доставлено ${d(p.receivedOn)}: считается врученным ${d(p.servedOn, true)}, даже если получено позже (${p.legalBasis})`;
      return en
        ? `Received ${method} on ${d(p.receivedOn)}: served on ${d(p.servedOn, true)} (${p.legalBasis})`
        : `Получено ${method} ${d(p.receivedOn)}: считается врученным ${d(p.servedOn, true)} (${p.legalBasis})`;
    }
    case 'service.on_receipt': {
      const p = explanation.params;
      const method = METHOD_TEXT[p.method]?.[locale] ?? p.method;
      return en
        ? `Received ${method} on ${d(p.receivedOn)}: counted as served that day. If the law deems it served earlier, record that date instead.`
        : `Получено ${method} ${d(p.receivedOn)}: считается врученным в этот день. Если по закону решение считается врученным раньше, укажите эту дату.`;
    }
    default: {
      const unknown = explanation as { code: string; params: unknown };
      return `${unknown.code} ${JSON.stringify(unknown.params)}`;
    }
  }
}
