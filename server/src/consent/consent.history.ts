import { randomUUID } from 'node:crypto';
import {
  CONSENT_SCOPES,
  DEFAULT_CONSENT_BASIS,
  type Consent,
  type ConsentAction,
  type ConsentBasis,
  type ConsentScope,
} from '@haven/shared';
import { sql } from 'kysely';
import { db, exec, rows, type On } from '../database/sql.js';

/** Where a scope stands: its latest event (by day, then by the order recorded). */
export interface LatestConsent {
  scope: ConsentScope;
  action: ConsentAction;
  on: string;
  language: string | null;
  basis: ConsentBasis;
}

/** An event to record (its note, if any, already sealed under its id). */
export interface NewConsentEvent {
  id?: string;
  scope: ConsentScope;
  action: ConsentAction;
  on: string;
  language: string | null;
  basis: ConsentBasis;
  note?: string | null;
}

/** Each scope's latest event of a client: one index range of (client_id, scope, on). */
export function latestConsentEvents(on: On, clientId: string): Promise<LatestConsent[]> {
  return rows(
    on,
    db
      .selectFrom('consent_event as e')
      .distinctOn('e.scope')
      .select((eb) => [
        'e.scope',
        'e.action',
        eb.cast<string>('e.on', 'text').as('on'),
        'e.language',
        'e.basis',
      ])
      .where('e.client_id', '=', clientId)
      .orderBy('e.scope')
      .orderBy('e.on', 'desc')
      .orderBy('e.created_at', 'desc')
      .orderBy('e.id', 'desc'),
  );
}

/**
 * The client's `consent` (what the statistics read) as the history adds up to: the scopes whose
 * latest event is a giving, the day of the latest of those, and the language it was explained in.
 * With every scope withdrawn, no scope and the day of the last withdrawal; with no history, null.
 */
export function projectConsent(
  latest: readonly LatestConsent[],
  previous: Consent | null,
): Consent | null {
  if (latest.length === 0) return null;
  const given = latest.filter((event) => event.action === 'given');
  const newest = [...(given.length ? given : latest)].sort((a, b) => b.on.localeCompare(a.on))[0];
  const language = newest.language ?? previous?.language;
  return {
    scopes: CONSENT_SCOPES.filter((scope) => given.some((event) => event.scope === scope)),
    givenOn: newest.on,
    ...(language ? { language } : {}),
  } as Consent;
}

/**
 * The events that bring the history in line with a consent set whole (intake, a client's edit):
 * each scope now given that the history does not hold as given is given on `givenOn` (or, to keep
 * the history in order, on its latest event's day); each scope the history holds as given that is
 * no longer named is withdrawn today.
 */
export function consentChangeEvents(
  latest: readonly LatestConsent[],
  after: Consent | null,
  today: string,
): NewConsentEvent[] {
  const events: NewConsentEvent[] = [];
  const language = after?.language ?? null;
  for (const scope of CONSENT_SCOPES) {
    const last = latest.find((event) => event.scope === scope);
    const held = last?.action === 'given';
    const wanted = after?.scopes.includes(scope) ?? false;
    if (wanted && !held) {
      const on = last && last.on > after!.givenOn ? last.on : after!.givenOn;
      events.push({ scope, action: 'given', on, language, basis: DEFAULT_CONSENT_BASIS[scope] });
    } else if (!wanted && held) {
      events.push({
        scope,
        action: 'withdrawn',
        on: last.on > today ? last.on : today,
        language: language ?? last.language,
        basis: last.basis,
      });
    }
  }
  return events;
}

/** Records events of a client, stamped in the order written (clock time, not the transaction's). */
export async function insertConsentEvents(
  on: On,
  clientId: string,
  events: readonly NewConsentEvent[],
  recordedById: string | null,
): Promise<string[]> {
  if (events.length === 0) return [];
  const ids = events.map((event) => event.id ?? randomUUID());
  await exec(
    on,
    db.insertInto('consent_event').values(
      events.map((event, i) => ({
        id: ids[i],
        client_id: clientId,
        scope: event.scope,
        action: event.action,
        on: event.on,
        language: event.language,
        basis: event.basis,
        note: event.note ?? null,
        recorded_by_id: recordedById,
        created_at: sql<Date>`clock_timestamp()`,
      })),
    ),
  );
  return ids;
}

/** Today's date (UTC), as the validators judge "not in the future". */
export const todayIso = () => new Date().toISOString().slice(0, 10);

/**
 * Records, in the caller's transaction, the events of a consent set whole by intake or a client's
 * edit (the caller writes the client's `consent` itself). Returns how many were recorded.
 */
export async function recordConsentChange(
  on: On,
  clientId: string,
  after: Consent | null,
  recordedById: string | null,
): Promise<number> {
  const latest = await latestConsentEvents(on, clientId);
  const events = consentChangeEvents(latest, after, todayIso());
  await insertConsentEvents(on, clientId, events, recordedById);
  return events.length;
}

/**
 * Starts the history of every client who has a `consent` but no event yet (clients written in
 * bulk: the demo, the benchmark's seed): one `given` event per scope, on its `givenOn`, by no one —
 * as the migration did for the clients before the history existed.
 */
export async function backfillConsentHistory(on: On): Promise<void> {
  await exec(
    on,
    sql`INSERT INTO consent_event (id, client_id, scope, action, "on", language, basis)
        SELECT gen_random_uuid(), cl.id, s.scope::consent_scope, 'given',
               CASE WHEN cl.consent ->> 'givenOn' ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN (cl.consent ->> 'givenOn')::date
                    ELSE cl.created_at::date END,
               CASE WHEN cl.consent ->> 'language' ~ '^[a-z]{2,3}$' THEN cl.consent ->> 'language' END,
               CASE s.scope WHEN 'contact_by_message' THEN 'consent' WHEN 'anonymised_statistics' THEN 'consent'
                            ELSE 'explicit_consent' END::consent_basis
          FROM client cl
         CROSS JOIN LATERAL (SELECT DISTINCT jsonb_array_elements_text(cl.consent -> 'scopes') AS scope) s
         WHERE jsonb_typeof(cl.consent -> 'scopes') = 'array'
           AND s.scope = ANY (${[...CONSENT_SCOPES]}::text[])
           AND NOT EXISTS (SELECT 1 FROM consent_event e WHERE e.client_id = cl.id)`,
  );
}
