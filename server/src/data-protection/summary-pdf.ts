import type { Locale } from '@haven/shared';
import PDFDocument from 'pdfkit';
import { FontStack } from './pdf-fonts.js';
import { LABELS } from './labels.js';
import { explanationText, type ExportedCase, type SubjectAccessData } from './subject-data.js';

/** The summary's own words, in each language it is written in (the same keys in both). */
const TEXT = {
  en: {
    title: 'Your personal data held by Haven',
    subtitle: 'A summary for your request to access your data (GDPR, Article 15)',
    prepared: 'Prepared on %{date}. Client reference: %{reference}.',
    intro:
      'This summary lists, in readable form, what Haven holds about you. The same archive holds everything in full: client.json (all the data, in a format a computer can read) and the folder documents/ (your files).',
    notIncluded:
      'This copy holds the cases of one office. An administrator can prepare a copy with every case Haven holds about you.',
    personal: 'About you',
    contact: 'Contact',
    residence: 'Where you are',
    identityDocuments: 'Identity documents',
    dependants: 'Family members',
    sensitive: 'Sensitive information',
    consent: 'Your consent',
    consentHistory: 'Consent given and withdrawn',
    consentEvent: '%{date}: %{scope}: %{action}',
    basis: 'Legal basis',
    note: 'Note',
    dataRequests: 'Your requests about your data',
    dataRequest: 'Received %{received}: %{type}, due %{due}',
    cases: 'Your cases',
    caseTitle: 'Case %{reference}',
    noCases: 'No case is recorded.',
    stageHistory: 'How the case progressed',
    deadlines: 'Deadlines',
    notes: 'Notes on your claim',
    earlierVersions: 'Earlier versions',
    version: 'Version %{version}, until %{date}',
    comments: 'Comments',
    tasks: 'Tasks',
    documents: 'Documents',
    none: 'None recorded.',
    yes: 'Yes',
    no: 'No',
    approximate: 'approximate',
    accompanying: 'travelling with you',
    notAccompanying: 'not travelling with you',
    name: 'Name',
    nativeName: 'Name in your script',
    dateOfBirth: 'Date of birth',
    sex: 'Sex',
    nationality: 'Nationality',
    languages: 'Languages',
    interpreterGender: 'Interpreter',
    phone: 'Phone',
    email: 'Email',
    safeContactChannel: 'Safe way to contact you',
    messagesAllowed: 'Messages allowed',
    currentCountry: 'Country',
    currentCity: 'City',
    arrivalDate: 'Arrived on',
    entryRoute: 'Route of entry',
    stayPermitType: 'Residence permit',
    stayPermitExpiresOn: 'Permit valid until',
    stays: 'Stays',
    stay: 'from %{from} to %{to}',
    stayOpen: 'since %{from}',
    documentNumber: 'number %{number}',
    issuedBy: 'issued by %{country}',
    expiresOn: 'valid until %{date}',
    bornOn: 'born %{date}',
    vulnerabilities: 'Vulnerabilities',
    ethnicity: 'Ethnicity',
    religion: 'Religion',
    healthNotes: 'Health',
    sogiNotes: 'Sexual orientation and gender identity',
    consentScopes: 'Given for',
    consentGivenOn: 'Given on',
    consentLanguage: 'Explained in',
    caseType: 'Type',
    jurisdiction: 'Country of the procedure',
    office: 'Office',
    stage: 'Stage',
    outcome: 'Outcome',
    priority: 'Priority',
    openedOn: 'Opened on',
    closedOn: 'Closed on',
    grounds: 'Grounds of claim',
    militaryStatus: 'Military status',
    summonsKind: 'Summons',
    summonsDate: 'Summons date',
    desertionDate: 'Desertion date',
    referralSource: 'Referred by',
    authorityReferences: 'Authority file numbers',
    decisionServedOn: 'Decision served on',
    decisionReceivedOn: 'Decision received on',
    claimSummary: 'Summary of the claim',
    serviceHistory: 'Military service',
    legalHold: 'Legal hold',
    legalHoldUntil: 'until %{date}',
    stageChange: '%{date}: %{from} › %{to}',
    reason: 'Reason',
    due: 'Due %{date}',
    status: 'Status',
    strength: 'Strength',
    evidence: 'Evidence',
    description: 'Description',
    reviewComment: 'Review comment',
    added: 'Added on %{date}',
    file: 'In the archive: %{file}',
    withdrawn: 'Withdrawn on %{date}',
  },
  ru: {
    title: 'Ваши персональные данные в Haven',
    subtitle: 'Сводка по вашему запросу на доступ к данным (GDPR, статья 15)',
    prepared: 'Подготовлено %{date}. Номер клиента: %{reference}.',
    intro:
      'В этой сводке в читаемом виде перечислено всё, что Haven хранит о вас. Полностью всё находится в этом же архиве: client.json (все данные в формате, который читает компьютер) и папка documents/ (ваши файлы).',
    notIncluded:
      'В этой копии — дела одного офиса. Администратор может подготовить копию со всеми делами, которые Haven хранит о вас.',
    personal: 'О вас',
    contact: 'Связь',
    residence: 'Где вы находитесь',
    identityDocuments: 'Документы, удостоверяющие личность',
    dependants: 'Члены семьи',
    sensitive: 'Особо чувствительные сведения',
    consent: 'Ваше согласие',
    consentHistory: 'Данные и отозванные согласия',
    consentEvent: '%{date}: %{scope}: %{action}',
    basis: 'Правовое основание',
    note: 'Заметка',
    dataRequests: 'Ваши запросы о своих данных',
    dataRequest: 'Получен %{received}: %{type}, срок %{due}',
    cases: 'Ваши дела',
    caseTitle: 'Дело %{reference}',
    noCases: 'Дел нет.',
    stageHistory: 'Ход дела',
    deadlines: 'Сроки',
    notes: 'Записи по вашему заявлению',
    earlierVersions: 'Прежние версии',
    version: 'Версия %{version}, до %{date}',
    comments: 'Комментарии',
    tasks: 'Задачи',
    documents: 'Документы',
    none: 'Нет записей.',
    yes: 'Да',
    no: 'Нет',
    approximate: 'приблизительно',
    accompanying: 'едет с вами',
    notAccompanying: 'не едет с вами',
    name: 'Имя',
    nativeName: 'Имя на родном языке',
    dateOfBirth: 'Дата рождения',
    sex: 'Пол',
    nationality: 'Гражданство',
    languages: 'Языки',
    interpreterGender: 'Переводчик',
    phone: 'Телефон',
    email: 'Электронная почта',
    safeContactChannel: 'Безопасный способ связи',
    messagesAllowed: 'Сообщения разрешены',
    currentCountry: 'Страна',
    currentCity: 'Город',
    arrivalDate: 'Дата прибытия',
    entryRoute: 'Маршрут въезда',
    stayPermitType: 'Разрешение на пребывание',
    stayPermitExpiresOn: 'Разрешение действует до',
    stays: 'Периоды пребывания',
    stay: 'с %{from} по %{to}',
    stayOpen: 'с %{from}',
    documentNumber: 'номер %{number}',
    issuedBy: 'выдан: %{country}',
    expiresOn: 'действует до %{date}',
    bornOn: 'дата рождения %{date}',
    vulnerabilities: 'Уязвимость',
    ethnicity: 'Этническая принадлежность',
    religion: 'Вероисповедание',
    healthNotes: 'Здоровье',
    sogiNotes: 'Сексуальная ориентация и гендерная идентичность',
    consentScopes: 'Дано на',
    consentGivenOn: 'Дата согласия',
    consentLanguage: 'Язык разъяснения',
    caseType: 'Тип',
    jurisdiction: 'Страна процедуры',
    office: 'Офис',
    stage: 'Этап',
    outcome: 'Итог',
    priority: 'Приоритет',
    openedOn: 'Открыто',
    closedOn: 'Закрыто',
    grounds: 'Основания заявления',
    militaryStatus: 'Отношение к военной службе',
    summonsKind: 'Повестка',
    summonsDate: 'Дата повестки',
    desertionDate: 'Дата оставления части',
    referralSource: 'Кто направил',
    authorityReferences: 'Номера дел в ведомствах',
    decisionServedOn: 'Решение вручено',
    decisionReceivedOn: 'Решение получено',
    claimSummary: 'Суть заявления',
    serviceHistory: 'Военная служба',
    legalHold: 'Запрет на удаление',
    legalHoldUntil: 'до %{date}',
    stageChange: '%{date}: %{from} › %{to}',
    reason: 'Причина',
    due: 'Срок %{date}',
    status: 'Статус',
    strength: 'Весомость',
    evidence: 'Доказательства',
    description: 'Описание',
    reviewComment: 'Комментарий проверяющего',
    added: 'Добавлен %{date}',
    file: 'В архиве: %{file}',
    withdrawn: 'Отозван %{date}',
  },
} as const satisfies Record<Locale, Record<string, string>>;

