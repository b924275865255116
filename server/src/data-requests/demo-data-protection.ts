import type { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { ConsentService } from '../consent/consent.service.js';
import { backfillConsentHistory, latestConsentEvents } from '../consent/consent.history.js';
import { db, first } from '../database/sql.js';
import type { FieldEncryption } from '../encryption/field-encryption.js';
import { DataRequestsService } from './data-requests.service.js';

const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const later = (a: string, b: string | undefined) => (b && b > a ? b : a);

/**
 * The demo's consent histories and requests, dated relative to today: every client's consent as a
 * history; for the demo caseworker's newest client a consent to share with partners given two months
 * ago and withdrawn ten days ago, and an access request received twenty days ago (due in about ten,
 * on the supervisor's dashboard). Returns how many requests it added.
 */
export async function seedDemoDataProtection(
  dataSource: DataSource,
  crypto: FieldEncryption,
): Promise<number> {
  await backfillConsentHistory(dataSource);
  const found = await first(
    dataSource,
    db
      .selectFrom('legal_case as c')
      .innerJoin('app_user as u', 'u.id', 'c.assigned_to_id')
      .select(['c.client_id as clientId', 'u.id as userId', 'u.team_id as teamId'])
      .where('u.email', '=', 'caseworker@haven.local')
      .orderBy('c.opened_on', 'desc')
      .orderBy('c.id')
      .limit(1),
  );
  if (!found) return 0;
  const actor: Actor = {
    id: found.userId,
    role: 'caseworker',
    teamId: found.teamId,
    sessionId: 'demo',
    ip: null,
  };
  const access = new AccessService();
  const audit = new AuditService(dataSource);
  const consent = new ConsentService(dataSource, crypto, access, audit);
  const requests = new DataRequestsService(dataSource, crypto, access, audit);
  const scope = 'share_with_partners' as const;
  const last = (await latestConsentEvents(dataSource, found.clientId)).find(
    (event) => event.scope === scope,
  );
  const givenOn = later(daysAgo(60), last?.on);
  if (last?.action !== 'given')
    await consent.record(actor, found.clientId, {
      scope,
      action: 'given',
      on: givenOn,
      language: 'ru',
      note: 'Agreed to referral to the partner shelter in Batumi (fictional demo note)',
    });
  await consent.record(actor, found.clientId, {
    scope,
    action: 'withdrawn',
    on: later(daysAgo(10), givenOn),
    language: 'ru',
    note: 'Withdrew by phone: does not want the shelter told (fictional demo note)',
  });
  await requests.create(actor, {
    clientId: found.clientId,
    type: 'access',
    receivedOn: daysAgo(20),
    note: 'Asked for a copy of everything held on them (fictional demo note)',
  });
  return 1;
}
