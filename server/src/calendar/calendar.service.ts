import { createHash, randomBytes } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@haven/shared';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { transaction } from '../database/transaction.js';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** RFC 5545 text escaping. */
function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
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

@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** A new secret feed token for the caller; the previous one stops working. */
  async issueToken(actor: Actor, baseUrl: string): Promise<{ token: string; url: string }> {
    const token = randomBytes(32).toString('base64url');
    await transaction(this.dataSource, async (manager) => {
      await manager.query(
        `INSERT INTO calendar_token (user_id, token_hash) VALUES ($1, $2)
         ON CONFLICT ON CONSTRAINT calendar_token_pkey DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
        [actor.id, hash(token)],
      );
      await this.audit.record(manager, actor, { action: 'update', entityType: 'calendar_token', entityId: actor.id, teamId: actor.teamId, summary: 'issued a calendar feed token (the old one is revoked)' });
    });
    return { token, url: `${baseUrl}/api/calendar/feed.ics?token=${token}` };
  }

  /** The feed: the user's visible open deadlines, case reference and title only — never a client's name. */
  async feed(token: string, ip: string | null): Promise<string> {
    const [user] = await this.dataSource.query<{ id: string; role: Role; team_id: string | null }[]>(
      `SELECT u.id, u.role, u.team_id FROM calendar_token t JOIN app_user u ON u.id = t.user_id WHERE t.token_hash = $1 AND u.active`,
      [hash(token)],
    );
    if (!user) throw new NotFoundException('No calendar for this token');
    const actor: Actor = { id: user.id, role: user.role, teamId: user.team_id, sessionId: 'calendar', ip };
    const condition = this.access.caseCondition(actor, 'c');
    const builder = this.dataSource
      .createQueryBuilder()
      .select(['d.id AS id', "to_char(d.due_on, 'YYYY-MM-DD') AS due_on", 'd.title AS title', 'd.kind AS kind', 'c.reference AS reference', 'd.updated_at AS updated_at'])
      .from('deadline', 'd')
      .innerJoin('legal_case', 'c', 'c.id = d.case_id')
      .where(`d.status = 'open'`)
      .andWhere(`d.due_on >= current_date - 30`)
      .andWhere(condition.sql, condition.params)
      .orderBy('d.due_on')
      .limit(2000);
    const rows = await builder.getRawMany<{ id: string; due_on: string; title: string; kind: string; reference: string; updated_at: Date }>();
    await this.audit.recordNow(actor, { action: 'export', entityType: 'calendar_feed', teamId: actor.teamId, summary: `calendar feed with ${rows.length} deadlines`, details: { count: rows.length } });
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Haven//Deadlines//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', 'X-WR-CALNAME:Haven deadlines'];
    for (const row of rows) {
      const next = new Date(`${row.due_on}T00:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      lines.push(
        'BEGIN:VEVENT',
        // Stable per deadline, so calendar apps update the event instead of adding a copy.
        `UID:deadline-${row.id}@haven`,
        `DTSTAMP:${stamp}`,
        `LAST-MODIFIED:${row.updated_at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`,
        `DTSTART;VALUE=DATE:${compact(row.due_on)}`,
        `DTEND;VALUE=DATE:${compact(next.toISOString().slice(0, 10))}`,
        `SUMMARY:${escapeText(`${row.reference}: ${row.title}`)}`,
        `CATEGORIES:${escapeText(row.kind)}`,
        'TRANSP:TRANSPARENT',
        'END:VEVENT',
      );
    }
    lines.push('END:VCALENDAR');
    return lines.map(fold).join('\r\n') + '\r\n';
  }
}
