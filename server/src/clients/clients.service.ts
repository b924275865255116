import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SEXES, type ClientListItem, type ClientResponse, type ListResponse } from '@haven/shared';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService, filedUnder } from '../audit/audit.service.js';
import { listStatementKey, type Actor } from '../common/actor.js';
import { notFound } from '../common/errors.js';
import {
  ListStatements,
  listStatement,
  pageCountAndAudit,
  type ParsedList,
  parseListQuery,
  type ListSpec,
} from '../common/list-query.js';
import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import { db, first, isoInstant, rows, type On } from '../database/sql.js';
import type { Statement } from '../database/prepared.js';
import type { DB } from '../database/schema.js';
import { applyChanges, assertVersion } from '../common/versioning.js';
import { rejectNulls } from '../common/validators.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../encryption/field-encryption.js';
import type { UpdateClientDto } from './client.dto.js';
import { syncDocumentDeadlines } from '../deadlines/deadlines.service.js';
import { clientNameKey } from '../duplicates/name-key.js';
import { clientSearchRank, keyContains, nameKeyMatches, searchKeyWords } from './client-search.js';
import { ClientEntity } from './client.entity.js';
import {
  CLIENT_ENCRYPTED,
  clientListItemFromRow,
  encryptClientFields,
  openClientField,
  selectClients,
  toClientResponse,
} from './client.mapper.js';
import { transaction } from '../database/transaction.js';
import { recordConsentChange } from '../consent/consent.history.js';

/** Where `client_reach` files a team's own row of a client (no caseworker's): the nil uuid. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** What a client list row (clientListItemFromRow) reads, of the clients `scope` lets through: the list's base query. */
const clientListBase = (scope: Expression<SqlBool>) =>
  db
    .selectFrom('client as cl')
    .select((eb) => [
      'cl.id',
      'cl.reference',
      'cl.given_name as givenName',
      'cl.family_name as familyName',
      'cl.native_name as nativeName',
      eb.cast<string | null>('cl.date_of_birth', 'text').as('dateOfBirth'),
      'cl.date_of_birth_approximate as dateOfBirthApproximate',
      'cl.sex',
      'cl.nationality',
      'cl.languages',
      'cl.current_country as currentCountry',
      'cl.current_city as currentCity',
      eb.cast<string | null>('cl.arrival_date', 'text').as('arrivalDate'),
      isoInstant(eb.ref('cl.created_at')).as('createdAt'),
      isoInstant(eb.ref('cl.updated_at')).as('updatedAt'),
      'cl.version',
    ])
    .where('cl.merged_into_id', 'is', null)
    .where(scope);

/** The client list's dialect, over the columns of its base query. */
export const LIST: ListSpec<ReturnType<typeof clientListBase>> = {
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
  // What `q` matches: these, the client's name key (each word of the query's key, `searchKeyWords`:
  // Dmitry finds Дмитрий) and the references of the client's cases; for admins through the trigram
  // indexes of `client` and `case_search`, for everyone else through case_search within their
  // scope (`listStatement`). Exact matches come first, then prefixes (`clientSearchRank`).
  search: [
    (eb) =>
      sql<string>`${eb.ref('cl.given_name')} || ' ' || ${eb.ref('cl.family_name')} || ' ' || ${eb.ref('cl.reference')}`,
    'cl.native_name',
  ],
  tieBreaker: 'cl.id',
};

/**
 * What an admin's `q` matches, every client's: a name-like text (`searchKeyWords`) the names or the
 * name key, in one condition on `client` that its trigram indexes answer together (a BitmapOr:
 * no join, no scan of the table however common the name); a text with digits (a reference) also
 * the references of the client's cases, through `case_search`'s trigram index, the two sets
 * gathered once and the clients fetched by key. Anything else the list's own expressions.
 */
