import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hasPermission } from '@haven/shared';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { badRequest, conflict, notFound } from '../common/errors.js';
import { positional } from '../common/list-query.js';
import { runStatement, type Statement } from '../database/prepared.js';
import { isDateOnly, isUuid } from '../common/validators.js';
import { clientNameKey, consonantSkeleton } from './name-key.js';
import { transaction } from '../database/transaction.js';

export interface DuplicateCandidate {
  /** Null when the caller may not see the client (then nothing else is given). */
  id: string | null;
  restricted: boolean;
  message?: string;
  score: number;
  reasons: string[];
  reference?: string;
  givenName?: string;
  familyName?: string;
  nativeName?: string | null;
  dateOfBirth?: string | null;
  nationality?: string;
}

type CandidateRow = { id: string; name_key: string; reference: string; given_name: string; family_name: string; native_name: string | null; date_of_birth: string | null; nationality: string; phone: string | null; sim: number; visible: boolean };

const UNDO_DAYS = 30;
const NON_LATIN = /[^\u0000-\u024f\s'’-]/;

@Injectable()
export class DuplicatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Candidates for the person being registered, scored and ranked with their reasons. Names are
   * compared as keys (name-key.ts) by trigram similarity on an indexed column; a same date of birth
   * with the same nationality, or the same phone, also brings a candidate in.
   */
  async find(actor: Actor, query: Record<string, unknown>): Promise<{ data: DuplicateCandidate[] }> {
    const { inputs, statement } = this.candidates(actor, query);
    const { key, nativeName, dateOfBirth, nationality, phone } = inputs;
    const rows = await runStatement<CandidateRow>(this.dataSource, statement);

    const queryScripts = NON_LATIN.test(nativeName) ? 'native' : 'latin';
    const seeAll = actor.role === 'admin' || actor.role === 'supervisor';
    const candidates = rows
      .map((row) => {
        const reasons: string[] = [];
        // Same consonants in the same words: a vowel-only difference of romanisation.
        const sim = key && consonantSkeleton(row.name_key) === consonantSkeleton(key) ? Math.max(row.sim, 0.8) : row.sim;
        let score = Math.round(sim * 70);
        if (sim >= 0.75) {
          const candidateHasNative = Boolean(row.native_name && NON_LATIN.test(row.native_name));
          reasons.push(candidateHasNative !== (queryScripts === 'native') || (queryScripts === 'latin' && candidateHasNative) ? 'name matches across scripts' : 'same name');
        } else if (sim >= 0.45) reasons.push('similar name');
        if (dateOfBirth && row.date_of_birth) {
          if (row.date_of_birth === dateOfBirth) {
            score += 25;
            reasons.push('same date of birth');
          } else if (Math.abs(Number(row.date_of_birth.slice(0, 4)) - Number(dateOfBirth.slice(0, 4))) <= 1) {
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
        return { row, score: Math.min(100, score), reasons };
      })
      .filter((c) => c.score >= 35)
      .sort((a, b) => b.score - a.score || a.row.id.localeCompare(b.row.id))
      .slice(0, 10);

    // Names and dates of birth of the clients shown are a read of them (restricted matches show none).
    const shown = candidates.filter(({ row }) => seeAll || row.visible).map(({ row }) => row.id);
    if (shown.length) {
      await this.audit.recordNow(actor, { action: 'read', entityType: 'client', entityId: null, teamId: actor.teamId, summary: `duplicate check: showed ${shown.length} possible match(es)`, details: { ids: shown } });
    }
    return {
      data: candidates.map(({ row, score, reasons }): DuplicateCandidate =>
        seeAll || row.visible
          ? { id: row.id, restricted: false, score, reasons, reference: row.reference, givenName: row.given_name, familyName: row.family_name, nativeName: row.native_name, dateOfBirth: row.date_of_birth, nationality: row.nationality }
          : { id: null, restricted: true, score, reasons: [], message: 'A possible match is held by another team — ask your supervisor.' },
      ),
    };
  }

  /** The check's inputs, validated, and the statement that finds its candidates (`find` runs it). */
  candidates(actor: Actor, query: Record<string, unknown>): { inputs: { key: string; nativeName: string; dateOfBirth: string | null; nationality: string | null; phone: string | null }; statement: Statement } {
    const allowed = ['givenName', 'familyName', 'nativeName', 'dateOfBirth', 'nationality', 'phone', 'excludeId'];
    for (const key of Object.keys(query)) if (!allowed.includes(key)) throw badRequest(`${key}: unknown parameter; allowed: ${allowed.join(', ')}`);
    const text = (name: string) => {
      const value = query[name];
      if (value === undefined) return '';
      if (typeof value !== 'string' || value.length > 300) throw badRequest(`${name}: must be a single value of at most 300 characters`);
      return value.trim();
    };
    const givenName = text('givenName');
    const familyName = text('familyName');
    const nativeName = text('nativeName');
    const dateOfBirth = text('dateOfBirth') || null;
    const nationality = text('nationality').toUpperCase() || null;
    const phone = text('phone').replace(/[^\d+]/g, '') || null;
    const excludeId = text('excludeId') || null;
    if (dateOfBirth && !isDateOnly(dateOfBirth)) throw badRequest('dateOfBirth: must be a date YYYY-MM-DD');
    if (excludeId && !isUuid(excludeId)) throw badRequest('excludeId: must be a UUID');
    const key = clientNameKey(givenName, familyName, nativeName);
    if (!key && !phone) throw badRequest('givenName: give a name (Latin or original script), or a phone');

    const condition = this.access.caseCondition(actor, 'vc');
    // The access condition's named parameters become positional ones after the query's own five.
    const params: unknown[] = [key, dateOfBirth, nationality, phone, excludeId];
    const visibleSql = positional(condition, params);
    // Three indexed ways in, each bounded: the 50 nearest name keys with a similarity of at least
    // 0.3 (client_name_neighbours: the GiST trigram index, nearest first, without ranking every
    // similar name), the same date of birth and nationality, the same phone digits. The union is
    // then scored. One prepared statement whose plan the values do not change (the empty inputs are
    // one-time filters), so its generic plan.
    const statement: Statement = {
      text: `WITH found AS (
         (SELECT id FROM client_name_neighbours($1, $5::uuid, 50) AS id WHERE $1 <> '')
         UNION
         (SELECT id FROM client WHERE $2::date IS NOT NULL AND date_of_birth = $2::date AND nationality = $3 AND merged_into_id IS NULL
             AND ($5::uuid IS NULL OR id <> $5::uuid) LIMIT 50)
         UNION
         (SELECT id FROM client WHERE $4::text IS NOT NULL AND phone IS NOT NULL AND regexp_replace(phone, '[^0-9+]', '', 'g') = $4
             AND merged_into_id IS NULL AND ($5::uuid IS NULL OR id <> $5::uuid) LIMIT 50)
       )
       SELECT cl.id, cl.reference, cl.name_key, cl.given_name, cl.family_name, cl.native_name, to_char(cl.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
              cl.nationality, cl.phone, CASE WHEN $1 = '' THEN 0 ELSE similarity(cl.name_key, $1) END AS sim,
              EXISTS (SELECT 1 FROM legal_case vc WHERE vc.client_id = cl.id AND ${visibleSql}) AS visible
         FROM found JOIN client cl ON cl.id = found.id
        ORDER BY sim DESC, cl.id
        LIMIT 50`,
      values: params,
      plan: 'generic',
    };
    return { inputs: { key, nativeName, dateOfBirth, nationality, phone }, statement };
  }

  /** Merges a confirmed duplicate into the surviving client: its cases move over; undoable for 30 days. */
  async merge(actor: Actor, survivingId: string, duplicateId: string) {
    if (!hasPermission(actor.role, 'clients.merge')) throw new ForbiddenException('Only supervisors and admins merge clients');
    if (survivingId === duplicateId) throw badRequest('duplicateId: must be another client');
    return transaction(this.dataSource, async (manager) => {
      const clients = await manager.query<{ id: string; reference: string; merged_into_id: string | null }[]>(
        'SELECT id, reference, merged_into_id FROM client WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
        [[survivingId, duplicateId]],
      );
      if (clients.length !== 2) throw notFound('client');
      if (clients.some((c) => c.merged_into_id)) throw conflict('duplicateId: one of the clients was already merged');
      const [moved] = await manager.query<[{ id: string; team_id: string }[], number]>(
        'UPDATE legal_case SET client_id = $1, last_activity_at = now() WHERE client_id = $2 RETURNING id, team_id',
        [survivingId, duplicateId],
      );
      await manager.query('UPDATE client SET merged_into_id = $1, updated_at = now(), version = version + 1 WHERE id = $2', [survivingId, duplicateId]);
      const [merge] = await manager.query<{ id: string; merged_at: Date }[]>(
        'INSERT INTO client_merge (surviving_id, merged_id, case_ids, merged_by_id) VALUES ($1, $2, $3, $4) RETURNING id, merged_at',
        [survivingId, duplicateId, moved.map((c) => c.id), actor.id],
      );
      await this.audit.record(manager, actor, {
        action: 'merge',
        entityType: 'client',
        entityId: survivingId,
        teamId: actor.teamId,
        summary: `merged a duplicate client into ${clients.find((c) => c.id === survivingId)?.reference}`,
        details: { mergeId: merge.id, survivingId, mergedId: duplicateId, caseIds: moved.map((c) => c.id) },
      });
      return { id: merge.id, survivingId, mergedId: duplicateId, caseIds: moved.map((c) => c.id), mergedAt: merge.merged_at.toISOString(), undoUntil: new Date(merge.merged_at.getTime() + UNDO_DAYS * 86_400_000).toISOString() };
    });
  }

  async undo(actor: Actor, mergeId: string) {
    if (!hasPermission(actor.role, 'clients.merge')) throw new ForbiddenException('Only supervisors and admins undo merges');
    return transaction(this.dataSource, async (manager) => {
      const [merge] = await manager.query<{ id: string; surviving_id: string; merged_id: string; case_ids: string[]; merged_at: Date; undone_at: Date | null }[]>(
        'SELECT * FROM client_merge WHERE id = $1 FOR UPDATE',
        [mergeId],
      );
      if (!merge) throw notFound('merge');
      if (merge.undone_at) throw conflict('mergeId: this merge was already undone');
      if (Date.now() - merge.merged_at.getTime() > UNDO_DAYS * 86_400_000) throw conflict(`mergeId: a merge can be undone for ${UNDO_DAYS} days only`);
      await manager.query('UPDATE legal_case SET client_id = $1 WHERE id = ANY($2::uuid[]) AND client_id = $3', [merge.merged_id, merge.case_ids, merge.surviving_id]);
      await manager.query('UPDATE client SET merged_into_id = NULL, updated_at = now(), version = version + 1 WHERE id = $1', [merge.merged_id]);
      await manager.query('UPDATE client_merge SET undone_at = now(), undone_by_id = $2 WHERE id = $1', [mergeId, actor.id]);
      await this.audit.record(manager, actor, {
        action: 'unmerge',
        entityType: 'client',
        entityId: merge.surviving_id,
        teamId: actor.teamId,
        summary: 'undid a merge of duplicate clients',
        details: { mergeId, survivingId: merge.surviving_id, mergedId: merge.merged_id, caseIds: merge.case_ids },
      });
      return { id: mergeId, undone: true };
    });
  }

  async merges(actor: Actor, clientId: string) {
    if (!hasPermission(actor.role, 'clients.merge')) throw new ForbiddenException('Only supervisors and admins see merges');
    const rows = await this.dataSource.query<{ id: string; survivingId: string; mergedId: string; caseIds: string[]; mergedAt: Date; undoneAt: Date | null }[]>(
      `SELECT id, surviving_id AS "survivingId", merged_id AS "mergedId", case_ids AS "caseIds", merged_at AS "mergedAt", undone_at AS "undoneAt"
         FROM client_merge WHERE surviving_id = $1 OR merged_id = $1 ORDER BY merged_at DESC LIMIT 50`,
      [clientId],
    );
    return { data: rows, total: rows.length };
  }
}
