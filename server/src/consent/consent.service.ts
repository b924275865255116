import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  consentStates,
  DEFAULT_CONSENT_BASIS,
  type Consent,
  type ConsentEvent,
  type ConsentHistoryResponse,
  type RecordConsentResponse,
} from '@haven/shared';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService, filedUnder } from '../audit/audit.service.js';
import { ClientsService } from '../clients/clients.service.js';
import type { Actor } from '../common/actor.js';
import { badRequest, conflict, notFound } from '../common/errors.js';
import { db, exec, first, rows, type On } from '../database/sql.js';
import { transaction } from '../database/transaction.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../encryption/field-encryption.js';
import type { RecordConsentDto } from './consent.dto.js';
import { consentNoteContext } from './consent-event.entity.js';
import { insertConsentEvents, latestConsentEvents, projectConsent } from './consent.history.js';

/** A history is short (a handful of events a year): read whole, up to this many. */
const HISTORY_LIMIT = 1000;

/**
 * Consent as a history (api-contract.md, Data protection): events recorded one at a time, each
 * keeping the client's `consent` — the current state, which the statistics read — in step in the
 * same transaction. Seen and recorded by whoever may see the client (404 otherwise).
 */
@Injectable()
export class ConsentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** The client, if the actor may see them (locked for a write), with its current consent. */
  private async visibleClient(actor: Actor, on: On, clientId: string, lock = false) {
    let query = db
      .selectFrom('client as cl')
      .select((eb) => ['cl.id', eb.ref('cl.consent').$castTo<Consent | null>().as('consent')])
      .where('cl.id', '=', clientId)
      .where(this.access.clients(actor, 'cl'));
    if (lock) query = query.forUpdate();
    const row = await first(on, query);
    if (!row) throw notFound('client');
    return row;
  }

  private async events(on: On, clientId: string): Promise<ConsentEvent[]> {
    const found = await rows(
      on,
      db
        .selectFrom('consent_event as e')
        .select((eb) => [
          'e.id',
          'e.client_id as clientId',
          'e.scope',
          'e.action',
          eb.cast<string>('e.on', 'text').as('on'),
          'e.language',
          'e.basis',
          'e.note',
          'e.recorded_by_id as recordedById',
          'e.created_at as createdAt',
        ])
        .where('e.client_id', '=', clientId)
        .orderBy('e.on', 'desc')
        .orderBy('e.created_at', 'desc')
        .orderBy('e.id', 'desc')
        .limit(HISTORY_LIMIT),
    );
    return found.map((row) => ({
      ...row,
      note: this.crypto.decrypt(row.note, consentNoteContext(row.id)),
      createdAt: row.createdAt.toISOString(),
    }));
  }

  /** The history newest first and every scope's state: an audited read, filed under the client's teams. */
  async history(actor: Actor, clientId: string): Promise<ConsentHistoryResponse> {
    await this.visibleClient(actor, this.dataSource, clientId);
    const data = await this.events(this.dataSource, clientId);
    await this.audit.record(
      this.dataSource.manager,
      actor,
      filedUnder(
        {
          action: 'read',
          entityType: 'client',
          entityId: clientId,
          summary: 'read the consent history',
          details: { events: data.length },
        },
        await ClientsService.teamsOf(this.dataSource, actor, clientId),
      ),
    );
    return { data, current: consentStates(data) };
  }

  /**
   * Records one giving or withdrawal, in order (not before the scope's latest event), and brings
   * the client's `consent` in line in the same transaction. A withdrawal of what is not given is a
   * 409. The audit event names the scope and the action, never the note.
   */
  async record(
    actor: Actor,
    clientId: string,
    dto: RecordConsentDto,
  ): Promise<RecordConsentResponse> {
    const note = dto.note?.trim() || null;
    return transaction(this.dataSource, async (manager) => {
      const client = await this.visibleClient(actor, manager, clientId, true);
      const latest = await latestConsentEvents(manager, clientId);
      const last = latest.find((event) => event.scope === dto.scope);
      if (last && dto.on < last.on)
        throw badRequest(
          `on: before the latest event of this scope (${last.on}); record events in order`,
          'consent.out_of_order',
          { field: 'on', args: { latest: last.on } },
        );
      if (dto.action === 'withdrawn' && last?.action !== 'given')
        throw conflict('scope: consent to this scope is not given', 'consent.not_given', {
          field: 'scope',
        });
      const id = randomUUID();
      const basis =
        dto.basis ??
        (dto.action === 'withdrawn' && last ? last.basis : DEFAULT_CONSENT_BASIS[dto.scope]);
      await insertConsentEvents(
        manager,
        clientId,
        [
          {
            id,
            scope: dto.scope,
            action: dto.action,
            on: dto.on,
            language: dto.language ?? client.consent?.language ?? null,
            basis,
            note: this.crypto.encrypt(note, consentNoteContext(id)),
          },
        ],
        actor.id,
      );
      const after = projectConsent(await latestConsentEvents(manager, clientId), client.consent);
      if (!sameConsent(after, client.consent))
        await exec(
          manager,
          db
            .updateTable('client')
            .set((eb) => ({
              consent: after === null ? null : JSON.stringify(after),
              // Without that consent, no message may be left for them (the intake's flag follows it).
              ...(dto.scope === 'contact_by_message' && dto.action === 'withdrawn'
                ? { messages_allowed: false }
                : {}),
              version: eb('version', '+', 1),
              updated_at: eb.fn<Date>('now'),
            }))
            .where('id', '=', clientId),
        );
      await this.audit.record(
        manager,
        actor,
        filedUnder(
          {
            action: 'create',
            entityType: 'consent_event',
            entityId: id,
            summary: `consent ${dto.action}: ${dto.scope}`,
            details: { clientId, scope: dto.scope, action: dto.action, basis },
          },
          await ClientsService.teamsOf(manager, actor, clientId),
        ),
      );
      const data = await this.events(manager, clientId);
      return { event: data.find((event) => event.id === id)!, current: consentStates(data) };
    });
  }
}

/** Whether two consents say the same (jsonb keeps its own key order). */
function sameConsent(a: Consent | null, b: Consent | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.givenOn === b.givenOn &&
    a.language === b.language &&
    a.scopes.length === b.scopes.length &&
    a.scopes.every((scope, i) => b.scopes[i] === scope)
  );
}
