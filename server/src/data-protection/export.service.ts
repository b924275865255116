import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LOCALES, type Locale } from '@haven/shared';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { ZipFile } from 'yazl';
import { AccessService } from '../access/access.service.js';
import { AuditService, filedUnder } from '../audit/audit.service.js';
import { ClientsService } from '../clients/clients.service.js';
import type { Actor } from '../common/actor.js';
import { badRequest } from '../common/errors.js';
import { logger } from '../common/logger.js';
import { takeOver } from '../common/raw-reply.js';
import { db, first } from '../database/sql.js';
import { transaction } from '../database/transaction.js';
import { DocumentsService } from '../documents/documents.service.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../encryption/field-encryption.js';
import { gatherSubjectData } from './subject-data.js';
import { renderSummaryPdf } from './summary-pdf.js';

/**
 * The subject-access export (GDPR Art. 15): one ZIP of everything Haven holds on a person —
 * `client.json`, a readable `summary.pdf` and the files under `documents/` — streamed, so that a
 * client with many large files never sits in memory: the files are decrypted chunk by chunk as the
 * archive is written (stored, not compressed again, so the archive's length is known before the
 * first byte and a download can show its progress).
 *
 * The archive is made with yazl: small (one dependency), maintained, streaming, ZIP64 when needed,
 * UTF-8 names, and entries created lazily — a file's reading starts only when its turn comes.
 */
@Injectable()
export class ExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
  ) {}

  /**
   * Checks the language, gathers the data in one snapshot, renders the summary, records the export
   * (committed before the first byte: an export cut short is still on the trail, and one refused
   * or failed before it leaves nothing) and streams the archive. A failure once the headers are
   * gone cuts the response short, so the download is visibly incomplete rather than wrong.
   */
  async send(
    actor: Actor,
    clientId: string,
    langQuery: unknown,
    reply: FastifyReply,
  ): Promise<void> {
    const lang = await this.language(actor, langQuery);
    const { data, files } = await transaction(this.dataSource, (manager) =>
      gatherSubjectData(manager, actor, this.access, this.crypto, clientId),
    );
    const pdf = await renderSummaryPdf(data, lang);
    const json = Buffer.from(`${JSON.stringify(data, null, 2)}\n`, 'utf8');

    const teams = await ClientsService.teamsOf(this.dataSource, actor, clientId);
    await this.audit.record(
      this.dataSource.manager,
      actor,
      filedUnder(
        {
          action: 'export',
          entityType: 'client',
          entityId: clientId,
          summary: 'exported a client’s data for a subject access request',
          details: { lang, ...data.counts, complete: data.complete },
        },
        teams,
      ),
    );

    const zip = new ZipFile();
    const generatedAt = new Date(data.generatedAt);
    zip.addBuffer(json, 'client.json', { mtime: generatedAt, compress: false });
    zip.addBuffer(pdf, 'summary.pdf', { mtime: generatedAt, compress: false });
    const reading = new Set<Readable>();
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      logger().error(
        { err: error instanceof Error ? error.message : String(error), client: clientId },
        'a subject-access export failed while streaming',
      );
      for (const stream of reading) stream.destroy();
      reply.raw.destroy();
    };
    for (const file of files) {
      zip.addReadStreamLazy(
        file.path,
        { mtime: file.addedAt, compress: false, size: file.row.sizeBytes },
        (callback) => {
          const stream = Readable.from(this.documents.plaintext(file.row), { objectMode: false });
          reading.add(stream);
          stream.once('error', fail);
          stream.once('close', () => reading.delete(stream));
          callback(null, stream);
        },
      );
    }
    zip.on('error', fail);
    let length = -1;
    // Every entry is stored with its size known: yazl gives the archive's length at once.
    (zip.end as (options: undefined, sized: (total: number) => void) => void)(
      undefined,
      (total) => (length = total),
    );

    // As Express's res.attachment(): Content-Disposition by the content-disposition package (a
    // reference with letters outside ASCII gets an ASCII fallback and an RFC 8187 filename*).
    void reply
      .status(200)
      .header('Content-Type', 'application/zip')
      .header(
        'Content-Disposition',
        contentDisposition(`haven-${data.client.reference}-${data.generatedAt.slice(0, 10)}.zip`),
      )
      .header('Cache-Control', 'no-store');
    const res = takeOver(reply);
    if (length >= 0) res.setHeader('Content-Length', String(length));
    res.once('close', () => {
      if (!res.writableFinished) for (const stream of reading) stream.destroy();
    });
    try {
      await pipeline(zip.outputStream, res);
    } catch (error) {
      // The reader went away, or a file failed (already reported): nothing more can be sent.
      if (!failed && !res.destroyed) fail(error);
    }
  }

  /** `lang` as asked (en or ru), else the caller's own interface language. */
  private async language(actor: Actor, value: unknown): Promise<Locale> {
    if (value === undefined) {
      const user = await first(
        this.dataSource,
        db.selectFrom('app_user').select('locale').where('id', '=', actor.id),
      );
      return user?.locale === 'ru' ? 'ru' : 'en';
    }
    if (Array.isArray(value))
      throw badRequest('lang: give it once', 'query.once', { field: 'lang' });
    if (typeof value !== 'string' || !(LOCALES as readonly string[]).includes(value))
      throw badRequest(`lang: must be one of ${LOCALES.join(', ')}`, 'query.one_of', {
        field: 'lang',
        args: { allowed: LOCALES.join(', ') },
      });
    return value as Locale;
  }
}