type Key = keyof (typeof TEXT)['en'];
type LabelGroup = keyof (typeof LABELS)['en'];

const MARGIN = 56;
const SIZE = { h1: 20, h2: 15, h3: 12, body: 10, small: 8 } as const;

/**
 * The summary as a readable PDF in `lang`, every code shown by its label, every text in a face that
 * has its script (Latin, Cyrillic, Ge'ez), the fonts embedded: the text layer holds the text itself,
 * so it can be searched, copied and read aloud.
 */
export function renderSummaryPdf(data: SubjectAccessData, lang: Locale): Promise<Buffer> {
  return new SummaryWriter(data, lang).render();
}

class SummaryWriter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly fonts = FontStack.load();
  private readonly dates: Intl.DateTimeFormat;
  private readonly regions: Intl.DisplayNames;
  private readonly languages: Intl.DisplayNames;

  constructor(
    private readonly data: SubjectAccessData,
    private readonly lang: Locale,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      bufferPages: true,
      lang,
      displayTitle: true,
      info: {
        Title: this.t('title'),
        Subject: `${data.client.reference}`,
        Creator: 'Haven',
        Producer: 'Haven',
      },
    });
    for (const face of this.fonts.all) this.doc.registerFont(face.name, face.data);
    this.dates = new Intl.DateTimeFormat(lang, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    this.regions = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    this.languages = new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' });
  }

  render(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    this.write();
    this.footers();
    this.doc.end();
    return done;
  }

  // Words and values.

  private t(key: Key, params: Record<string, string | number> = {}): string {
    return (TEXT[this.lang][key] as string).replace(/%\{(\w+)\}/g, (_, name: string) =>
      String(params[name] ?? ''),
    );
  }

  private label(group: LabelGroup, code: string | null | undefined): string | null {
    if (!code) return null;
    const labels = LABELS[this.lang][group] as Record<string, string>;
    return labels[code] ?? code;
  }

  private date(value: string | null | undefined): string | null {
    if (!value) return null;
    const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
    const parsed = new Date(day);
    return Number.isNaN(parsed.getTime()) ? value : this.dates.format(parsed);
  }

  private country(code: string | null | undefined): string | null {
    if (!code) return null;
    try {
      return this.regions.of(code.toUpperCase()) ?? code;
    } catch {
      return code;
    }
  }

  private language(code: string | null | undefined): string | null {
    if (!code) return null;
    try {
      return this.languages.of(code) ?? code;
    } catch {
      return code;
    }
  }

  // Layout.

  /** One paragraph of parts (bold or not), each cut into runs of one face. */
  private line(
    parts: { text: string; bold?: boolean }[],
    size: number,
    options: PDFKit.Mixins.TextOptions = {},
  ): void {
    const runs = parts.flatMap((part) => this.fonts.runs(part.text, part.bold ? 700 : 400));
    if (runs.length === 0) return;
    this.doc.fontSize(size);
    runs.forEach((run, index) => {
      const continued = index < runs.length - 1;
      this.doc
        .font(run.font)
        .text(run.text, index === 0 ? { ...options, continued } : { continued });
    });
  }

  private heading(text: string, level: 'h1' | 'h2' | 'h3'): void {
    const size = SIZE[level];
    // A heading keeps at least a few lines of what follows on its page.
    if (this.doc.y > this.doc.page.height - MARGIN - size * 5) this.doc.addPage();
    this.doc.moveDown(level === 'h3' ? 0.6 : 1);
    this.line([{ text, bold: true }], size);
    this.doc.moveDown(0.3);
  }

  private paragraph(text: string | null | undefined, indent = 0): void {
    if (!text?.trim()) return;
    this.line([{ text: text.trim() }], SIZE.body, { indent, paragraphGap: 2 });
  }

  /** "Label: value", skipped when there is no value. */
  private field(key: Key, value: string | null | undefined | false, indent = 0): void {
    if (value === null || value === undefined || value === false || value.trim() === '') return;
    this.line([{ text: `${this.t(key)}: `, bold: true }, { text: value.trim() }], SIZE.body, {
      indent,
      paragraphGap: 2,
    });
  }

  private bullet(text: string, indent = 12): void {
    this.line([{ text: `•  ${text}` }], SIZE.body, { indent, paragraphGap: 2 });
  }

  private footers(): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      // Without words, so that the one face of a run shows all of it in either language.
      const text = `Haven · ${this.data.client.reference} · ${i + 1} / ${range.count}`;
      const [run] = this.fonts.runs(text);
      this.doc
        .font(run.font)
        .fontSize(SIZE.small)
        .fillColor('#555555')
        .text(text, MARGIN, this.doc.page.height - MARGIN / 2 - SIZE.small, {
          width: this.doc.page.width - 2 * MARGIN,
          align: 'center',
          lineBreak: false,
        });
      this.doc.page.margins.bottom = bottom;
    }
  }

  // Content.

  private write(): void {
    const { client } = this.data;
    this.line([{ text: this.t('title'), bold: true }], SIZE.h1);
    this.line([{ text: this.t('subtitle') }], SIZE.body + 1);
    this.doc.moveDown(0.5);
    this.paragraph(
      this.t('prepared', {
        date: this.date(this.data.generatedAt) ?? '',
        reference: client.reference,
      }),
    );
    this.paragraph(this.t('intro'));
    if (!this.data.complete) this.paragraph(this.t('notIncluded'));

    this.heading(this.t('personal'), 'h2');
    this.field('name', `${client.givenName} ${client.familyName}`);
    this.field('nativeName', client.nativeName);
    this.field(
      'dateOfBirth',
      client.dateOfBirth &&
        `${this.date(client.dateOfBirth)}${client.dateOfBirthApproximate ? ` (${this.t('approximate')})` : ''}`,
    );
    this.field('sex', this.label('sex', client.sex));
    this.field('nationality', this.country(client.nationality));
    this.field('languages', client.languages.map((code) => this.language(code)).join(', '));
    this.field('interpreterGender', this.label('interpreterGender', client.interpreterGender));

    this.heading(this.t('contact'), 'h3');
    this.field('phone', client.phone);
    this.field('email', client.email);
    this.field('safeContactChannel', this.label('contactChannel', client.safeContactChannel));
    this.field('messagesAllowed', this.t(client.messagesAllowed ? 'yes' : 'no'));

    this.heading(this.t('residence'), 'h3');
    this.field('currentCountry', this.country(client.currentCountry));
    this.field('currentCity', client.currentCity);
    this.field('arrivalDate', this.date(client.arrivalDate));
    this.field('entryRoute', client.entryRoute);
    this.field('stayPermitType', client.stayPermitType);
    this.field('stayPermitExpiresOn', this.date(client.stayPermitExpiresOn));
    if (client.stays.length) {
      this.field('stays', ' ');
      for (const stay of client.stays)
        this.bullet(
          stay.exitDate
            ? this.t('stay', { from: this.date(stay.entryDate)!, to: this.date(stay.exitDate)! })
            : this.t('stayOpen', { from: this.date(stay.entryDate)! }),
        );
    }

    if (client.documents.length) {
      this.heading(this.t('identityDocuments'), 'h3');
      for (const document of client.documents)
        this.bullet(
          [
            this.label('identityDocumentKind', document.kind) ?? '',
            document.number && this.t('documentNumber', { number: document.number }),
            document.issuingCountry &&
              this.t('issuedBy', { country: this.country(document.issuingCountry)! }),
            document.expiresOn && this.t('expiresOn', { date: this.date(document.expiresOn)! }),
          ]
            .filter(Boolean)
            .join(', '),
        );
    }
    if (client.dependants.length) {
      this.heading(this.t('dependants'), 'h3');
      for (const dependant of client.dependants)
        this.bullet(
          [
            dependant.name,
            dependant.relationship,
            dependant.dateOfBirth && this.t('bornOn', { date: this.date(dependant.dateOfBirth)! }),
            this.t(dependant.accompanying ? 'accompanying' : 'notAccompanying'),
          ]
            .filter(Boolean)
            .join(', '),
        );
    }

    const sensitive =
      client.vulnerabilities.length ||
      client.ethnicity ||
      client.religion ||
      client.healthNotes ||
      client.sogiNotes;
    if (sensitive) {
      this.heading(this.t('sensitive'), 'h3');
      this.field(
        'vulnerabilities',
        client.vulnerabilities.map((code) => this.label('vulnerability', code)).join(', '),
      );
      this.field('ethnicity', client.ethnicity);
      this.field('religion', client.religion);
      this.field('healthNotes', client.healthNotes);
      this.field('sogiNotes', client.sogiNotes);
    }

    if (client.consent) {
      this.heading(this.t('consent'), 'h3');
      this.field(
        'consentScopes',
        client.consent.scopes.map((scope) => this.label('consentScope', scope)).join(', '),
      );
      this.field('consentGivenOn', this.date(client.consent.givenOn));
      this.field('consentLanguage', this.language(client.consent.language));
    }

    if (this.data.consentHistory.length) {
      this.heading(this.t('consentHistory'), 'h3');
      for (const event of this.data.consentHistory) {
        this.bullet(
          this.t('consentEvent', {
            date: this.date(event.on)!,
            scope: this.label('consentScope', event.scope)!,
            action: this.label('consentAction', event.action)!,
          }),
        );
        this.field('basis', this.label('consentBasis', event.basis), 24);
        this.field('consentLanguage', this.language(event.language), 24);
        this.field('note', event.note, 24);
      }
    }

    if (this.data.dataRequests.length) {
      this.heading(this.t('dataRequests'), 'h3');
      for (const request of this.data.dataRequests) {
        this.bullet(
          this.t('dataRequest', {
            received: this.date(request.receivedOn)!,
            type: this.label('dataRequestType', request.type)!,
            due: this.date(request.dueOn)!,
          }),
        );
        this.field('status', this.label('dataRequestStatus', request.status), 24);
        this.field('note', request.note, 24);
      }
    }

    this.heading(this.t('cases'), 'h2');
    if (this.data.cases.length === 0) this.paragraph(this.t('noCases'));
    for (const record of this.data.cases) this.writeCase(record);
  }

  private writeCase(record: ExportedCase): void {
    this.heading(this.t('caseTitle', { reference: record.reference }), 'h2');
    this.field('caseType', this.label('caseType', record.caseType));
    this.field('jurisdiction', this.country(record.jurisdiction));
    this.field('office', record.teamName);
    this.field('stage', this.label('stage', record.stage));
    this.field('outcome', this.label('outcome', record.outcome));
    this.field('priority', this.label('priority', record.priority));
    this.field('openedOn', this.date(record.openedOn));
    this.field('closedOn', this.date(record.closedOn));
    this.field('grounds', record.grounds.map((ground) => this.label('ground', ground)).join(', '));
    this.field('militaryStatus', this.label('militaryStatus', record.militaryStatus));
    this.field(
      'summonsKind',
      record.summonsKind === 'none' ? null : this.label('summonsKind', record.summonsKind),
    );
    this.field('summonsDate', this.date(record.summonsDate));
    this.field('desertionDate', this.date(record.desertionDate));
    this.field('referralSource', record.referralSource);
    this.field(
      'authorityReferences',
      (record.authorityReferences ?? [])
        .map((item) => `${item.authority}: ${item.reference}`)
        .join('; '),
    );
    this.field('decisionServedOn', this.date(record.decisionServedOn));
    this.field('decisionReceivedOn', this.date(record.decisionReceivedOn));
    const hold = (record as { legalHold?: { reason: string; until: string | null } | null })
      .legalHold;
    if (hold)
      this.field(
        'legalHold',
        [hold.reason, hold.until && this.t('legalHoldUntil', { date: this.date(hold.until)! })]
          .filter(Boolean)
          .join(', '),
      );
    if (record.claimSummary) {
      this.heading(this.t('claimSummary'), 'h3');
      this.paragraph(record.claimSummary);
    }
    if (record.serviceHistory) {
      this.heading(this.t('serviceHistory'), 'h3');
      this.paragraph(record.serviceHistory);
    }

    if (record.stageChanges.length) {
      this.heading(this.t('stageHistory'), 'h3');
      for (const change of record.stageChanges) {
        this.bullet(
          this.t('stageChange', {
            date: this.date(change.changedAt)!,
            from: this.label('stage', change.fromStage)!,
            to: this.label('stage', change.toStage)!,
          }),
        );
        this.field('reason', change.reason, 24);
      }
    }

    this.heading(this.t('deadlines'), 'h3');
    if (record.deadlines.length === 0) this.paragraph(this.t('none'));
    for (const deadline of record.deadlines) {
      this.bullet(
        [
          this.t('due', { date: this.date(deadline.dueOn)! }),
          this.label('deadlineKind', deadline.kind),
          deadline.title,
          this.label('deadlineStatus', deadline.status),
        ]
          .filter(Boolean)
          .join(' · '),
      );
      if (deadline.explanation)
        this.paragraph(explanationText(deadline.explanation, this.lang), 24);
    }

    this.heading(this.t('notes'), 'h3');
    if (record.notes.length === 0) this.paragraph(this.t('none'));
    for (const note of record.notes) {
      this.line(
        [
          { text: `${this.label('ground', note.ground)}: `, bold: true },
          { text: note.title, bold: true },
        ],
        SIZE.body,
        { paragraphGap: 2 },
      );
      this.field('status', this.label('noteStatus', note.status), 12);
      this.field('strength', this.label('noteStrength', note.strength), 12);
      this.paragraph(note.body, 12);
      if (note.evidence.length)
        this.field('evidence', note.evidence.map((item) => item.description).join('; '), 12);
      if (note.revisions.length) {
        this.line([{ text: this.t('earlierVersions'), bold: true }], SIZE.body, {
          indent: 12,
          paragraphGap: 2,
        });
        // A revision holds what the note said until the edit made at `editedAt`.
        for (const revision of note.revisions) {
          this.line(
            [
              {
                text: `${this.t('version', { version: revision.version, date: this.date(revision.editedAt)! })}: `,
                bold: true,
              },
              { text: revision.title },
            ],
            SIZE.body,
            { indent: 24, paragraphGap: 2 },
          );
          this.paragraph(revision.body, 24);
        }
      }
      if (note.comments.length) {
        this.line([{ text: this.t('comments'), bold: true }], SIZE.body, {
          indent: 12,
          paragraphGap: 2,
        });
        for (const comment of note.comments)
          this.paragraph(`${this.date(comment.createdAt)}: ${comment.body}`, 24);
      }
      this.doc.moveDown(0.4);
    }

    this.heading(this.t('tasks'), 'h3');
    if (record.tasks.length === 0) this.paragraph(this.t('none'));
    for (const task of record.tasks) {
      this.bullet(
        [
          task.title,
          this.label('taskStatus', task.status),
          task.dueOn && this.t('due', { date: this.date(task.dueOn)! }),
        ]
          .filter(Boolean)
          .join(' · '),
      );
      this.field('description', task.description, 24);
      this.field('reviewComment', task.reviewComment, 24);
    }

    this.heading(this.t('documents'), 'h3');
    if (record.documents.length === 0) this.paragraph(this.t('none'));
    for (const document of record.documents) {
      this.bullet(
        [
          document.title,
          this.label('documentKind', document.kind),
          this.t('added', { date: this.date(document.createdAt)! }),
        ]
          .filter(Boolean)
          .join(' · '),
      );
      this.paragraph(this.t('file', { file: document.file }), 24);
      if (document.withdrawnAt) {
        this.paragraph(this.t('withdrawn', { date: this.date(document.withdrawnAt)! }), 24);
        this.field('reason', document.withdrawnReason, 24);
      }
    }
  }
}
