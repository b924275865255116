import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AnonymiseResponse } from '@haven/shared';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import type { AuditActor } from '../audit/audit.service.js';
import { AuditService, filedUnder } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { conflict, notFound } from '../common/errors.js';
import { logger } from '../common/logger.js';
import { db, exec, first, rows } from '../database/sql.js';
import { ageBandOver } from '../statistics/statistics.queries.js';
import { transaction } from '../database/transaction.js';
import { deadlineContext } from '../deadlines/deadline.entity.js';
import { DocumentsService } from '../documents/documents.service.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../encryption/field-encryption.js';
import { noteContext } from '../notes/notes.service.js';
import { taskContext } from '../tasks/task.entity.js';
import { ACTIVE_HOLD } from './legal-hold.js';

/** A client and every record merged into it, at any depth (ids, as a subquery). */
const mergedInto = (ids: string[]) =>
  sql<string>`(WITH RECURSIVE m(id) AS (
      SELECT unnest(${ids}::uuid[])
      UNION SELECT c.id FROM client c JOIN m ON c.merged_into_id = m.id)
    SELECT id FROM m)`;

/** What an erased title reads (titles are required: the column cannot be NULL). */
export const ERASED_TEXT = '—';
/** An anonymised client's name (the UI shows its own word for it, by `anonymisedAt`). */
export const ANONYMISED_NAME = 'Anonymised';

/**
 * Erasure of a client (GDPR Art. 17): by an admin on a request, or by retention. What identifies or
 * describes the person goes — names, contacts, whereabouts, papers, family, the special categories,
 * every free text of their cases (claims, notes and every revision, comments, tasks, deadlines,
 * stage reasons, a legal hold's reason) and their files; the date of birth keeps its year. What the
 * statistics count stays: nationality, sex, the year of birth, case type, jurisdiction, grounds,
 * stages, outcomes and their dates, the record keys. One transaction; the audit event names ids
 * and counts only.
 */
