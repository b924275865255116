import { renderMarkdown, type Evidence, type NoteResponse } from '@haven/shared';

export const GROUND_LABELS: Record<string, string> = {
  race: 'Race',
  religion: 'Religion',
  nationality: 'Nationality',
  particular_social_group: 'Particular social group',
  political_opinion: 'Political opinion',
  conscientious_objection: 'Conscientious objection',
  unlawful_conflict: 'Refusal to take part in an unlawful conflict',
  conditions_of_service: 'Conditions of service',
  forced_recruitment: 'Forced recruitment',
  death_penalty: 'Death penalty',
  torture: 'Torture or inhuman treatment',
  indiscriminate_violence: 'Indiscriminate violence',
  other: 'Other',
};

export interface ClaimSummary {
  caseId: string;
  reference: string;
  jurisdiction: string;
  caseType: string;
  stage: string;
  generatedAt: string;
  grounds: {
    ground: string;
    label: string;
    notes: {
      id: string;
      title: string;
      strength: string;
      body: string;
      evidence: (Evidence & { document: AttachedDocument | null })[];
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
}

export function buildClaimSummary(
  caseId: string,
  record: { reference: string; jurisdiction: string; stage: string; case_type: string },
  grounds: { ground: string; notes: NoteResponse[] }[],
  documents: ReadonlyMap<string, AttachedDocument> = new Map(),
): ClaimSummary {
  return {
    caseId,
    reference: record.reference,
    jurisdiction: record.jurisdiction,
    caseType: record.case_type,
    stage: record.stage,
    generatedAt: new Date().toISOString(),
    grounds: grounds.map((g) => ({
      ground: g.ground,
      label: GROUND_LABELS[g.ground] ?? g.ground,
      notes: g.notes.map((n) => ({
        id: n.id,
        title: n.title,
        strength: n.strength,
        body: n.body,
        evidence: n.evidence.map((item) => ({
          ...item,
          document: (item.documentId && documents.get(item.documentId)) || null,
        })),
        updatedAt: n.updatedAt,
      })),
    })),
  };
}

/** Markdown table cells cannot hold pipes or newlines. */
const cell = (text: string | null | undefined) =>
  (text ?? '').replace(/\|/g, '\\|').replace(/\r\n?|\n|\u2028|\u2029/g, ' ');

export function claimSummaryMarkdown(summary: ClaimSummary): string {
  const lines = [
    `# Claim summary — ${summary.reference}`,
    '',
    `Jurisdiction: ${summary.jurisdiction} · Case type: ${summary.caseType} · Stage: ${summary.stage} · Generated ${summary.generatedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
  ];
  if (summary.grounds.length === 0) lines.push('_No grounds of claim recorded yet._', '');
  for (const ground of summary.grounds) {
    lines.push(`## ${ground.label}`, '');
    if (ground.notes.length === 0) lines.push('_No notes on this ground yet._', '');
    for (const note of ground.notes) {
      lines.push(
        `### ${note.title}`,
        '',
        `**Strength:** ${note.strength}`,
        '',
        note.body.trim(),
        '',
      );
      if (note.evidence.length) {
        lines.push(
          '| Evidence | Kind | Reference | Original | Language | Translation | Document |',
          '| --- | --- | --- | --- | --- | --- | --- |',
        );
        for (const item of note.evidence) {
          lines.push(
            `| ${cell(item.description)} | ${item.kind} | ${cell(item.reference)} | ${item.original ? 'original' : 'copy'} | ${item.language ?? ''} | ${item.translated ? 'yes' : 'no'} | ${item.document ? cell(`${item.document.title} (${item.document.kind}, ${item.document.uploadedOn}${item.document.status === 'withdrawn' ? ', withdrawn' : ''})`) : ''} |`,
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
<html lang="en"><head><meta charset="utf-8"><title>Claim summary — ${escapeHtml(summary.reference)}</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;margin-top:2rem}table{border-collapse:collapse;width:100%;margin:.5rem 0}
td,th{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
.confidential{font-weight:bold;color:#a00}@media print{body{margin:0;max-width:none}}
</style></head><body>
<p class="confidential">CONFIDENTIAL — special-category personal data. Do not forward.</p>
${renderMarkdown(claimSummaryMarkdown(summary))}
</body></html>`;
}
