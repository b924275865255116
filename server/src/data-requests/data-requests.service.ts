import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  dataRequestDueOn,
  DATA_REQUEST_STATUSES,
  DATA_REQUEST_TYPES,
  type DataRequestListItem,
  type DataRequestResponse,
  type ListResponse,
} from '@haven/shared';
import { type Expression, type SqlBool } from 'kysely';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService, filedUnder } from '../audit/audit.service.js';
import { ClientsService } from '../clients/clients.service.js';
import type { Actor } from '../common/actor.js';
import { conflict, notFound } from '../common/errors.js';
import {
  listStatement,
  pageCountAndAudit,
  parseListQuery,
  type ListSpec,
} from '../common/list-query.js';
import { assertVersion } from '../common/versioning.js';
import { db, exec, first, type On, type RowsOf } from '../database/sql.js';
import { transaction } from '../database/transaction.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../encryption/field-encryption.js';
import type { CreateDataRequestDto, UpdateDataRequestDto } from './data-request.dto.js';
import { dataRequestNoteContext } from './data-request.entity.js';

/** What a list row shows, of the requests of the clients `scope` lets through (null: all, an admin's). */
const dataRequestListBase = (scope: Expression<SqlBool> | null) => {
  const base = db
    .selectFrom('data_request as r')
    .innerJoin('client as cl', 'cl.id', 'r.client_id')
    .select((eb) => [
      'r.id',
      'r.client_id as clientId',
      'cl.reference as clientReference',
      'r.type',
      'r.status',
      eb.cast<string>('r.received_on', 'text').as('receivedOn'),
      eb.cast<string>('r.due_on', 'text').as('dueOn'),
      'r.closed_at as closedAt',
      'r.closed_by_id as closedById',
      'r.created_by_id as createdById',
      'r.created_at as createdAt',
      'r.updated_at as updatedAt',
      'r.version',
    ]);
  return scope ? base.where(scope) : base;
};

/** A request's row as the service reads it (the note still sealed). */
const dataRequestRows = () => dataRequestListBase(null).select('r.note');
type DataRequestRow = RowsOf<ReturnType<typeof dataRequestRows>>;

/** The data-request list's dialect. Notes are ciphertext: neither searched nor sorted. */
export const LIST: ListSpec<ReturnType<typeof dataRequestListBase>> = {
  sortable: {
    receivedOn: 'r.received_on',
    dueOn: 'r.due_on',
    createdAt: 'r.created_at',
  },
  defaultSort: { field: 'createdAt', order: 'DESC' },
  filters: {
    id: { column: 'r.id', type: 'uuid' },
    clientId: { column: 'r.client_id', type: 'uuid' },
    type: { column: 'r.type', type: 'enum', values: DATA_REQUEST_TYPES },
    status: { column: 'r.status', type: 'enum', values: DATA_REQUEST_STATUSES },
    receivedOn: { column: 'r.received_on', type: 'date', range: true },
    dueOn: { column: 'r.due_on', type: 'date', range: true },
  },
  tieBreaker: 'r.id',
};

/**
 * A person's requests about their data (api-contract.md, Data protection): access, rectification,
 * erasure, restriction, objection, each due a calendar month after receipt. Seen by whoever may see
 * the client: another's request — or a client named in a body or a filter — is a 404.
 */
