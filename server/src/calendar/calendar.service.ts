import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DeadlineKind, Locale } from '@haven/shared';
import { sql } from 'kysely';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { DomainError } from '../common/errors.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { transaction } from '../database/transaction.js';
import { db, exec, first, rows } from '../database/sql.js';

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
      await exec(
        manager,
        db
          .insertInto('calendar_token')
          .values({ user_id: actor.id, token_hash: hash(token) })
          .onConflict((conflict) =>
            conflict.constraint('calendar_token_pkey').doUpdateSet((eb) => ({
              token_hash: eb.ref('excluded.token_hash'),
              created_at: eb.fn<Date>('now'),
            })),
          ),
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
    const row = await first(
      this.dataSource,
      db.selectFrom('calendar_token').select('created_at').where('user_id', '=', actor.id),
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
      const gone = await rows(
        manager,
        db.deleteFrom('calendar_token').where('user_id', '=', actor.id).returning('user_id'),
      );
      const revoked = gone.length > 0;
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
    const user = await first(
      this.dataSource,
      db
        .selectFrom('calendar_token as t')
        .innerJoin('app_user as u', 'u.id', 't.user_id')
        .select(['u.id', 'u.role', 'u.team_id', 'u.locale'])
        .where('t.token_hash', '=', hash(token))
        .where('u.active', '=', true),
    );
    if (!user)
      throw new DomainError('not_found', 'calendar.not_found', 'No calendar for this token');
    const actor: Actor = {
      id: user.id,
      role: user.role,
      teamId: user.team_id,
      sessionId: 'calendar',
      ip,
    };
    const deadlines = await rows(
      this.dataSource,
      db
        .selectFrom('deadline as d')
        .innerJoin('legal_case as c', 'c.id', 'd.case_id')
        .select((eb) => [
          'd.id',
          eb.fn<string>('to_char', ['d.due_on', sql.lit('YYYY-MM-DD')]).as('due_on'),
          'd.kind',
          'c.reference',
          'd.updated_at',
        ])
        .where('d.status', '=', sql.lit('open'))
        .where('d.due_on', '>=', sql<Date>`current_date - 30`)
        .where(this.access.cases(actor, 'c'))
        .orderBy('d.due_on')
        .limit(sql.lit(2000)),
    );
    await this.audit.recordNow(actor, {
      action: 'export',
      entityType: 'calendar_feed',
      teamId: actor.teamId,
      summary: `calendar feed with ${deadlines.length} deadlines`,
      details: { count: deadlines.length },
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
    for (const row of deadlines) {
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
