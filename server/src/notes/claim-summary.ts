import {
  LABELS,
  formatLegalDay,
  renderMarkdown,
  type Evidence,
  type NoteResponse,
  type UiLocale,
} from '@haven/shared';

/**
 * The claim summary in the language its reader picks (`?lang=en|ru`): every code a human label
 * (shared LABELS, the screens' own words: grounds, stage, case type, military status, strength,
 * evidence and document kinds), countries and languages named by Intl, days written out. The
 * codes stay in the JSON form beside their labels.
 */
type LabelGroup = keyof (typeof LABELS)['en'];

/** A code's label in `lang`, or the code itself where Haven has none. */
export function label(lang: UiLocale, group: LabelGroup, code: string | null | undefined): string {
  if (!code) return '';
  return (LABELS[lang][group] as Record<string, string>)[code] ?? code;
}

/** A country (ISO 3166 alpha-2) or a language (ISO 639-1) named in `lang`; the code where unknown. */
function displayName(lang: UiLocale, type: 'region' | 'language', code: string | null): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([lang], { type, fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The fixed words of the document, per language. */
const TEXT = {
  en: {
    title: 'Claim summary',
    jurisdiction: 'Jurisdiction',
    caseType: 'Case type',
    stage: 'Stage',
    militaryStatus: 'Military status',
    generated: 'Generated',
    noGrounds: 'No grounds of claim recorded yet.',
    noNotes: 'No notes on this ground yet.',
    strength: 'Strength',
    evidence: 'Evidence',
    kind: 'Kind',
    reference: 'Reference',
    original: 'Original',
    language: 'Language',
    translation: 'Translation',
    document: 'Document',
    isOriginal: 'original',
    isCopy: 'copy',
    yes: 'yes',
    no: 'no',
    withdrawn: 'withdrawn',
    confidential: 'CONFIDENTIAL — special-category personal data. Do not forward.',
  },
  ru: {
    title: 'Сводка по заявлению',
    jurisdiction: 'Юрисдикция',
    caseType: 'Тип дела',
    stage: 'Стадия',
    militaryStatus: 'Отношение к военной службе',
    generated: 'Составлена',
    noGrounds: 'Основания заявления пока не указаны.',
    noNotes: 'По этому основанию записей пока нет.',
    strength: 'Убедительность',
    evidence: 'Доказательство',
    kind: 'Вид',
    reference: 'Где находится',
    original: 'Оригинал',
    language: 'Язык',
    translation: 'Перевод',
    document: 'Документ',
    isOriginal: 'оригинал',
    isCopy: 'копия',
    yes: 'да',
    no: 'нет',
    withdrawn: 'отозван',
    confidential: 'КОНФИДЕНЦИАЛЬНО — персональные данные особой категории. Не пересылайте.',
  },
} as const;

/** An instant as the document states it: "7 Dec 2026, 14:16 UTC", "7 дек. 2026 г., 14:16 UTC". */
function generatedAt(lang: UiLocale, instant: string): string {
  return `${new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    hourCycle: 'h23',
    timeZone: 'UTC',
  }).format(new Date(instant))} UTC`;
}

export interface ClaimSummary {
  caseId: string;
  /** The language of the labels. */
  lang: UiLocale;
  reference: string;
  jurisdiction: string;
  jurisdictionLabel: string;
  caseType: string;
  caseTypeLabel: string;
  stage: string;
  stageLabel: string;
  militaryStatus: string | null;
  militaryStatusLabel: string | null;
  generatedAt: string;
  grounds: {
    ground: string;
    label: string;
    notes: {
      id: string;
      title: string;
      strength: string;
      strengthLabel: string;
      body: string;
      evidence: (Evidence & { kindLabel: string; document: AttachedDocument | null })[];
      updatedAt: string;
    }[];
  }[];
}

/** A document of the case an evidence item is attached to, as the summary lists it. */
export interface AttachedDocument {
  id: string;
  kind: string;
  title: string;
  uploadedOn: string;
  status: string;
  kindLabel?: string;
}

export function buildClaimSummary(
  caseId: string,
  record: {
    reference: string;
    jurisdiction: string;
    stage: string;
    case_type: string;
    military_status?: string | null;
  },
  grounds: { ground: string; notes: NoteResponse[] }[],
  documents: ReadonlyMap<string, AttachedDocument> = new Map(),
  lang: UiLocale = 'en',
): ClaimSummary {
  const military = record.military_status ?? null;
  return {
    caseId,
    lang,
    reference: record.reference,
    jurisdiction: record.jurisdiction,
    jurisdictionLabel: displayName(lang, 'region', record.jurisdiction),
    caseType: record.case_type,
    caseTypeLabel: label(lang, 'caseType', record.case_type),
    stage: record.stage,
    stageLabel: label(lang, 'stage', record.stage),
    militaryStatus: military,
    militaryStatusLabel: military ? label(lang, 'militaryStatus', military) : null,
    generatedAt: new Date().toISOString(),
    grounds: grounds.map((g) => ({
      ground: g.ground,
      label: label(lang, 'ground', g.ground),
      notes: g.notes.map((n) => ({
        id: n.id,
        title: n.title,
        strength: n.strength,
        strengthLabel: label(lang, 'noteStrength', n.strength),
        body: n.body,
        evidence: n.evidence.map((item) => {
          const document = (item.documentId && documents.get(item.documentId)) || null;
          return {
            ...item,
            kindLabel: label(lang, 'evidenceKind', item.kind),
            document: document
              ? { ...document, kindLabel: label(lang, 'documentKind', document.kind) }
              : null,
          };
        }),
        updatedAt: n.updatedAt,
      })),
    })),
  };
}

/** Markdown table cells cannot hold pipes or newlines. */
const cell = (text: string | null | undefined) =>
  (text ?? '').replace(/\|/g, '\\|').replace(/\r\n?|\n|\u2028|\u2029/g, ' ');

export function claimSummaryMarkdown(summary: ClaimSummary): string {
  const lang = summary.lang;
  const t = TEXT[lang];
  const facts = [
    `${t.jurisdiction}: ${summary.jurisdictionLabel}`,
    `${t.caseType}: ${summary.caseTypeLabel}`,
    `${t.stage}: ${summary.stageLabel}`,
    ...(summary.militaryStatusLabel && summary.militaryStatus !== 'none'
      ? [`${t.militaryStatus}: ${summary.militaryStatusLabel}`]
      : []),
    `${t.generated} ${generatedAt(lang, summary.generatedAt)}`,
  ];
  const lines = [`# ${t.title} — ${summary.reference}`, '', cell(facts.join(' · ')), ''];
  if (summary.grounds.length === 0) lines.push(`_${t.noGrounds}_`, '');
  for (const ground of summary.grounds) {
    lines.push(`## ${ground.label}`, '');
    if (ground.notes.length === 0) lines.push(`_${t.noNotes}_`, '');
    for (const note of ground.notes) {
      lines.push(
        `### ${note.title}`,
        '',
        `**${t.strength}:** ${note.strengthLabel}`,
        '',
        note.body.trim(),
        '',
      );
      if (note.evidence.length) {
        lines.push(
          `| ${t.evidence} | ${t.kind} | ${t.reference} | ${t.original} | ${t.language} | ${t.translation} | ${t.document} |`,
          '| --- | --- | --- | --- | --- | --- | --- |',
        );
        for (const item of note.evidence) {
          const doc = item.document;
          const docText = doc
            ? `${doc.title} (${doc.kindLabel ?? doc.kind}, ${formatLegalDay(doc.uploadedOn, lang)}${doc.status === 'withdrawn' ? `, ${t.withdrawn}` : ''})`
            : '';
          lines.push(
            `| ${cell(item.description)} | ${cell(item.kindLabel)} | ${cell(item.reference)} | ${item.original ? t.isOriginal : t.isCopy} | ${cell(displayName(lang, 'language', item.language))} | ${item.translated ? t.yes : t.no} | ${cell(docText)} |`,
          );
        }
        lines.push('');
      }
    }
  }
  return lines.join('\n');
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The downloadable summary, rendered by Haven's one Markdown renderer (shared/src/markdown): raw HTML
 * escaped, no images (a remote image would tell its host who reads the claim), links only to http(s)
 * and mailto — exactly what the notes show in the browser.
 */
export function claimSummaryHtml(summary: ClaimSummary): string {
  return `<!doctype html>
<html lang="${summary.lang}"><head><meta charset="utf-8"><title>${TEXT[summary.lang].title} — ${escapeHtml(summary.reference)}</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;margin-top:2rem}table{border-collapse:collapse;width:100%;margin:.5rem 0}
td,th{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
.confidential{font-weight:bold;color:#a00}@media print{body{margin:0;max-width:none}}
</style></head><body>
<p class="confidential">${TEXT[summary.lang].confidential}</p>
${renderMarkdown(claimSummaryMarkdown(summary))}
</body></html>`;
}