@Injectable()
export class DataRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  private toListItem(row: Omit<DataRequestRow, 'note'>): DataRequestListItem {
    return {
      id: row.id,
      clientId: row.clientId,
      clientReference: row.clientReference,
      type: row.type,
      status: row.status,
      receivedOn: row.receivedOn,
      dueOn: row.dueOn,
      closedAt: row.closedAt?.toISOString() ?? null,
      closedById: row.closedById,
      createdById: row.createdById,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      version: row.version,
    };
  }

  private toResponse(row: DataRequestRow): DataRequestResponse {
    return {
      ...this.toListItem(row),
      note: this.crypto.decrypt(row.note, dataRequestNoteContext(row.id)),
    };
  }

  /** A request the actor may see (through its client), optionally locked; otherwise a 404. */
  private async visibleRequest(actor: Actor, on: On, id: string, lock = false) {
    let query = dataRequestRows().where('r.id', '=', id).where(this.access.clients(actor, 'cl'));
    if (lock) query = query.forUpdate('r');
    const row = await first(on, query);
    if (!row) throw notFound('data_request');
    return row;
  }

  /** Every client named must be one the actor may see: otherwise a 404, as for an id. */
  private async assertClientsVisible(actor: Actor, on: On, ids: readonly string[]) {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return;
    const found = await first(
      on,
      db
        .selectFrom('client as cl')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) => eb('cl.id', '=', eb.fn.any(eb.val(wanted))))
        .where(this.access.clients(actor, 'cl')),
    );
    if (Number(found?.n ?? 0) !== wanted.length) throw notFound('client');
  }

  async list(
    actor: Actor,
    query: Record<string, unknown>,
  ): Promise<ListResponse<DataRequestListItem>> {
    const parsed = parseListQuery(query, LIST);
    const named = query.clientId;
    if (named !== undefined)
      await this.assertClientsVisible(
        actor,
        this.dataSource,
        (Array.isArray(named) ? named : [named]) as string[],
      );
    const { rows: page, total } = await pageCountAndAudit(
      this.dataSource,
      listStatement(
        dataRequestListBase(actor.role === 'admin' ? null : this.access.clientsListed(actor, 'cl')),
        parsed,
        { audit: this.audit.listReadInsert(actor, 'data_request', query) },
      ),
    );
    return { data: page.map((row) => this.toListItem(row)), total };
  }

  /** A request in full, its note decrypted: an audited read, filed under the client's teams. */
  async get(actor: Actor, id: string): Promise<DataRequestResponse> {
    const row = await this.visibleRequest(actor, this.dataSource, id);
    await this.audit.record(
      this.dataSource.manager,
      actor,
      filedUnder(
        {
          action: 'read',
          entityType: 'data_request',
          entityId: id,
          summary: 'read a data request',
          details: { clientId: row.clientId },
        },
        await ClientsService.teamsOf(this.dataSource, actor, row.clientId),
      ),
    );
    return this.toResponse(row);
  }

  async create(actor: Actor, dto: CreateDataRequestDto): Promise<DataRequestResponse> {
    const id = randomUUID();
    const note = dto.note?.trim() || null;
    return transaction(this.dataSource, async (manager) => {
      await this.assertClientsVisible(actor, manager, [dto.clientId]);
      await exec(
        manager,
        db.insertInto('data_request').values({
          id,
          client_id: dto.clientId,
          type: dto.type,
          status: 'open',
          received_on: dto.receivedOn,
          due_on: dataRequestDueOn(dto.receivedOn),
          note: this.crypto.encrypt(note, dataRequestNoteContext(id)),
          created_by_id: actor.id,
        }),
      );
      await this.audit.record(
        manager,
        actor,
        filedUnder(
          {
            action: 'create',
            entityType: 'data_request',
            entityId: id,
            summary: `recorded a data request (${dto.type})`,
            details: { clientId: dto.clientId, type: dto.type },
          },
          await ClientsService.teamsOf(manager, actor, dto.clientId),
        ),
      );
      return this.toResponse((await first(manager, dataRequestRows().where('r.id', '=', id)))!);
    });
  }

  /**
   * Closes a request (open → done or refused: when and by whom recorded) or edits its note, with
   * the version last read. A closed request keeps its status (409).
   */
  async update(actor: Actor, id: string, dto: UpdateDataRequestDto): Promise<DataRequestResponse> {
    return transaction(this.dataSource, async (manager) => {
      const row = await this.visibleRequest(actor, manager, id, true);
      assertVersion(row.version, dto.version);
      const changed: string[] = [];
      const closing = dto.status !== undefined && dto.status !== row.status;
      if (closing) {
        if (row.status !== 'open')
          throw conflict('status: the request is closed already', 'data_request.closed', {
            field: 'status',
          });
        changed.push('status');
      }
      let sealedNote: string | null | undefined;
      if (dto.note !== undefined) {
        const note = dto.note?.trim() || null;
        if (note !== this.crypto.decrypt(row.note, dataRequestNoteContext(id))) {
          sealedNote = this.crypto.encrypt(note, dataRequestNoteContext(id));
          changed.push('note');
        }
      }
      if (changed.length === 0) return this.toResponse(row);
      await exec(
        manager,
        db
          .updateTable('data_request')
          .set((eb) => ({
            ...(closing
              ? { status: dto.status, closed_at: eb.fn<Date>('now'), closed_by_id: actor.id }
              : {}),
            ...(sealedNote !== undefined ? { note: sealedNote } : {}),
            version: eb('version', '+', 1),
            updated_at: eb.fn<Date>('now'),
          }))
          .where('id', '=', id),
      );
      await this.audit.record(
        manager,
        actor,
        filedUnder(
          {
            action: 'update',
            entityType: 'data_request',
            entityId: id,
            summary: closing
              ? `closed a data request (${row.type}): ${dto.status}`
              : `updated ${changed.join(', ')}`,
            details: {
              clientId: row.clientId,
              fields: changed,
              ...(closing ? { status: dto.status } : {}),
            },
          },
          await ClientsService.teamsOf(manager, actor, row.clientId),
        ),
      );
      return this.toResponse((await first(manager, dataRequestRows().where('r.id', '=', id)))!);
    });
  }
}
