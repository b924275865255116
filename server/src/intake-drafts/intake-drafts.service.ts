import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  INTAKE_DRAFT_MAX_CHARS,
  type IntakeDraftResponse,
  type IntakeDraftSaved,
} from '@haven/shared';
import { sql } from 'kysely';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { DomainError, badRequest, conflict, notFound } from '../common/errors.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { db, exec, first, type On } from '../database/sql.js';
import { transaction } from '../database/transaction.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../encryption/field-encryption.js';
import type { SaveIntakeDraftDto } from './intake-drafts.dto.js';
import { intakeDraftContext } from './intake-draft.entity.js';

const DEFAULT_HOURS = 72;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The returning client a draft is for: `clientId`, or the wizard's own record of it
 * (`payload.returning.id`), which an older page sends alone. Either way the draft names them, so
 * that erasing them deletes it; the two may not disagree.
 */
function draftClientId(dto: SaveIntakeDraftDto): string | null {
  const returning = (dto.payload as { returning?: unknown }).returning;
  const inPayload =
    returning && typeof returning === 'object' ? (returning as { id?: unknown }).id : undefined;
  if (inPayload !== undefined && (typeof inPayload !== 'string' || !UUID.test(inPayload)))
    throw badRequest('payload.returning.id must be a UUID', 'validation.uuid', {
      field: 'payload.returning.id',
    });
  const named = dto.clientId ?? null;
  if (named && inPayload && named.toLowerCase() !== inPayload.toLowerCase())
    throw badRequest('clientId must be the client of payload.returning', undefined, {
      field: 'clientId',
    });
  return named ?? inPayload ?? null;
}

const stale = () =>
  conflict(
    'version: the draft was saved from another tab or window since, or is gone; read it again',
    'intake_draft.stale',
    { field: 'version' },
  );

/**
 * Intake drafts (issue 25): the intake a user is filling in, saved as they go. One per user, read
 * and written by its owner alone — there is no route to anyone else's, an administrator's included
 * — and only while they stay in the team they saved it in. The payload is one ciphertext; the audit
 * trail records the draft's id, step and version, never its content. A draft lives
 * `HAVEN_INTAKE_DRAFT_HOURS` after its last save; expired drafts are purged on every read and by the
 * background job (IntakeDraftsScheduler).
 */
