import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SEXES, type ClientListItem, type ClientResponse, type ListResponse } from '@haven/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService, filedUnder } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { notFound } from '../common/errors.js';
import {
  listStatement,
  pageCountAndAudit,
  param,
  parseListQuery,
  positional,
  type ListSpec,
} from '../common/list-query.js';
import { entityColumns } from '../database/entity-columns.js';
import { runStatement, type Statement } from '../database/prepared.js';
import { applyChanges, assertVersion } from '../common/versioning.js';
import { rejectNulls } from '../common/validators.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../encryption/field-encryption.js';
import type { UpdateClientDto } from './client.dto.js';
import { syncDocumentDeadlines } from '../deadlines/deadlines.service.js';
import { clientNameKey } from '../duplicates/name-key.js';
import { ClientEntity } from './client.entity.js';
import {
  CLIENT_ENCRYPTED,
  clientListItemFromRow,
  encryptClientFields,
  toClientResponse,
  type ClientListRow,
} from './client.mapper.js';
import { transaction } from '../database/transaction.js';

/** The client list's dialect, over column names (the list runs as one hand-written statement). */
const LIST: ListSpec = {
  sortable: {
    familyName: 'cl.family_name',
    givenName: 'cl.given_name',
    reference: 'cl.reference',
    nationality: 'cl.nationality',
    dateOfBirth: 'cl.date_of_birth',
    arrivalDate: 'cl.arrival_date',
    createdAt: 'cl.created_at',
    updatedAt: 'cl.updated_at',
  },
  defaultSort: { field: 'createdAt', order: 'DESC' },
  filters: {
    id: { column: 'cl.id', type: 'uuid' },
    nationality: { column: 'cl.nationality', type: 'string' },
    sex: { column: 'cl.sex', type: 'enum', values: SEXES },
    currentCountry: { column: 'cl.current_country', type: 'string' },
    arrivalDate: { column: 'cl.arrival_date', type: 'date', range: true },
    dateOfBirth: { column: 'cl.date_of_birth', type: 'date', range: true },
    createdAt: { column: 'cl.created_at', type: 'instant', range: true },
  },
  // What `q` matches: for admins through the client table's trigram indexes, for everyone else
  // through case_search (the same expressions, within their scope).
  search: [`(cl.given_name || ' ' || cl.family_name || ' ' || cl.reference)`, 'cl.native_name'],
  tieBreaker: 'cl.id',
};

/** What a list row (clientListItemFromRow) reads. */
const LIST_SOURCE = {
  from: 'client cl',
  columns: `cl.id, cl.reference, cl.given_name AS "givenName", cl.family_name AS "familyName", cl.native_name AS "nativeName",
    cl.date_of_birth::text AS "dateOfBirth", cl.date_of_birth_approximate AS "dateOfBirthApproximate", cl.sex, cl.nationality,
    cl.languages, cl.current_country AS "currentCountry", cl.current_city AS "currentCity", cl.arrival_date::text AS "arrivalDate",
    cl.created_at AS "createdAt", cl.updated_at AS "updatedAt", cl.version`,
};

/** Fields that exist on every client: PATCH may change them but not empty them. */
const REQUIRED = [
  'givenName',
  'familyName',
  'sex',
  'nationality',
  'languages',
  'interpreterGender',
  'messagesAllowed',
  'dateOfBirthApproximate',
  'documents',
  'dependants',
  'vulnerabilities',
  'stays',
] as const;