@Injectable()
export class AnonymiseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
  ) {}

  /** `POST /api/clients/:id/anonymise`: 404 when not visible, 409 under a legal hold, else 200. */
  async anonymise(actor: Actor, clientId: string): Promise<AnonymiseResponse> {
    const { result, files } = await transaction(this.dataSource, async (manager) => {
      const visible = await first(
        manager,
        db
          .selectFrom('client as cl')
          .select('cl.id')
          .where('cl.id', '=', clientId)
          .where(this.access.clients(actor, 'cl')),
      );
      if (!visible) throw notFound('client');
      await this.lockClients(manager, [clientId]);
      const before = await first(
        manager,
        db.selectFrom('client').select('anonymised_at').where('id', '=', clientId),
      );
      const erased = await this.erase(manager, actor, clientId, 'request');
      const after = await first(
        manager,
        db.selectFrom('client').select('anonymised_at').where('id', '=', clientId),
      );
      // Erasing again finds nothing new to erase (writes about an erased person are refused:
      // migrations/1767312000000-erasure-is-final.ts), but it costs little and proves it.
      return {
        result: {
          id: clientId,
          anonymisedAt: new Date(after!.anonymised_at!).toISOString(),
          changed: !before!.anonymised_at,
        },
        files: erased,
      };
    });
    await this.deleteFiles(files);
    return result;
  }

  /** Locks clients and then all their cases (in id order), as every erasure takes them. */
  async lockClients(manager: EntityManager, clientIds: string[]): Promise<void> {
    if (!clientIds.length) return;
    const ids = [...clientIds].sort();
    await exec(
      manager,
      db.selectFrom('client').select('id').where('id', 'in', ids).orderBy('id').forUpdate(),
    );
    // The records merged into them (erased with them), after them.
    await exec(
      manager,
      db
        .selectFrom('client')
        .select('id')
        .where('id', 'in', mergedInto(ids))
        .where('id', 'not in', ids)
        .orderBy('id')
        .forUpdate(),
    );
    await exec(
      manager,
      db
        .selectFrom('legal_case')
        .select('id')
        .where('client_id', 'in', ids)
        .orderBy('id')
        .forUpdate(),
    );
  }

  /**
   * Erases one client and everything of their cases, in the caller's transaction (the client and
   * its cases locked by `lockClients`). Refuses (409, nothing changed) when a case is under an
   * active legal hold. Returns the files to delete from an object store after the commit.
   */
  async erase(
    manager: EntityManager,
    actor: AuditActor & Partial<Pick<Actor, 'teamId'>>,
    clientId: string,
    reason: 'request' | 'retention',
  ): Promise<{ id: string; storage: string }[]> {
    const cases = await rows(
      manager,
      db
        .selectFrom('legal_case as c')
        .select([
          'c.id',
          'c.team_id as teamId',
          sql<boolean>`${sql.raw(ACTIVE_HOLD('c'))}`.as('held'),
        ])
        .where('c.client_id', '=', clientId)
        .orderBy('c.id'),
    );
    const held = cases.filter((c) => c.held).map((c) => c.id);
    if (held.length)
      throw conflict(
        `A case of this client is under a legal hold: ${held.join(', ')}`,
        'client.legal_hold',
        { field: null, args: { caseIds: held.join(', ') } },
      );
    const caseIds = cases.map((c) => c.id);
    // The one write allowed about an erased person (migrations/1767312000000-erasure-is-final.ts).
    await exec(manager, sql`SELECT set_config('haven.erasing', 'on', true)`);

    // The person, and every record of theirs merged into this one (a merge keeps the duplicate's
    // row, with its names and contacts, for an undo).
    await exec(
      manager,
      db
        .updateTable('client')
        .set({
          given_name: ANONYMISED_NAME,
          family_name: '',
          native_name: null,
          name_key: '',
          // Its year only: 1 January, or 31 December where 1 January would move the age at a
          // case's opening into another statistics band (it cannot do both for one case).
          date_of_birth: sql`CASE
            WHEN date_of_birth IS NULL THEN NULL
            WHEN EXISTS (SELECT 1 FROM legal_case ac WHERE ac.client_id = client.id
                           AND ${ageBandOver('ac', 'client', sql`date_trunc('year', client.date_of_birth)::date`)}
                               <> ${ageBandOver('ac', 'client')})
              THEN (date_trunc('year', date_of_birth) + interval '1 year - 1 day')::date
            ELSE date_trunc('year', date_of_birth)::date END`,
          date_of_birth_approximate: sql`date_of_birth_approximate OR date_of_birth IS NOT NULL`,
          phone: null,
          phone_index: null,
          email: null,
          safe_contact_channel: null,
          messages_allowed: false,
          current_city: null,
          arrival_date: null,
          entry_route: null,
          stay_permit_type: null,
          stay_permit_expires_on: null,
          stays: sql`'[]'::jsonb`,
          documents: null,
          dependants: null,
          vulnerabilities: null,
          ethnicity: null,
          religion: null,
          health_notes: null,
          sogi_notes: null,
          languages: sql`'{}'::varchar[]`,
          interpreter_gender: 'no_preference',
          current_country: null,
          anonymised_at: sql`coalesce(anonymised_at, now())`,
          updated_at: sql`now()`,
          version: sql`version + 1`,
        })
        .where('id', 'in', mergedInto([clientId])),
    );
    // The notes of the person's consent events and data requests (the events and requests stay:
    // they are the record of the basis and of the answer).
    await exec(
      manager,
      db
        .updateTable('consent_event')
        .set({ note: null })
        .where('client_id', '=', clientId)
        .where('note', 'is not', null),
    );
    await exec(
      manager,
      db
        .updateTable('data_request')
        .set({ note: null })
        .where('client_id', '=', clientId)
        .where('note', 'is not', null),
    );

    // Intake drafts opening a new case for the person (whoever's they are).
    const drafts = await rows(
      manager,
      db
        .deleteFrom('intake_draft')
        .where('client_id', 'in', mergedInto([clientId]))
        .returning('id'),
    );

    let counts = { notes: 0, tasks: 0, deadlines: 0, documents: 0 };
    let files: { id: string; storage: string }[] = [];
    if (caseIds.length) {
      await exec(
        manager,
        db
          .updateTable('legal_case')
          .set({
            claim_summary: null,
            service_history: null,
            referral_source: null,
            authority_references: null,
            summons_date: null,
            desertion_date: null,
            legal_hold_reason: null,
            updated_at: sql`now()`,
            version: sql`version + 1`,
          })
          .where('id', 'in', caseIds),
      );
      await exec(
        manager,
        db.updateTable('case_stage_change').set({ reason: null }).where('case_id', 'in', caseIds),
      );
      ({ counts, files } = await this.eraseCaseContents(manager, caseIds));
    }

    await this.audit.record(
      manager,
      actor,
      filedUnder(
        {
          action: 'delete',
          entityType: 'client',
          entityId: clientId,
          summary: `anonymised a client and ${caseIds.length} case(s)`,
          details: { anonymised: true, reason, caseIds, ...counts, intakeDrafts: drafts.length },
        },
        cases.map((c) => c.teamId),
      ),
    );
    return files;
  }

  /** Notes (every revision and comment), tasks, deadlines and documents of the cases. */
  private async eraseCaseContents(manager: EntityManager, caseIds: string[]) {
    const notes = await rows(
      manager,
      db.selectFrom('note').select('id').where('case_id', 'in', caseIds),
    );
    if (notes.length) {
      const ids = notes.map((n) => n.id);
      await exec(manager, db.deleteFrom('note_revision').where('note_id', 'in', ids));
      await exec(manager, db.deleteFrom('note_comment').where('note_id', 'in', ids));
      const titles = ids.map((id) => this.crypto.encrypt(ERASED_TEXT, noteContext('title', id)));
      const bodies = ids.map((id) => this.crypto.encrypt(ERASED_TEXT, noteContext('body', id)));
      await exec(
        manager,
        sql`UPDATE note SET title = v.title, body = v.body, evidence = NULL,
                            updated_at = now(), version = version + 1
              FROM unnest(${ids}::uuid[], ${titles}::text[], ${bodies}::text[]) AS v(id, title, body)
             WHERE note.id = v.id`,
      );
    }
    const tasks = await rows(
      manager,
      db.selectFrom('task').select('id').where('case_id', 'in', caseIds),
    );
    if (tasks.length) {
      const ids = tasks.map((t) => t.id);
      const titles = ids.map((id) => this.crypto.encrypt(ERASED_TEXT, taskContext('title', id)));
      await exec(
        manager,
        sql`UPDATE task SET title = v.title, description = NULL, review_comment = NULL,
                            title_code = NULL, title_params = NULL,
                            status = 'done', completed_at = coalesce(completed_at, now()),
                            updated_at = now(), version = version + 1
              FROM unnest(${ids}::uuid[], ${titles}::text[]) AS v(id, title)
             WHERE task.id = v.id`,
      );
    }
    const deadlines = await rows(
      manager,
      db.selectFrom('deadline').select('id').where('case_id', 'in', caseIds),
    );
    if (deadlines.length) {
      const ids = deadlines.map((d) => d.id);
      const titles = ids.map((id) => this.crypto.encrypt(ERASED_TEXT, deadlineContext(id)));
      await exec(
        manager,
        sql`UPDATE deadline SET title = v.title, explanation_code = NULL, explanation_params = NULL,
                                trigger_date = NULL, source_key = NULL,
                                status = CASE WHEN status = 'open' THEN 'waived'::deadline_status ELSE status END,
                                updated_at = now(), version = version + 1
              FROM unnest(${ids}::uuid[], ${titles}::text[]) AS v(id, title)
             WHERE deadline.id = v.id`,
      );
    }
    // Files: their rows go, and their chunks — in PostgreSQL with the transaction; in an object
    // store after the commit (`deleteFiles`), since a store cannot roll back.
    const documents = await rows(
      manager,
      db.deleteFrom('document').where('case_id', 'in', caseIds).returning(['id', 'storage']),
    );
    const pgIds = documents.filter((d) => d.storage === 'pg').map((d) => d.id);
    if (pgIds.length)
      await exec(manager, db.deleteFrom('document_chunk').where('blob_id', 'in', pgIds));
    return {
      counts: {
        notes: notes.length,
        tasks: tasks.length,
        deadlines: deadlines.length,
        documents: documents.length,
      },
      files: documents.filter((d) => d.storage !== 'pg'),
    };
  }

  /** Deletes files of erased documents from an object store (after the erasure committed). */
  async deleteFiles(files: { id: string; storage: string }[]): Promise<void> {
    for (const file of files) {
      try {
        await this.documents.stores.of(file.storage).delete(file.id);
      } catch (error) {
        // The rows are gone: an object left behind is ciphertext whose key went with them.
        logger().error(
          { err: error instanceof Error ? error.message : String(error), documentId: file.id },
          'deleting an erased document’s file failed',
        );
      }
    }
  }
}
