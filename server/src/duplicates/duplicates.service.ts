import { createHmac } from 'node:crypto';
import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hasPermission } from '@haven/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService, filedUnder, type AuditInput } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { badRequest, conflict, notFound, TooManyRequestsException } from '../common/errors.js';
import { positional } from '../common/list-query.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { subkey } from '../config/subkeys.js';
import { queryPreparedWith, runStatement, type Statement } from '../database/prepared.js';
import { isDateOnly, isUuid } from '../common/validators.js';
import { clientNameKey, consonantSkeleton } from './name-key.js';
import { transaction } from '../database/transaction.js';

/** A client the caller may see, with why it may be the same person. */
export interface VisibleCandidate {
  id: string;
  restricted: false;
  score: number;
  reasons: string[];
  reference: string;
  givenName: string;
  familyName: string;
  nativeName: string | null;
  dateOfBirth: string | null;
  nationality: string;
}

/**
 * That a client the caller may not see is a strong match (name and date of birth): nothing else —
 * no id, score or reason, and at most one per answer, whatever number of such clients exist.
 */
export interface RestrictedCandidate {
  restricted: true;
  message: string;
}

export type DuplicateCandidate = VisibleCandidate | RestrictedCandidate;

type CandidateRow = {
  id: string;
  name_key: string;
  reference: string;
  given_name: string;
  family_name: string;
  native_name: string | null;
  date_of_birth: string | null;
  nationality: string;
  phone: string | null;
  sim: number;
  visible: boolean;
  team_ids: string[];
};

