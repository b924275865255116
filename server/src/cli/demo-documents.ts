import sharp from 'sharp';
import type { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { HavenConfig } from '../config/config.js';
import { db, rows } from '../database/sql.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { FieldEncryption } from '../encryption/field-encryption.js';

/**
 * The demo's documents: real, readable files on the demo caseworker's cases — a decision (a PDF)
 * where a decision was served, a photo of the paper summons where there was one, a power of
 * attorney — stored through the same checks and encryption as an upload. Every file is generated
 * here and marked fictional: no real document, name or stamp.
 */

/** A one-page PDF of `lines` in Helvetica (one of the PDF's standard fonts: nothing embedded). */
export function simplePdf(lines: string[]): Buffer {
  const escape = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);
  const text = lines
    .map(
      (line, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 56 ${770 - i * 22} Td (${escape(line)}) Tj ET`,
    )
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A drawing of a paper form with a round stamp, as a phone photo would show one (a JPEG). */
export function formPhoto(): Promise<Buffer> {
  const lines = Array.from(
    { length: 14 },
    (_, i) =>
      `<rect x="90" y="${170 + i * 34}" width="${i % 3 === 2 ? 300 : 460}" height="9" fill="#9a948a"/>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="720" height="960">
    <rect width="720" height="960" fill="#5b5048"/>
    <g transform="rotate(-3 360 480)">
      <rect x="60" y="60" width="600" height="840" fill="#f3efe4"/>
      <rect x="200" y="100" width="320" height="22" fill="#3b3833"/>
      ${lines}
      <circle cx="520" cy="760" r="70" fill="none" stroke="#3553a8" stroke-width="8" opacity="0.8"/>
      <circle cx="520" cy="760" r="50" fill="none" stroke="#3553a8" stroke-width="3" opacity="0.8"/>
    </g>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

const FICTIONAL = 'FICTIONAL DEMO DOCUMENT - not a real record';

export async function seedDemoDocuments(
  dataSource: DataSource,
  crypto: FieldEncryption,
): Promise<number> {
  const documents = new DocumentsService(
    dataSource,
    crypto,
    new AccessService(),
    new AuditService(dataSource),
    { maxUploadMb: 25, storageUrl: null } as HavenConfig,
  );
  const cases = await rows(
    dataSource,
    db
      .selectFrom('legal_case as c')
      .innerJoin('app_user as u', 'u.id', 'c.assigned_to_id')
      .select([
        'c.id',
        'c.reference',
        'c.stage',
        'c.jurisdiction',
        'c.summons_kind',
        'c.decision_served_on',
        'u.id as userId',
        'u.team_id as teamId',
      ])
      .where('u.email', '=', 'caseworker@haven.local')
      .orderBy('c.opened_on', 'desc')
      .limit(8),
  );
  const photo = await formPhoto();
  let added = 0;
  for (const c of cases) {
    const actor = {
      id: c.userId,
      role: 'caseworker' as const,
      teamId: c.teamId,
      sessionId: 'demo',
      ip: null,
    };
    const decided = ['decision', 'appeal', 'closed'].includes(c.stage) && c.decision_served_on;
    if (decided) {
      await documents.add(
        actor,
        c.id,
        {
          kind: 'decision',
          title: `Decision on the application (${c.jurisdiction})`,
          language: 'en',
          fileName: 'decision.pdf',
        },
        simplePdf([
          'Decision on the application for international protection',
          FICTIONAL,
          `Case ${c.reference} - ${c.jurisdiction}`,
          `Served on ${String(c.decision_served_on).slice(0, 10)}`,
          'The application is rejected. An appeal lies to the competent court',
          'within the period stated in the instructions on legal remedies.',
        ]),
      );
      added += 1;
    }
    if (c.summons_kind === 'paper' || c.summons_kind === 'both') {
      await documents.add(
        actor,
        c.id,
        {
          kind: 'summons',
          title: 'Summons to the military commissariat (photo)',
          language: 'ru',
          fileName: 'IMG_2041.jpg',
        },
        photo,
      );
      added += 1;
    }
    await documents.add(
      actor,
      c.id,
      {
        kind: 'power_of_attorney',
        title: 'Power of attorney',
        language: 'en',
        fileName: 'power-of-attorney.pdf',
      },
      simplePdf([
        'Power of attorney',
        FICTIONAL,
        `Case ${c.reference}`,
        'The client authorises the NGO to act in this matter.',
      ]),
    );
    added += 1;
  }
  return added;
}
