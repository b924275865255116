import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  MERGE_UNDO_DAYS,
  hasPermission,
  type ClientMergesResponse,
  type DuplicateCandidate,
  type DuplicateReason,
  type ErrorCode,
  type MergeResult,
  type MergeUndoResult,
  type PossibleDuplicatesResponse,
} from '@haven/shared';
import { sql, type SqlBool } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService, filedUnder, type AuditInput } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import {
  badRequest,
  conflict,
  forbidden,
  notFound,
  TooManyRequestsException,
} from '../common/errors.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { subkey } from '../config/subkeys.js';
import { markCaseActivity } from '../cases/activity.js';
import type { Statement } from '../database/prepared.js';
import { db, exec, first, rows, type RowsOf } from '../database/sql.js';
import { isDateOnly, isUuid } from '../common/validators.js';
import { clientNameKey, consonantSkeleton } from './name-key.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../encryption/field-encryption.js';
import { phoneDigits } from '../clients/client.mapper.js';
import { transaction } from '../database/transaction.js';

/** A candidate as the check's statement returns it (`candidates`). */
type CandidateRow = RowsOf<ReturnType<DuplicatesService['candidates']>['query']>;

const UNDO_DAYS = MERGE_UNDO_DAYS;
const NON_LATIN = /[^\u0000-\u024f\s'’-]/;
/** A name this similar (after the consonant-skeleton rule) is a strong match. */
const STRONG_NAME = 0.75;
/** Checks per user per rolling minute, across instances (counted from the audit trail), unless configured. */
export const DUPLICATE_CHECKS_PER_MINUTE = 30;
/** The advisory-lock class of the per-user check lock (the second key is the user's id hashed). */
const CHECK_LOCK_CLASS = 7271018;
export const RESTRICTED_MESSAGE = 'A possible match is held by another team — ask your supervisor.';
/** The 429's stable code: the client translates it. */
export const RATE_LIMITED_CODE = 'duplicates.rate_limited' satisfies ErrorCode;

/** The 429 of a caller over the check's limit, with its code. */
export class DuplicateChecksLimitException extends TooManyRequestsException {
  constructor(limit: number) {
    super(
      `Too many duplicate checks: at most ${limit} a minute; try again shortly`,
      60,
      RATE_LIMITED_CODE,
    );
  }
}

type CheckInputs = {
  key: string;
  nativeName: string;
  dateOfBirth: string | null;
  nationality: string | null;
  phone: string | null;
  /** The phone's blind index (FieldEncryption.blindIndex): what the database compares. */
  phoneIndex: string | null;
  excludeId: string | null;
};

@Injectable()
export class DuplicatesService {
  /** Keys the HMAC that stands for a check's inputs in the audit trail: derived, never the secret itself. */
  private readonly inputsKey: Buffer;
  private readonly checksPerMinute: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(HAVEN_CONFIG) config: Pick<HavenConfig, 'secret' | 'duplicateChecksPerMinute'>,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
  ) {
    this.inputsKey = subkey(config.secret, 'duplicate-check-inputs');
    this.checksPerMinute = config.duplicateChecksPerMinute ?? DUPLICATE_CHECKS_PER_MINUTE;
  }

  /**
   * Candidates for the person being registered, scored and ranked with their reasons. Names are
   * compared as keys (name-key.ts) by trigram similarity on an indexed column; a same date of birth
   * with the same nationality, or the same phone, also brings a candidate in.
   *
   * Need-to-know: only clients the caller may see are shown, scored and ranked; of the others the
   * answer says at most that one of them is a strong match of name and date of birth, so that no
   * probe (a phone, a name, a birth date tried in turn) learns more than that one bit, and what the
   * caller sees otherwise is the same whoever else holds whom. Every check is audited — under the
   * caller's team with what the caller was shown, and under each team holding a candidate with that
   * team's candidates — and a user runs at most `checksPerMinute` of them a minute (`takeCheck`).
   */
  async find(actor: Actor, query: Record<string, unknown>): Promise<PossibleDuplicatesResponse> {
    const { inputs, query: candidates } = this.candidates(actor, query);
    const { key, nativeName, dateOfBirth, nationality, phoneIndex, excludeId } = inputs;
    if (!(await this.takeCheck(actor)))
      throw new DuplicateChecksLimitException(this.checksPerMinute);
    const found = await rows(this.dataSource, candidates, { plan: 'generic' });
    const queryScripts = NON_LATIN.test(nativeName) ? 'native' : 'latin';
    const scored = found.map((row) => {
      const reasons: DuplicateReason[] = [];
      // Same consonants in the same words: a vowel-only difference of romanisation.
      const sim =
        key && consonantSkeleton(row.name_key) === consonantSkeleton(key)
          ? Math.max(row.sim, 0.8)
          : row.sim;
      let score = Math.round(sim * 70);
      if (sim >= STRONG_NAME) {
        const candidateHasNative = Boolean(row.native_name && NON_LATIN.test(row.native_name));
        reasons.push(
          candidateHasNative !== (queryScripts === 'native') ||
            (queryScripts === 'latin' && candidateHasNative)
            ? 'name matches across scripts'
            : 'same name',
        );
      } else if (sim >= 0.45) reasons.push('similar name');
      if (dateOfBirth && row.date_of_birth) {
        if (row.date_of_birth === dateOfBirth) {
          score += 25;
          reasons.push('same date of birth');
        } else if (
          Math.abs(Number(row.date_of_birth.slice(0, 4)) - Number(dateOfBirth.slice(0, 4))) <= 1
        ) {
          score += 8;
          reasons.push('birth year ±1');
        }
      }
      if (nationality && row.nationality === nationality) {
        score += 5;
        reasons.push('same nationality');
      }
      if (phoneIndex && row.phone_index === phoneIndex) {
        // A shared phone number is strong evidence on its own.
        score += 40;
        reasons.push('same phone');
      }
      const strong =
        sim >= STRONG_NAME && dateOfBirth !== null && row.date_of_birth === dateOfBirth;
      return { row, score: Math.min(100, score), reasons, strong };
    });

    // The visible candidates are ranked among themselves only, so that no invisible client can
    // push one out of the ten, nor the client being edited (excludeId) be its own duplicate.
    const shown = scored
      .filter((c) => c.row.visible && c.row.id !== excludeId && c.score >= 35)
      .sort((a, b) => b.score - a.score || a.row.id.localeCompare(b.row.id))
      .slice(0, 10);
    // Every invisible candidate stays out of the answer; the strong ones raise the one flag.
    const held = scored.filter((c) => !c.row.visible && (c.strong || c.score >= 35));
    const restricted = held.some((c) => c.strong);

    await this.audit.record(
      this.dataSource.manager,
      actor,
      this.checkEvents(
        actor,
        inputs,
        shown.map((c) => c.row),
        held.map((c) => c.row),
        restricted,
      ),
    );
    const data: DuplicateCandidate[] = shown.map(({ row, score, reasons }) => ({
      id: row.id,
      restricted: false,
      score,
      reasons,
      reference: row.reference,
      givenName: row.given_name,
      familyName: row.family_name,
      nativeName: row.native_name,
      dateOfBirth: row.date_of_birth,
      nationality: row.nationality,
    }));
    if (restricted) data.push({ restricted: true, message: RESTRICTED_MESSAGE });
    return { data };
  }

  /**
   * Counts one check against the user's allowance (`checksPerMinute` in any rolling minute), or
   * says no. Across instances and under concurrency: a per-user advisory lock held for this short
   * transaction only (two statements), so that simultaneous checks cannot all pass while the checks
   * themselves run side by side.
   */
  private async takeCheck(actor: Actor): Promise<boolean> {
    return transaction(this.dataSource, async (manager) => {
      await exec(
        manager,
        db.selectNoFrom(
          sql`pg_advisory_xact_lock(${CHECK_LOCK_CLASS}, hashtext(${actor.id}::text))`.as('locked'),
        ),
      );
      const minuteAgo = sql<Date>`statement_timestamp() - interval '1 minute'`;
      // After the lock, so this statement's snapshot holds every check counted by whoever held it before.
      const taken = await rows(
        manager,
        db
          .with('expired', (qb) =>
            qb
              .deleteFrom('duplicate_check')
              .where('user_id', '=', actor.id)
              .where('at', '<=', minuteAgo),
          )
          .insertInto('duplicate_check')
          .columns(['user_id', 'at'])
          .expression(
            db
              .selectNoFrom([
                sql<string>`${actor.id}::uuid`.as('user_id'),
                sql<Date>`statement_timestamp()`.as('at'),
              ])
              .where((eb) =>
                eb(
                  eb
                    .selectFrom('duplicate_check')
                    .select((counted) => counted.fn.countAll().as('n'))
                    .where('user_id', '=', actor.id)
                    .where('at', '>', minuteAgo),
                  '<',
                  this.checksPerMinute,
                ),
              ),
          )
          .returning(sql<number>`1`.as('taken')),
      );
      return taken.length > 0;
    });
  }

  /**
   * The check's audit events: one under the caller's team naming only the clients shown (names and
   * dates of birth are a read of them) and whether the restricted flag was raised; one under each
   * team holding a case of a candidate, naming only that team's candidates the caller was not shown
   * there. The inputs appear only as an HMAC (the same inputs give the same value, so repeated
   * probes can be told apart from distinct people without the names being stored).
   */
  private checkEvents(
    actor: Actor,
    inputs: CheckInputs,
    shown: CandidateRow[],
    held: CandidateRow[],
    restricted: boolean,
  ): AuditInput[] {
    const hmac = createHmac('sha256', this.inputsKey)
      .update(JSON.stringify([inputs.key, inputs.dateOfBirth, inputs.nationality, inputs.phone]))
      .digest('hex');
    const events: AuditInput[] = [
      {
        action: 'read',
        entityType: 'client',
        entityId: null,
        teamId: actor.teamId,
        summary: `duplicate check: showed ${shown.length} possible match(es)${restricted ? ' and that another team holds one' : ''}`,
        details: {
          duplicateCheck: 'caller',
          inputs: hmac,
          ids: shown.map((row) => row.id),
          restricted,
        },
      },
    ];
    const byTeam = new Map<string, string[]>();
    for (const row of [...shown, ...held]) {
      for (const team of row.team_ids) {
        // The caller's own team already has the clients shown in the caller's event.
        if (team === actor.teamId && row.visible) continue;
        const ids = byTeam.get(team) ?? [];
        if (!ids.includes(row.id)) ids.push(row.id);
        byTeam.set(team, ids);
      }
    }
    for (const [team, ids] of [...byTeam].sort(([a], [b]) => a.localeCompare(b))) {
      events.push({
        action: 'read',
        entityType: 'client',
        entityId: null,
        teamId: team,
        summary: `duplicate check: matched ${ids.length} client(s) of this team`,
        details: { duplicateCheck: 'holder', inputs: hmac, ids },
      });
    }
    return events;
  }

  /**
   * The check's inputs, validated, and the query that finds its candidates (`find` runs it, with its
   * generic plan, once the check is counted), each with whether the caller may see it and the teams
   * holding its cases; `statement` is the same as the benchmark runs it.
   */
  candidates(actor: Actor, query: Record<string, unknown>) {
    const allowed = [
      'givenName',
      'familyName',
      'nativeName',
      'dateOfBirth',
      'nationality',
      'phone',
      'excludeId',
    ];
    for (const key of Object.keys(query))
      if (!allowed.includes(key))
        throw badRequest(
          `${key}: unknown parameter; allowed: ${allowed.join(', ')}`,
          'query.unknown_parameter',
          { field: key, args: { allowed: allowed.join(', ') } },
        );
    const text = (name: string) => {
      const value = query[name];
      if (value === undefined) return '';
      if (typeof value !== 'string' || value.length > 300)
        throw badRequest(
          `${name}: must be a single value of at most 300 characters`,
          'query.too_long',
          { field: name, args: { max: 300 } },
        );
      return value.trim();
    };
    const givenName = text('givenName');
    const familyName = text('familyName');
    const nativeName = text('nativeName');
    const dateOfBirth = text('dateOfBirth') || null;
    const nationality = text('nationality').toUpperCase() || null;
    const phone = phoneDigits(text('phone'));
    const phoneIndex = this.crypto.blindIndex('phone', phone);
    const excludeId = text('excludeId') || null;
    if (dateOfBirth && !isDateOnly(dateOfBirth))
      throw badRequest('dateOfBirth: must be a date YYYY-MM-DD', 'query.date');
    if (excludeId && !isUuid(excludeId))
      throw badRequest('excludeId: must be a UUID', 'query.uuid');
    const key = clientNameKey(givenName, familyName, nativeName);
    if (!key && !phone)
      throw badRequest(
        'givenName: give a name (Latin or original script), or a phone',
        'duplicates.name_or_phone',
      );

    // Three indexed ways in, each bounded: the 50 nearest name keys with a similarity of at least
    // 0.3 (client_name_neighbours: the GiST trigram index, nearest first, without ranking every
    // similar name), the same date of birth and nationality, the same phone digits — the last only
    // among the clients the caller may see, since a phone number alone must never reveal another
    // team's client. The union is then scored. The client being edited (excludeId) is left out after
    // scoring, among the visible only, so that naming an invisible client changes nothing. One
    // prepared statement whose plan the values do not change (the empty inputs are one-time
    // filters), so its generic plan. The limits are literals, so that the plan is costed for them.
    const fifty = sql.lit(50);
    const byName = db
      .selectFrom(sql<{ id: string }>`client_name_neighbours(${key}, NULL, 50)`.as('id'))
      .select('id.id')
      .where(sql<SqlBool>`${key} <> ''`);
    const byBirth = db
      .selectFrom('client')
      .select('client.id')
      .where(sql<SqlBool>`${dateOfBirth}::date IS NOT NULL`)
      .where('client.date_of_birth', '=', sql<Date>`${dateOfBirth}::date`)
      .where('client.nationality', '=', sql<string>`${nationality}`)
      .where('client.merged_into_id', 'is', null)
      .limit(fifty);
    // The phone is ciphertext: its blind index finds it (client_phone_index_idx).
    const byPhone = db
      .selectFrom('client')
      .select('client.id')
      .where(sql<SqlBool>`${phoneIndex}::text IS NOT NULL`)
      .where('client.phone_index', '=', sql<string>`${phoneIndex}`)
      .where('client.merged_into_id', 'is', null)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('legal_case as pc')
            .select(sql.lit(1).as('one'))
            .whereRef('pc.client_id', '=', 'client.id')
            .where(this.access.cases(actor, 'pc')),
        ),
      )
      .limit(fifty);
    const candidates = db
      .with('found', () => sql<{ id: string }>`(${byName} UNION ${byBirth} UNION ${byPhone})`)
      .with('scored', (qb) =>
        qb
          .selectFrom('found')
          .innerJoin('client as cl', 'cl.id', 'found.id')
          .select((eb) => [
            'cl.id',
            'cl.reference',
            'cl.name_key',
            'cl.given_name',
            'cl.family_name',
            'cl.native_name',
            sql<string | null>`to_char(cl.date_of_birth, 'YYYY-MM-DD')`.as('date_of_birth'),
            'cl.nationality',
            'cl.phone_index',
            sql<number>`CASE WHEN ${key} = '' THEN 0 ELSE similarity(cl.name_key, ${key}) END`.as(
              'sim',
            ),
            eb
              .exists(
                eb
                  .selectFrom('legal_case as vc')
                  .select(sql.lit(1).as('one'))
                  .whereRef('vc.client_id', '=', 'cl.id')
                  .where(this.access.cases(actor, 'vc')),
              )
              .as('visible'),
            sql<string[]>`ARRAY${eb
              .selectFrom('legal_case as tc')
              .select('tc.team_id')
              .distinct()
              .whereRef('tc.client_id', '=', 'cl.id')
              .orderBy('tc.team_id')}`.as('team_ids'),
          ])
          .orderBy('sim', 'desc')
          .orderBy('cl.id')
          .limit(fifty),
      )
      .selectFrom('scored')
      .selectAll()
      .orderBy('sim', 'desc')
      .orderBy('id');
    const compiled = candidates.compile();
    const statement: Statement = {
      text: compiled.sql,
      values: [...compiled.parameters],
      plan: 'generic',
    };
    const inputs: CheckInputs = {
      key,
      nativeName,
      dateOfBirth,
      nationality,
      phone,
      phoneIndex,
      excludeId,
    };
    return { inputs, query: candidates, statement };
  }

  /**
   * Merges a confirmed duplicate into the surviving client: its cases move over; undoable for 30
   * days. Both clients must be visible to the caller, and for a supervisor every case of both must be
   * in their team: a merge across teams is an admin's act. Anything else is a 404 that says no more
   * than a missing client would — not that another team holds a case of that person.
   */
  async merge(actor: Actor, survivingId: string, duplicateId: string): Promise<MergeResult> {
    if (!hasPermission(actor.role, 'clients.merge'))
      throw forbidden('Only supervisors and admins merge clients', 'merge.forbidden');
    if (survivingId === duplicateId)
      throw badRequest('duplicateId: must be another client', 'merge.same_client');
    return transaction(this.dataSource, async (manager) => {
      // Locked before anything is checked: the clients (which also keeps new cases from being opened
      // for them: FOR UPDATE conflicts with the key-share lock of an insert's foreign key) and their
      // cases (which keeps them from being transferred meanwhile).
      const clients = await rows(
        manager,
        db
          .selectFrom('client')
          .select(['id', 'reference', 'merged_into_id'])
          .where('id', '=', (eb) => eb.fn.any(eb.val([survivingId, duplicateId])))
          .orderBy('id')
          .forUpdate(),
      );
      if (clients.length !== 2) throw notFound('client');
      const cases = await this.lockCases(manager, [survivingId, duplicateId], []);
      const visible = await this.visibleClients(manager, actor, [survivingId, duplicateId]);
      if (visible.length !== 2 || !this.withinReach(actor, cases)) throw notFound('client');
      if (clients.some((c) => c.merged_into_id))
        throw conflict(
          'duplicateId: one of the clients was already merged',
          'merge.already_merged',
        );
      const moved = cases.filter((c) => c.client_id === duplicateId);
      const movedIds = moved.map((c) => c.id);
      // The client row before its cases, in merge and undo alike: the list totals' triggers then
      // lock the admin's shard before the team's rows, in the order an intake does (client, then
      // case) — the other order could deadlock with an intake of the same team.
      await exec(
        manager,
        db
          .updateTable('client')
          .set((eb) => ({
            merged_into_id: survivingId,
            updated_at: sql<Date>`now()`,
            version: eb('version', '+', 1),
          }))
          .where('id', '=', duplicateId),
      );
      await exec(
        manager,
        db
          .updateTable('legal_case')
          .set({ client_id: survivingId })
          .where('id', '=', (eb) => eb.fn.any(eb.val(movedIds))),
      );
      await markCaseActivity(manager, movedIds);
      const [merge] = await rows(
        manager,
        db
          .insertInto('client_merge')
          .values({
            surviving_id: survivingId,
            merged_id: duplicateId,
            case_ids: movedIds,
            merged_by_id: actor.id,
          })
          .returning(['id', 'merged_at']),
      );
      await this.audit.record(
        manager,
        actor,
        filedUnder(
          {
            action: 'merge',
            entityType: 'client',
            entityId: survivingId,
            summary: `merged a duplicate client into ${clients.find((c) => c.id === survivingId)?.reference}`,
            details: {
              mergeId: merge.id,
              survivingId,
              mergedId: duplicateId,
              caseIds: moved.map((c) => c.id),
            },
          },
          [actor.teamId, ...cases.map((c) => c.team_id)],
        ),
      );
      return {
        id: merge.id,
        survivingId,
        mergedId: duplicateId,
        caseIds: moved.map((c) => c.id),
        mergedAt: merge.merged_at.toISOString(),
        undoUntil: new Date(merge.merged_at.getTime() + UNDO_DAYS * 86_400_000).toISOString(),
      };
    });
  }

  /**
   * Undoes a merge within 30 days: the cases it moved go back to the duplicate. The same rule as a
   * merge: the surviving client visible, and for a supervisor the cases the merge moved (wherever
   * they are now) and the current cases of both clients all in their team; otherwise a 404.
   */
  async undo(actor: Actor, mergeId: string): Promise<MergeUndoResult> {
    if (!hasPermission(actor.role, 'clients.merge'))
      throw forbidden('Only supervisors and admins undo merges', 'merge.undo_forbidden');
    return transaction(this.dataSource, async (manager) => {
      const merge = await first(
        manager,
        db.selectFrom('client_merge').selectAll().where('id', '=', mergeId).forUpdate(),
      );
      if (!merge) throw notFound('merge');
      await exec(
        manager,
        db
          .selectFrom('client')
          .select('id')
          .where('id', '=', (eb) => eb.fn.any(eb.val([merge.surviving_id, merge.merged_id])))
          .orderBy('id')
          .forUpdate(),
      );
      const cases = await this.lockCases(
        manager,
        [merge.surviving_id, merge.merged_id],
        merge.case_ids,
      );
      const visible = await this.visibleClients(manager, actor, [merge.surviving_id]);
      // A duplicate that had no case was never any team's: only an admin merged it, only an admin undoes it.
      const reachable = actor.role === 'admin' || merge.case_ids.length > 0;
      if (visible.length !== 1 || !reachable || !this.withinReach(actor, cases))
        throw notFound('merge');
      if (merge.undone_at)
        throw conflict('mergeId: this merge was already undone', 'merge.already_undone');
      if (Date.now() - merge.merged_at.getTime() > UNDO_DAYS * 86_400_000)
        throw conflict(
          `mergeId: a merge can be undone for ${UNDO_DAYS} days only`,
          'merge.undo_expired',
          {
            args: { days: UNDO_DAYS },
          },
        );
      // The client row first, as in merge().
      await exec(
        manager,
        db
          .updateTable('client')
          .set((eb) => ({
            merged_into_id: null,
            updated_at: sql<Date>`now()`,
            version: eb('version', '+', 1),
          }))
          .where('id', '=', merge.merged_id),
      );
      await exec(
        manager,
        db
          .updateTable('legal_case')
          .set({ client_id: merge.merged_id })
          .where('id', '=', (eb) => eb.fn.any(eb.val(merge.case_ids)))
          .where('client_id', '=', merge.surviving_id),
      );
      await exec(
        manager,
        db
          .updateTable('client_merge')
          .set({ undone_at: sql<Date>`now()`, undone_by_id: actor.id })
          .where('id', '=', mergeId),
      );
      await this.audit.record(
        manager,
        actor,
        filedUnder(
          {
            action: 'unmerge',
            entityType: 'client',
            entityId: merge.surviving_id,
            summary: 'undid a merge of duplicate clients',
            details: {
              mergeId,
              survivingId: merge.surviving_id,
              mergedId: merge.merged_id,
              caseIds: merge.case_ids,
            },
          },
          [actor.teamId, ...cases.map((c) => c.team_id)],
        ),
      );
      return { id: mergeId, undone: true };
    });
  }

  /**
   * The merges a client took part in; 404 when the client is not visible. A supervisor sees only
   * the merges whose every case — moved, and now of either client — is in their team (the rule
   * that would let them undo it).
   */
  async merges(actor: Actor, clientId: string): Promise<ClientMergesResponse> {
    if (!hasPermission(actor.role, 'clients.merge'))
      throw forbidden('Only supervisors and admins see merges', 'merge.list_forbidden');
    const visible = await this.visibleClients(this.dataSource.manager, actor, [clientId]);
    if (visible.length !== 1) throw notFound('client');
    let query = db
      .selectFrom('client_merge as m')
      .select([
        'm.id',
        'm.surviving_id as survivingId',
        'm.merged_id as mergedId',
        'm.case_ids as caseIds',
        'm.merged_at as mergedAt',
        'm.undone_at as undoneAt',
      ])
      .where((eb) => eb.or([eb('m.surviving_id', '=', clientId), eb('m.merged_id', '=', clientId)]))
      .orderBy('m.merged_at', 'desc')
      .limit(sql.lit(50));
    if (actor.role !== 'admin')
      query = query.where(sql<number>`cardinality(m.case_ids)`, '>', 0).where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('legal_case as mc')
              .select(sql.lit(1).as('one'))
              .where((inner) =>
                inner.or([
                  inner('mc.id', '=', inner.fn.any('m.case_ids')),
                  inner('mc.client_id', 'in', [
                    inner.ref('m.surviving_id'),
                    inner.ref('m.merged_id'),
                  ]),
                ]),
              )
              .where(sql<SqlBool>`mc.team_id IS DISTINCT FROM ${actor.teamId}::uuid`),
          ),
        ),
      );
    const merges = await rows(this.dataSource, query);
    const data = merges.map((merge) => ({
      ...merge,
      mergedAt: merge.mergedAt.toISOString(),
      undoneAt: merge.undoneAt?.toISOString() ?? null,
    }));
    return { data, total: data.length };
  }

  /** The cases of these clients, and those named, locked (in id order) for the rest of the transaction. */
  private lockCases(
    manager: EntityManager,
    clientIds: string[],
    caseIds: string[],
  ): Promise<{ id: string; client_id: string; team_id: string }[]> {
    return rows(
      manager,
      db
        .selectFrom('legal_case')
        .select(['id', 'client_id', 'team_id'])
        .where((eb) =>
          eb.or([
            eb('client_id', '=', eb.fn.any(eb.val(clientIds))),
            eb('id', '=', eb.fn.any(eb.val(caseIds))),
          ]),
        )
        .orderBy('id')
        .forUpdate(),
    );
  }

  /** Which of these clients the actor may see (AccessService.clients). */
  private async visibleClients(
    manager: EntityManager,
    actor: Actor,
    clientIds: string[],
  ): Promise<string[]> {
    const visible = await rows(
      manager,
      db
        .selectFrom('client as cl')
        .select('cl.id')
        .where('cl.id', '=', (eb) => eb.fn.any(eb.val(clientIds)))
        .where(this.access.clients(actor, 'cl')),
    );
    return visible.map((row) => row.id);
  }

  /** Whether the actor may act on all these cases at once: an admin always; a supervisor when every one is in their team. */
  private withinReach(actor: Actor, cases: { team_id: string }[]): boolean {
    if (actor.role === 'admin') return true;
    return (
      actor.role === 'supervisor' &&
      actor.teamId !== null &&
      cases.every((c) => c.team_id === actor.teamId)
    );
  }
}