@Injectable()
export class ClientsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  private scoped(actor: Actor, manager: EntityManager = this.dataSource.manager) {
    return this.access.scopeClients(
      actor,
      manager.getRepository(ClientEntity).createQueryBuilder('cl'),
      'cl',
    );
  }

  /**
   * The teams a client's events are filed under (supervisors read their team's events): the acting
   * team and every team holding a case of the client, so that no team holding the person's file
   * misses what was done to it. Empty for an admin reading a client without cases.
   */
  static async teamsOf(manager: EntityManager, actor: Actor, clientId: string): Promise<string[]> {
    const rows = await manager.query<{ team_id: string }[]>(
      'SELECT DISTINCT team_id FROM legal_case WHERE client_id = $1 ORDER BY team_id',
      [clientId],
    );
    return [
      ...new Set([...(actor.teamId ? [actor.teamId] : []), ...rows.map((row) => row.team_id)]),
    ];
  }

  async list(actor: Actor, query: Record<string, unknown>): Promise<ListResponse<ClientListItem>> {
    const { rows, total } = await pageCountAndAudit<ClientListRow>(
      this.dataSource,
      this.listStatement(actor, query),
    );
    return { data: rows.map(clientListItemFromRow), total };
  }

  /** The statement `list` runs: the page, its total and the list-read audit event. */
  listStatement(actor: Actor, query: Record<string, unknown>): Statement {
    const parsed = parseListQuery(query, LIST);
    const scope = this.access.clientCondition(actor, 'cl');
    // The same expressions as LIST.search, within the caller's scope; an admin's search is every
    // client's (one without a case too), through the client table's own trigram indexes.
    const search =
      parsed.search && scope.sql !== 'true'
        ? this.access.searchWithinScope(
            actor,
            { column: 'cl.id', via: 'client_id' },
            ['client_text', 'native_name'],
            parsed.search.pattern,
          )
        : undefined;
    return listStatement(
      {
        ...LIST_SOURCE,
        where: [
          { sql: 'cl.merged_into_id IS NULL', params: {} },
          ...(scope.sql === 'true' ? [] : [scope]),
        ],
        search,
        generic: scope.sql !== 'true',
      },
      parsed,
      this.audit.listReadInsert(actor, 'client', query),
    );
  }

  /** A client, read and audited in one prepared statement. */
  async get(actor: Actor, id: string): Promise<ClientResponse> {
    const [client] = await runStatement<ClientEntity>(
      this.dataSource,
      this.getStatement(actor, id),
    );
    if (!client) throw notFound('client');
    return toClientResponse(client, this.crypto);
  }

  /**
   * The statement `get` runs: the client and the audit events of its read (none when not visible),
   * one for each team in `teamsOf` (the acting team and every team holding a case of theirs), or
   * a single one filed under no team when there is none (an admin reading a client without cases).
   */
  getStatement(actor: Actor, id: string): Statement {
    const scope = this.access.clientCondition(actor, 'cl');
    const values: unknown[] = [id];
    const visible = scope.sql === 'true' ? '' : ` AND ${positional(scope, values)}`;
    const actingTeam = param(values, actor.teamId);
    const audit = this.audit.readInsert(actor, 'client', {
      from: 'found CROSS JOIN filed',
      id: 'found.id',
      teamId: 'filed.team_id',
      summary: `'read client ' || found.reference`,
    })(values);
    return {
      text: `WITH found AS (
         SELECT ${entityColumns(this.dataSource, ClientEntity, 'cl')} FROM client cl WHERE cl.id = $1${visible}
       ), teams AS (
         SELECT ${actingTeam}::uuid AS team_id WHERE ${actingTeam}::uuid IS NOT NULL
         UNION SELECT lc.team_id FROM legal_case lc JOIN found ON lc.client_id = found.id
       ), filed AS (
         SELECT team_id FROM teams UNION ALL SELECT NULL::uuid WHERE NOT EXISTS (SELECT 1 FROM teams)
       ), audit AS (${audit})
       SELECT * FROM found`,
      values,
      plan: 'prepared',
    };
  }

  async update(actor: Actor, id: string, dto: UpdateClientDto): Promise<ClientResponse> {
    rejectNulls(dto, REQUIRED);
    return transaction(this.dataSource, async (manager) => {
      const client = await this.scoped(actor, manager)
        .andWhere('cl.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      if (!client) throw notFound('client');
      assertVersion(client.version, dto.version);
      const { version: _version, ...fields } = dto;
      const plain: Partial<ClientEntity> = {};
      const secret: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(fields)) {
        if ((CLIENT_ENCRYPTED as readonly string[]).includes(key)) secret[key] = value;
        else
          (plain as Record<string, unknown>)[key] =
            typeof value === 'string' ? value.trim() || null : value;
      }
      const changed = [
        ...applyChanges(client, plain),
        ...encryptClientFields(client, secret, this.crypto),
      ];
      if (changed.length === 0) return toClientResponse(client, this.crypto);
      if (changed.some((f) => ['givenName', 'familyName', 'nativeName'].includes(f))) {
        client.nameKey = clientNameKey(client.givenName, client.familyName, client.nativeName);
      }
      const saved = await manager.getRepository(ClientEntity).save(client);
      // Expiry alerts go only into a case the caller may see, each audited for that case's team.
      const deadlineEvents = changed.includes('documents')
        ? await syncDocumentDeadlines(
            manager,
            this.access.caseCondition(actor, 'c'),
            id,
            saved.documents,
          )
        : [];
      const update = {
        action: 'update',
        entityType: 'client',
        entityId: id,
        summary: `updated ${changed.join(', ')}`,
        details: { fields: changed },
      } as const;
      await this.audit.record(manager, actor, [
        ...filedUnder(update, await ClientsService.teamsOf(manager, actor, id)),
        ...deadlineEvents,
      ]);
      return toClientResponse(saved, this.crypto);
    });
  }
}
