import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DeadlineKind, Locale, Role } from '@haven/shared';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { transaction } from '../database/transaction.js';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** RFC 5545 text escaping. */
function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets are folded (RFC 5545 §3.1). */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  for (const char of line) {
    if (Buffer.byteLength(current + char, 'utf8') > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = char;
    } else current += char;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const compact = (day: string) => day.replaceAll('-', '');

/**
 * What an event is called in the subscriber's calendar, in their interface language. A feed is read
 * by a third party (Google, Apple, Microsoft): it carries the case reference and the kind of
 * deadline, never the deadline's title or any other free text.
 */
const KIND_LABELS: Record<Locale, Record<DeadlineKind, string>> = {
  en: {
    filing: 'Filing',
    appeal: 'Appeal',
    appeal_grounds: 'Grounds of appeal',
    interview: 'Interview',
    hearing: 'Hearing',
    submission: 'Submission',
    document_expiry: 'Document expiry',
    stay_expiry: 'End of legal stay',
    decision_expected: 'Decision expected',
    other: 'Other',
  },
  ru: {
    filing: 'Подача заявления',
    appeal: 'Обжалование',
    appeal_grounds: 'Обоснование жалобы',
    interview: 'Интервью',
    hearing: 'Слушание',
    submission: 'Представление документов',
    document_expiry: 'Истечение документа',
    stay_expiry: 'Конец законного пребывания',
    decision_expected: 'Ожидается решение',
    other: 'Другое',
  },
};

export function calendarEventSummary(
  reference: string,
  kind: DeadlineKind,
  locale: Locale,
): string {
  return `${reference} · ${(KIND_LABELS[locale] ?? KIND_LABELS.en)[kind] ?? KIND_LABELS.en.other}`;
}

@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(HAVEN_CONFIG) private readonly config: HavenConfig,
  ) {}

  /**
   * A new secret feed token for the caller; the previous one stops working. The URL is built from
   * the configured public address, never from the request's Host header: a forged Host would have
   * the token handed to (and later fetched from) someone else's server.
   */
  async issueToken(actor: Actor): Promise<{ token: string; url: string }> {
    const token = randomBytes(32).toString('base64url');
    await transaction(this.dataSource, async (manager) => {
      await manager.query(
        `INSERT INTO calendar_token (user_id, token_hash) VALUES ($1, $2)
         ON CONFLICT ON CONSTRAINT calendar_token_pkey DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
        [actor.id, hash(token)],
      );
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'calendar_token',
        entityId: actor.id,
        teamId: actor.teamId,
        summary: 'issued a calendar feed token (the old one is revoked)',
      });
    });
    return { token, url: `${this.config.publicUrl}/api/calendar/feed.ics?token=${token}` };
  }

  /** Whether the caller has a feed token, and since when (the token itself cannot be shown again). */
  async tokenStatus(actor: Actor): Promise<{ active: boolean; createdAt: string | null }> {
    const [row] = await this.dataSource.query<{ created_at: Date }[]>(
      `SELECT created_at FROM calendar_token WHERE user_id = $1`,
      [actor.id],
    );
    return { active: !!row, createdAt: row ? row.created_at.toISOString() : null };
  }

  /**
   * Revokes the caller's feed token: the URL stops working at once. Idempotent (nothing to revoke is
   * not an error), and audited either way. A new password, role, team or deactivation revokes it too,
   * in the database (migration CalendarTokenRevocation1765800000000), whichever path made the change.
   */
  async revokeToken(actor: Actor): Promise<void> {
    await transaction(this.dataSource, async (manager) => {
      const [{ n }] = await manager.query<{ n: number }[]>(
        `WITH gone AS (DELETE FROM calendar_token WHERE user_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
        [actor.id],
      );
      const revoked = n > 0;
      await this.audit.record(manager, actor, {
        action: 'delete',
        entityType: 'calendar_token',
        entityId: actor.id,
        teamId: actor.teamId,
        summary: revoked
          ? 'revoked the calendar feed token'
          : 'revoked the calendar feed token (there was none)',
        details: { revoked },
      });
    });
  }

  /**
   * The feed: the user's visible open deadlines, each named by case reference and deadline kind only
   * — never a title, a client's name or any other free text, since calendar providers keep it all.
   */
  async feed(token: string, ip: string | null): Promise<string> {
    const [user] = await this.dataSource.query<
      { id: string; role: Role; team_id: string | null; locale: Locale }[]
    >(
      `SELECT u.id, u.role, u.team_id, u.locale FROM calendar_token t JOIN app_user u ON u.id = t.user_id WHERE t.token_hash = $1 AND u.active`,
      [hash(token)],
    );
    if (!user) throw new NotFoundException('No calendar for this token');
    const actor: Actor = {
      id: user.id,
      role: user.role,
      teamId: user.team_id,
      sessionId: 'calendar',
      ip,
    };
    const condition = this.access.caseCondition(actor, 'c');
    const builder = this.dataSource
      .createQueryBuilder()
      .select([
        'd.id AS id',
        "to_char(d.due_on, 'YYYY-MM-DD') AS due_on",
        'd.kind AS kind',
        'c.reference AS reference',
        'd.updated_at AS updated_at',
      ])
      .from('deadline', 'd')
      .innerJoin('legal_case', 'c', 'c.id = d.case_id')
      .where(`d.status = 'open'`)
      .andWhere(`d.due_on >= current_date - 30`)
      .andWhere(condition.sql, condition.params)
      .orderBy('d.due_on')
      .limit(2000);
    const rows = await builder.getRawMany<{
      id: string;
      due_on: string;
      kind: DeadlineKind;
      reference: string;
      updated_at: Date;
    }>();
    await this.audit.recordNow(actor, {
      action: 'export',
      entityType: 'calendar_feed',
      teamId: actor.teamId,
      summary: `calendar feed with ${rows.length} deadlines`,
      details: { count: rows.length },
    });
    const stamp = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const lines = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Haven//Deadlines//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:Haven deadlines',
    ];
    for (const row of rows) {
      const next = new Date(`${row.due_on}T00:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      lines.push(
        'BEGIN:VEVENT',
        // Stable per deadline, so calendar apps update the event instead of adding a copy.
        `UID:deadline-${row.id}@haven`,
        `DTSTAMP:${stamp}`,
        `LAST-MODIFIED:${row.updated_at
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d{3}/, '')}`,
        `DTSTART;VALUE=DATE:${compact(row.due_on)}`,
        `DTEND;VALUE=DATE:${compact(next.toISOString().slice(0, 10))}`,
        `SUMMARY:${escapeText(calendarEventSummary(row.reference, row.kind, user.locale))}`,
        `CATEGORIES:${escapeText(row.kind)}`,
        'TRANSP:TRANSPARENT',
        'END:VEVENT',
      );
    }
    lines.push('END:VCALENDAR');
    return lines.map(fold).join('\r\n') + '\r\n';
  }
}