@Injectable()
export class IntakeDraftsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
    @Inject(HAVEN_CONFIG) private readonly config: HavenConfig,
    private readonly audit: AuditService,
    private readonly access: AccessService,
  ) {}

  private get hours(): number {
    return this.config.intakeDraftHours ?? DEFAULT_HOURS;
  }

  /** Deletes every expired draft (the index on expires_at); returns how many. */
  async purgeExpired(on: On = this.dataSource): Promise<number> {
    const gone = await first(
      on,
      sql<{
        n: number;
      }>`WITH gone AS (DELETE FROM intake_draft WHERE expires_at <= now() RETURNING 1)
                         SELECT count(*)::int AS n FROM gone`,
    );
    return gone?.n ?? 0;
  }

  /** The caller's draft, decrypted; 404 when there is none (or it expired). An audited read. */
  async get(actor: Actor): Promise<IntakeDraftResponse> {
    await this.purgeExpired();
    const row = await first(
      this.dataSource,
      db
        .selectFrom('intake_draft as d')
        .select(['d.id', 'd.payload', 'd.step', 'd.version', 'd.updated_at', 'd.expires_at'])
        .where('d.owner_id', '=', actor.id)
        .where(sql<boolean>`d.team_id IS NOT DISTINCT FROM ${actor.teamId}::uuid`),
    );
    if (!row) throw notFound('intake_draft');
    const json = this.readable(row.payload, row.id);
    if (json === null) {
      // Not readable under the keys Haven holds (a key retired without re-encryption): no draft.
      await exec(this.dataSource, db.deleteFrom('intake_draft').where('id', '=', row.id));
      throw notFound('intake_draft');
    }
    await this.audit.record(this.dataSource.manager, actor, {
      action: 'read',
      entityType: 'intake_draft',
      entityId: row.id,
      teamId: actor.teamId,
      summary: 'read their intake draft',
      details: { step: row.step, version: row.version },
    });
    return {
      payload: JSON.parse(json) as Record<string, unknown>,
      step: row.step,
      version: row.version,
      updatedAt: row.updated_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
    };
  }

  /**
   * Saves the caller's draft: a new one without `version` (409 if one exists), otherwise only over
   * the version sent (409 when another tab saved since, or the draft is gone). Each save renews the
   * expiry. The payload is checked for size here (413), before anything is written.
   */
  async save(actor: Actor, dto: SaveIntakeDraftDto): Promise<IntakeDraftSaved> {
    const json = JSON.stringify(dto.payload);
    if (json.length > INTAKE_DRAFT_MAX_CHARS)
      throw new DomainError(
        'too_large',
        'intake_draft.too_large',
        `payload: at most ${INTAKE_DRAFT_MAX_CHARS} characters of JSON`,
        { field: 'payload', args: { max: INTAKE_DRAFT_MAX_CHARS } },
      );
    const expires = sql<Date>`now() + make_interval(hours => ${this.hours}::int)`;
    const clientId = draftClientId(dto);
    return transaction(this.dataSource, async (manager) => {
      // A returning client's draft names them (so that erasing them deletes it): a client the
      // caller may see, and not erased (locked against an erasure committing meanwhile).
      if (clientId) {
        const client = await first(
          manager,
          db
            .selectFrom('client as cl')
            .select('cl.id')
            .where('cl.id', '=', clientId)
            .where('cl.anonymised_at', 'is', null)
            .where(this.access.clients(actor, 'cl'))
            .forShare(),
        );
        if (!client) throw notFound('client');
      }
      // The caller's own expired draft is no draft: a new one may take its place.
      await exec(
        manager,
        db
          .deleteFrom('intake_draft')
          .where('owner_id', '=', actor.id)
          .where(sql<boolean>`expires_at <= now()`),
      );
      let saved: { id: string; step: number; version: number; updated_at: Date; expires_at: Date };
      if (dto.version === undefined) {
        const id = randomUUID();
        const row = await first(
          manager,
          db
            .insertInto('intake_draft')
            .values({
              id,
              owner_id: actor.id,
              team_id: actor.teamId,
              client_id: clientId,
              payload: this.crypto.encrypt(json, intakeDraftContext(id))!,
              step: dto.step,
              version: 1,
              updated_at: sql<Date>`now()`,
              expires_at: expires,
            })
            .onConflict((oc) => oc.column('owner_id').doNothing())
            .returning(['id', 'step', 'version', 'updated_at', 'expires_at']),
        );
        if (!row) throw stale();
        saved = row;
      } else {
        const current = await first(
          manager,
          db
            .selectFrom('intake_draft')
            .select(['id'])
            .where('owner_id', '=', actor.id)
            .where('version', '=', dto.version)
            .where(sql<boolean>`team_id IS NOT DISTINCT FROM ${actor.teamId}::uuid`)
            .forUpdate(),
        );
        if (!current) throw stale();
        const row = await first(
          manager,
          db
            .updateTable('intake_draft')
            .set({
              payload: this.crypto.encrypt(json, intakeDraftContext(current.id))!,
              client_id: clientId,
              step: dto.step,
              version: sql<number>`version + 1`,
              updated_at: sql<Date>`now()`,
              expires_at: expires,
            })
            .where('id', '=', current.id)
            .returning(['id', 'step', 'version', 'updated_at', 'expires_at']),
        );
        saved = row!;
      }
      await this.audit.record(manager, actor, {
        action: dto.version === undefined ? 'create' : 'update',
        entityType: 'intake_draft',
        entityId: saved.id,
        teamId: actor.teamId,
        summary: 'saved their intake draft',
        details: { step: saved.step, version: saved.version, ...(clientId ? { clientId } : {}) },
      });
      return {
        step: saved.step,
        version: saved.version,
        updatedAt: saved.updated_at.toISOString(),
        expiresAt: saved.expires_at.toISOString(),
      };
    });
  }

  /** Discards the caller's draft (nothing to discard is no error). Audited when there was one. */
  async discard(actor: Actor): Promise<void> {
    await transaction(this.dataSource, async (manager) => {
      const id = await this.dropInTransaction(manager, actor.id);
      if (id)
        await this.audit.record(manager, actor, {
          action: 'delete',
          entityType: 'intake_draft',
          entityId: id,
          teamId: actor.teamId,
          summary: 'discarded their intake draft',
        });
    });
  }

  /** The draft's JSON, or null when it cannot be decrypted or parsed. */
  private readable(payload: string, id: string): string | null {
    try {
      const json = this.crypto.decrypt(payload, intakeDraftContext(id));
      if (json === null) return null;
      JSON.parse(json);
      return json;
    } catch {
      return null;
    }
  }

  /** Deletes a user's draft in the caller's transaction (a completed intake); its id, if any. */
  async dropInTransaction(on: On, ownerId: string): Promise<string | null> {
    const row = await first(
      on,
      db.deleteFrom('intake_draft').where('owner_id', '=', ownerId).returning('id'),
    );
    return row?.id ?? null;
  }
}