function adminSearch(
  search: NonNullable<ReturnType<typeof parseListQuery>['search']>,
  text: string,
  words: string[],
): Expression<SqlBool> | undefined {
  const eb = expressionBuilder<DB & { cl: DB['client'] }, 'cl'>();
  if (words.length > 0) return eb.or([search.condition(eb), nameKeyMatches(eb, words)]);
  if (!/\p{N}/u.test(text)) return undefined;
  return sql<SqlBool>`${sql.ref('cl.id')} IN (${db
    .selectFrom('client as cl')
    .select('cl.id')
    .where(search.condition)
    .union(
      db
        .selectFrom('case_search as s')
        .select('s.client_id as id')
        .where('s.case_reference', 'ilike', search.pattern),
    )})`;
}

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
  /** The client list's statements, compiled once per actor and shape. */
  private readonly statements = new ListStatements();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The teams a client's events are filed under (supervisors read their team's events): the acting
   * team and every team holding a case of the client, so that no team holding the person's file
   * misses what was done to it. Empty for an admin reading a client without cases.
   */
  static async teamsOf(on: On, actor: Actor, clientId: string): Promise<string[]> {
    const holding = await rows(
      on,
      db
        .selectFrom('legal_case')
        .select('team_id')
        .distinct()
        .where('client_id', '=', clientId)
        .orderBy('team_id'),
    );
    return [
      ...new Set([...(actor.teamId ? [actor.teamId] : []), ...holding.map((row) => row.team_id)]),
    ];
  }

  async list(actor: Actor, query: Record<string, unknown>): Promise<ListResponse<ClientListItem>> {
    const { rows, total } = await pageCountAndAudit(
      this.dataSource,
      this.listStatement(actor, query),
    );
    return { data: rows.map((row) => clientListItemFromRow(row, this.crypto)), total };
  }

  /** The statement `list` runs: the page, its total and the list-read audit event. */
  listStatement(actor: Actor, query: Record<string, unknown>) {
    const parsed = parseListQuery(query, LIST);
    return this.statements.statement(listStatementKey(actor), parsed, () =>
      this.buildListStatement(actor, query, parsed),
    );
  }

  private buildListStatement(
    actor: Actor,
    query: Record<string, unknown>,
    parsed: ParsedList<ReturnType<typeof clientListBase>>,
  ) {
    const admin = actor.role === 'admin';
    const text = parsed.search ? (query.q as string).trim() : '';
    const words = parsed.search ? searchKeyWords(text) : [];
    return listStatement(clientListBase(this.access.clientsListed(actor, 'cl')), parsed, {
      // The same expressions as LIST.search, within the caller's scope; an admin's search is every
      // client's (one without a case too), through the trigram indexes of `client`.
      search: !parsed.search
        ? undefined
        : admin
          ? adminSearch(parsed.search, text, words)
          : this.access.searchCases(
              actor,
              { column: sql.ref('cl.id'), via: 'client_id' },
              ['client_text', 'native_name', 'case_reference'],
              parsed.search.pattern,
              keyContains(words),
            ),
      rank: (eb) => clientSearchRank(eb, text, words, this.access.cases(actor, 'rc')),
      kept: { ...this.keptTotal(actor), filters: [] },
      keptPage: admin ? undefined : this.keptPage(actor),
      generic: !admin,
      audit: this.audit.listReadInsert(actor, 'client', query),
    });
  }

  /**
   * The unfiltered list's total, kept by writes (migration ListTotals): an admin's is every
   * client not merged into another; a supervisor's the clients with a case of the team, a
   * caseworker's those with a case of theirs — each client once, however many cases — summed under
   * the actor's own case scope over the team's or the (team, caseworker)'s rows.
   */
  private keptTotal(actor: Actor) {
    if (actor.role === 'admin')
      return { base: db.selectFrom('client_list_total as cl'), sum: 'cl.clients' };
    const scope = this.access.cases(actor, 'cl');
    return actor.role === 'supervisor'
      ? { base: db.selectFrom('client_team_total as cl').where(scope), sum: 'cl.clients' }
      : { base: db.selectFrom('client_assignee_total as cl').where(scope), sum: 'cl.clients' };
  }

  /**
   * A scoped list's page by family name, kept in order by writes (migration ClientReachNames): the
   * actor's rows of `client_reach` — a supervisor's team under the nil uuid, a caseworker's own
   * (team, caseworker) — with a case there and the client not merged into another, which are the
   * clients `AccessService.clientsListed` lets through, each once; their `family_name` is the
   * client's, kept by the triggers. An admin's list reads `client`'s own index of live names.
   */
  private keptPage(actor: Actor) {
    let base = db
      .selectFrom('client_reach as r')
      .innerJoin('client as c', 'c.id', 'r.client_id')
      .where('c.merged_into_id', 'is', null)
      .where('r.cases', '>', 0)
      .where(this.access.cases(actor, 'r'));
    if (actor.role === 'supervisor') base = base.where('r.assigned_to_id', '=', NIL_UUID);
    // Each of the page's clients checked again as `get` checks one (a probe of its cases), and
    // not merged: a kept row gone wrong shortens the page instead of showing someone else's client.
    const check = sql<SqlBool>`(${sql.ref('cl.merged_into_id')} IS NULL AND ${this.access.clients(actor, 'cl')})`;
    return { base, id: 'r.client_id', sortable: { familyName: 'r.family_name' }, check };
  }

  /** A client, read and audited in one prepared statement. */
  async get(actor: Actor, id: string): Promise<ClientResponse> {
    const client = await first(this.dataSource, this.getQuery(actor, id));
    if (!client) throw notFound('client');
    return toClientResponse(client, this.crypto);
  }

  /**
   * The query `get` runs: the client and the audit events of its read (none when not visible),
   * one for each team in `teamsOf` (the acting team and every team holding a case of theirs), or
   * a single one filed under no team when there is none (an admin reading a client without cases).
   */
  private getQuery(actor: Actor, id: string) {
    const actingTeam = actor.teamId;
    return db
      .with('found', () =>
        selectClients().where('cl.id', '=', id).where(this.access.clients(actor, 'cl')),
      )
      .with('teams', (qc) => {
        const holding = qc
          .selectFrom('legal_case as lc')
          .innerJoin('found', 'found.id', 'lc.client_id')
          .select('lc.team_id');
        return actingTeam
          ? qc
              .selectNoFrom((eb) => eb.cast<string>(eb.val(actingTeam), 'uuid').as('team_id'))
              .union(holding)
          : holding;
      })
      .with('filed', (qc) =>
        qc
          .selectFrom('teams')
          .select('team_id')
          .$castTo<{ team_id: string | null }>()
          .unionAll(
            qc
              .selectNoFrom((eb) => eb.cast<string | null>(eb.lit(null), 'uuid').as('team_id'))
              .where((eb) => eb.not(eb.exists(eb.selectFrom('teams').select(eb.lit(1).as('one'))))),
          ),
      )
      .with('audit', () =>
        this.audit.readAudit(actor, 'client', {
          from: ['found', 'filed'],
          id: sql.ref('found.id'),
          teamId: sql.ref('filed.team_id'),
          summary: sql`'read client ' || ${sql.ref('found.reference')}`,
        }),
      )
      .selectFrom('found')
      .selectAll();
  }

  /** `get`'s statement as it runs (for the benchmark, which runs it without HTTP). */
  getStatement(actor: Actor, id: string): Statement {
    const { sql: text, parameters } = this.getQuery(actor, id).compile();
    return { text, values: [...parameters], plan: 'prepared' };
  }

  async update(actor: Actor, id: string, dto: UpdateClientDto): Promise<ClientResponse> {
    rejectNulls(dto, REQUIRED);
    return transaction(this.dataSource, async (manager) => {
      const row = await first(
        manager,
        selectClients().where('cl.id', '=', id).where(this.access.clients(actor, 'cl')).forUpdate(),
      );
      if (!row) throw notFound('client');
      // The entity the save below diffs and writes (its version checked and bumped by TypeORM).
      const client = manager.getRepository(ClientEntity).create(row);
      assertVersion(client.version, dto.version);
      const { version: _version, ...fields } = dto;
      const plain: Partial<ClientEntity> = {};
      const secret: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(fields)) {
        if ((CLIENT_ENCRYPTED as readonly string[]).includes(key))
          secret[key] =
            typeof value === 'string'
              ? (key === 'email' ? value.trim().toLowerCase() : value.trim()) || null
              : value;
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
      // A consent set whole is recorded in the history as what was given and withdrawn.
      if (changed.includes('consent'))
        await recordConsentChange(manager, id, saved.consent, actor.id);
      // Expiry alerts go only into a case the caller may see, each audited for that case's team.
      const deadlineEvents = changed.includes('documents')
        ? await syncDocumentDeadlines(
            manager,
            this.crypto,
            this.access.cases(actor, 'c'),
            id,
            openClientField(this.crypto, 'documents', id, saved.documents),
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