const UNDO_DAYS = 30;
const NON_LATIN = /[^\u0000-\u024f\s'’-]/;
/** A name this similar (after the consonant-skeleton rule) is a strong match. */
const STRONG_NAME = 0.75;
/** Checks per user per rolling minute, across instances (counted from the audit trail), unless configured. */
export const DUPLICATE_CHECKS_PER_MINUTE = 30;
/** The advisory-lock class of the per-user check lock (the second key is the user's id hashed). */
const CHECK_LOCK_CLASS = 7271018;
export const RESTRICTED_MESSAGE = 'A possible match is held by another team — ask your supervisor.';
/** The 429's stable code: the client translates it. */
export const RATE_LIMITED_CODE = 'duplicates.rate_limited';

/** The 429 of a caller over the check's limit, with its code. */
export class DuplicateChecksLimitException extends TooManyRequestsException {
  constructor(limit: number) {
    super(`Too many duplicate checks: at most ${limit} a minute; try again shortly`, 60);
    Object.assign(this.getResponse() as object, { code: RATE_LIMITED_CODE });
  }
}

type CheckInputs = {
  key: string;
  nativeName: string;
  dateOfBirth: string | null;
  nationality: string | null;
  phone: string | null;
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
  async find(
    actor: Actor,
    query: Record<string, unknown>,
  ): Promise<{ data: DuplicateCandidate[] }> {
    const { inputs, statement } = this.candidates(actor, query);
    const { key, nativeName, dateOfBirth, nationality, phone, excludeId } = inputs;
    if (!(await this.takeCheck(actor)))
      throw new DuplicateChecksLimitException(this.checksPerMinute);
    const rows = await runStatement<CandidateRow>(this.dataSource, statement);
    const queryScripts = NON_LATIN.test(nativeName) ? 'native' : 'latin';
    const scored = rows.map((row) => {
      const reasons: string[] = [];
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
      if (phone && row.phone && row.phone.replace(/[^\d+]/g, '') === phone) {
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
      await queryPreparedWith(manager, 'SELECT pg_advisory_xact_lock($1, hashtext($2::text))', [
        CHECK_LOCK_CLASS,
        actor.id,
      ]);
      // After the lock, so this statement's snapshot holds every check counted by whoever held it before.
      const taken = await queryPreparedWith<{ taken: number }>(
        manager,
        `WITH expired AS (DELETE FROM duplicate_check WHERE user_id = $1 AND at <= statement_timestamp() - interval '1 minute')
         INSERT INTO duplicate_check (user_id, at)
         SELECT $1::uuid, statement_timestamp()
          WHERE (SELECT count(*) FROM duplicate_check WHERE user_id = $1 AND at > statement_timestamp() - interval '1 minute') < $2
         RETURNING 1 AS taken`,
        [actor.id, this.checksPerMinute],
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
   * The check's inputs, validated, and the statement that finds its candidates (`find` runs it once
   * the check is counted), each with whether the caller may see it and the teams holding its cases.
   */
  candidates(
    actor: Actor,
    query: Record<string, unknown>,
  ): { inputs: CheckInputs; statement: Statement } {
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
        throw badRequest(`${key}: unknown parameter; allowed: ${allowed.join(', ')}`);
    const text = (name: string) => {
      const value = query[name];
      if (value === undefined) return '';
      if (typeof value !== 'string' || value.length > 300)
        throw badRequest(`${name}: must be a single value of at most 300 characters`);
      return value.trim();
    };
    const givenName = text('givenName');
    const familyName = text('familyName');
    const nativeName = text('nativeName');
    const dateOfBirth = text('dateOfBirth') || null;
    const nationality = text('nationality').toUpperCase() || null;
    const phone = text('phone').replace(/[^\d+]/g, '') || null;
    const excludeId = text('excludeId') || null;
    if (dateOfBirth && !isDateOnly(dateOfBirth))
      throw badRequest('dateOfBirth: must be a date YYYY-MM-DD');
    if (excludeId && !isUuid(excludeId)) throw badRequest('excludeId: must be a UUID');
    const key = clientNameKey(givenName, familyName, nativeName);
    if (!key && !phone)
      throw badRequest('givenName: give a name (Latin or original script), or a phone');

    // The access condition's named parameters become positional ones after the query's own four.
    const params: unknown[] = [key, dateOfBirth, nationality, phone];
    const visibleSql = positional(this.access.caseCondition(actor, 'vc'), params);
    const phoneVisibleSql = positional(this.access.caseCondition(actor, 'pc'), params);
    // Three indexed ways in, each bounded: the 50 nearest name keys with a similarity of at least
    // 0.3 (client_name_neighbours: the GiST trigram index, nearest first, without ranking every
    // similar name), the same date of birth and nationality, the same phone digits — the last only
    // among the clients the caller may see, since a phone number alone must never reveal another
    // team's client. The union is then scored. The client being edited (excludeId) is left out after
    // scoring, among the visible only, so that naming an invisible client changes nothing. One
    // prepared statement whose plan the values do not change (the empty inputs are one-time
    // filters), so its generic plan.
    const statement: Statement = {
      text: `WITH found AS (
         (SELECT id FROM client_name_neighbours($1, NULL, 50) AS id WHERE $1 <> '')
         UNION
         (SELECT id FROM client WHERE $2::date IS NOT NULL AND date_of_birth = $2::date AND nationality = $3 AND merged_into_id IS NULL LIMIT 50)
         UNION
         (SELECT id FROM client WHERE $4::text IS NOT NULL AND phone IS NOT NULL AND regexp_replace(phone, '[^0-9+]', '', 'g') = $4
             AND merged_into_id IS NULL AND EXISTS (SELECT 1 FROM legal_case pc WHERE pc.client_id = client.id AND ${phoneVisibleSql}) LIMIT 50)
       ), scored AS (
         SELECT cl.id, cl.reference, cl.name_key, cl.given_name, cl.family_name, cl.native_name, to_char(cl.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
                cl.nationality, cl.phone, CASE WHEN $1 = '' THEN 0 ELSE similarity(cl.name_key, $1) END AS sim,
                EXISTS (SELECT 1 FROM legal_case vc WHERE vc.client_id = cl.id AND ${visibleSql}) AS visible,
                ARRAY(SELECT DISTINCT tc.team_id FROM legal_case tc WHERE tc.client_id = cl.id ORDER BY tc.team_id) AS team_ids
           FROM found JOIN client cl ON cl.id = found.id
          ORDER BY sim DESC, cl.id
          LIMIT 50
       )
       SELECT * FROM scored ORDER BY sim DESC, id`,
      values: params,
      plan: 'generic',
    };
    return { inputs: { key, nativeName, dateOfBirth, nationality, phone, excludeId }, statement };
  }

  /**
   * Merges a confirmed duplicate into the surviving client: its cases move over; undoable for 30
   * days. Both clients must be visible to the caller, and for a supervisor every case of both must be
   * in their team: a merge across teams is an admin's act. Anything else is a 404 that says no more
   * than a missing client would — not that another team holds a case of that person.
   */
  async merge(actor: Actor, survivingId: string, duplicateId: string) {
    if (!hasPermission(actor.role, 'clients.merge'))
      throw new ForbiddenException('Only supervisors and admins merge clients');
    if (survivingId === duplicateId) throw badRequest('duplicateId: must be another client');
    return transaction(this.dataSource, async (manager) => {
      // Locked before anything is checked: the clients (which also keeps new cases from being opened
      // for them: FOR UPDATE conflicts with the key-share lock of an insert's foreign key) and their
      // cases (which keeps them from being transferred meanwhile).
      const clients = await manager.query<
        { id: string; reference: string; merged_into_id: string | null }[]
      >(
        'SELECT id, reference, merged_into_id FROM client WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
        [[survivingId, duplicateId]],
      );
      if (clients.length !== 2) throw notFound('client');
      const cases = await this.lockCases(manager, [survivingId, duplicateId], []);
      const visible = await this.visibleClients(manager, actor, [survivingId, duplicateId]);
      if (visible.length !== 2 || !this.withinReach(actor, cases)) throw notFound('client');
      if (clients.some((c) => c.merged_into_id))
        throw conflict('duplicateId: one of the clients was already merged');
      const moved = cases.filter((c) => c.client_id === duplicateId);
      await manager.query(
        'UPDATE legal_case SET client_id = $1, last_activity_at = now() WHERE id = ANY($2::uuid[])',
        [survivingId, moved.map((c) => c.id)],
      );
      await manager.query(
        'UPDATE client SET merged_into_id = $1, updated_at = now(), version = version + 1 WHERE id = $2',
        [survivingId, duplicateId],
      );
      const [merge] = await manager.query<{ id: string; merged_at: Date }[]>(
        'INSERT INTO client_merge (surviving_id, merged_id, case_ids, merged_by_id) VALUES ($1, $2, $3, $4) RETURNING id, merged_at',
        [survivingId, duplicateId, moved.map((c) => c.id), actor.id],
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
  async undo(actor: Actor, mergeId: string) {
    if (!hasPermission(actor.role, 'clients.merge'))
      throw new ForbiddenException('Only supervisors and admins undo merges');
    return transaction(this.dataSource, async (manager) => {
      const [merge] = await manager.query<
        {
          id: string;
          surviving_id: string;
          merged_id: string;
          case_ids: string[];
          merged_at: Date;
          undone_at: Date | null;
        }[]
      >('SELECT * FROM client_merge WHERE id = $1 FOR UPDATE', [mergeId]);
      if (!merge) throw notFound('merge');
      await manager.query(
        'SELECT id FROM client WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
        [[merge.surviving_id, merge.merged_id]],
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
      if (merge.undone_at) throw conflict('mergeId: this merge was already undone');
      if (Date.now() - merge.merged_at.getTime() > UNDO_DAYS * 86_400_000)
        throw conflict(`mergeId: a merge can be undone for ${UNDO_DAYS} days only`);
      await manager.query(
        'UPDATE legal_case SET client_id = $1 WHERE id = ANY($2::uuid[]) AND client_id = $3',
        [merge.merged_id, merge.case_ids, merge.surviving_id],
      );
      await manager.query(
        'UPDATE client SET merged_into_id = NULL, updated_at = now(), version = version + 1 WHERE id = $1',
        [merge.merged_id],
      );
      await manager.query(
        'UPDATE client_merge SET undone_at = now(), undone_by_id = $2 WHERE id = $1',
        [mergeId, actor.id],
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
  async merges(actor: Actor, clientId: string) {
    if (!hasPermission(actor.role, 'clients.merge'))
      throw new ForbiddenException('Only supervisors and admins see merges');
    const visible = await this.visibleClients(this.dataSource.manager, actor, [clientId]);
    if (visible.length !== 1) throw notFound('client');
    const params: unknown[] = actor.role === 'admin' ? [clientId] : [clientId, actor.teamId];
    const inTeam =
      actor.role === 'admin'
        ? 'true'
        : `cardinality(m.case_ids) > 0 AND NOT EXISTS (
             SELECT 1 FROM legal_case mc
              WHERE (mc.id = ANY(m.case_ids) OR mc.client_id IN (m.surviving_id, m.merged_id)) AND mc.team_id IS DISTINCT FROM $2::uuid)`;
    const rows = await this.dataSource.query<
      {
        id: string;
        survivingId: string;
        mergedId: string;
        caseIds: string[];
        mergedAt: Date;
        undoneAt: Date | null;
      }[]
    >(
      `SELECT m.id, m.surviving_id AS "survivingId", m.merged_id AS "mergedId", m.case_ids AS "caseIds", m.merged_at AS "mergedAt", m.undone_at AS "undoneAt"
         FROM client_merge m WHERE (m.surviving_id = $1 OR m.merged_id = $1) AND ${inTeam} ORDER BY m.merged_at DESC LIMIT 50`,
      params,
    );
    return { data: rows, total: rows.length };
  }

  /** The cases of these clients, and those named, locked (in id order) for the rest of the transaction. */
  private lockCases(
    manager: EntityManager,
    clientIds: string[],
    caseIds: string[],
  ): Promise<{ id: string; client_id: string; team_id: string }[]> {
    return manager.query(
      'SELECT id, client_id, team_id FROM legal_case WHERE client_id = ANY($1::uuid[]) OR id = ANY($2::uuid[]) ORDER BY id FOR UPDATE',
      [clientIds, caseIds],
    );
  }

  /** Which of these clients the actor may see (AccessService.clientCondition). */
  private async visibleClients(
    manager: EntityManager,
    actor: Actor,
    clientIds: string[],
  ): Promise<string[]> {
    const params: unknown[] = [clientIds];
    const condition = positional(this.access.clientCondition(actor, 'cl'), params);
    const rows = await manager.query<{ id: string }[]>(
      `SELECT cl.id FROM client cl WHERE cl.id = ANY($1::uuid[]) AND ${condition}`,
      params,
    );
    return rows.map((row) => row.id);
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
