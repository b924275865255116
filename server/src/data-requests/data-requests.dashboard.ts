import type { DashboardDataRequest } from '@haven/shared';
import { sql } from 'kysely';
import type { AccessService } from '../access/access.service.js';
import type { Actor } from '../common/actor.js';
import { first, type On } from '../database/sql.js';

/** How many open requests a dashboard lists (the soonest due first); the counts are of all. */
export const DATA_REQUESTS_LISTED = 20;

export interface DataRequestFigures {
  open: number;
  overdue: number;
  items: DashboardDataRequest[];
}

/**
 * The open data requests a supervisor's (their team's clients') or an admin's (all) dashboard shows
 * beside the deadlines: counted and the soonest due listed in one statement, over the partial index
 * of open requests by due date.
 */
export async function dataRequestFigures(
  on: On,
  access: AccessService,
  actor: Actor,
): Promise<DataRequestFigures> {
  const scope =
    actor.role === 'admin'
      ? sql`true`
      : sql`EXISTS (SELECT 1 FROM legal_case vc WHERE vc.client_id = r.client_id AND ${access.cases(actor, 'vc')})`;
  const row = await first(
    on,
    sql<DataRequestFigures>`WITH open AS MATERIALIZED (
        SELECT r.id, r.client_id, r.type, r.received_on, r.due_on
          FROM data_request r
         WHERE r.status = 'open' AND ${scope}
      )
      SELECT (SELECT count(*)::int FROM open) AS open,
             (SELECT count(*)::int FROM open WHERE due_on < current_date) AS overdue,
             (SELECT coalesce(json_agg(x ORDER BY x."dueOn", x.id), '[]')
                FROM (SELECT o.id, o.client_id AS "clientId", cl.reference AS "clientReference",
                             o.type::text AS type, to_char(o.received_on, 'YYYY-MM-DD') AS "receivedOn",
                             to_char(o.due_on, 'YYYY-MM-DD') AS "dueOn"
                        FROM (SELECT * FROM open ORDER BY due_on, id LIMIT ${sql.lit(DATA_REQUESTS_LISTED)}) o
                        JOIN client cl ON cl.id = o.client_id) x) AS items`,
  );
  return row ?? { open: 0, overdue: 0, items: [] };
}
