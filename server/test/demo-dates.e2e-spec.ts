import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/cli/demo.js';
import { FieldEncryption } from '../src/encryption/field-encryption.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * The demo made today (issue 25): its dates are relative to today, nothing that already happened
 * lies in the future, and every demo caseworker's week has something due in it.
 */
describe('the demo’s dates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.dataSource, FieldEncryption.fromConfig(t.config));
  }, 180_000);
  afterAll(() => t.close());

  it('has no past event dated after now', async () => {
    // Every instant column of what happened (created, updated, opened, served, done, at…): not the
    // ones naming what is to come (expiry, retention).
    const columns = await t.dataSource.query<{ table: string; column: string; type: string }[]>(
      `SELECT table_name AS table, column_name AS column, data_type AS type FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> 'typeorm_migration'
          AND (data_type = 'timestamp with time zone'
               OR column_name IN ('opened_on', 'closed_on', 'arrival_date', 'decision_served_on', 'decision_received_on', 'trigger_date', 'received_on'))
          AND column_name !~ '(expire|until|next_|scheduled|due|retain|valid_to|not_before)'`,
    );
    expect(columns.length).toBeGreaterThan(20);
    const future: string[] = [];
    for (const { table, column, type } of columns) {
      const limit = type === 'date' ? 'current_date' : 'now()';
      const [row] = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM "${table}" WHERE "${column}" > ${limit}`,
      );
      if (row.n > 0) future.push(`${table}.${column}: ${row.n}`);
    }
    expect(future).toEqual([]);
    // The audit trail's events, in particular.
    const [audit] = await t.dataSource.query<{ events: number; latest: Date }[]>(
      'SELECT count(*)::int AS events, max(at) AS latest FROM audit_event',
    );
    expect(audit.events).toBeGreaterThan(40);
    expect(audit.latest.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('opened its cases over the last years, relative to today', async () => {
    // (The retention showcase backdates a few cases by ten years on purpose.)
    const [row] = await t.dataSource.query<{ recent: number; older: number; newest: number }[]>(
      `SELECT count(*) FILTER (WHERE current_date - opened_on BETWEEN 0 AND 1538)::int AS recent,
              count(*) FILTER (WHERE current_date - opened_on > 365)::int AS older,
              min(current_date - opened_on) AS newest FROM legal_case`,
    );
    expect(row.recent).toBeGreaterThanOrEqual(40);
    expect(row.older).toBeGreaterThan(0);
    expect(row.newest).toBeGreaterThanOrEqual(0);
  });

  it('gives every demo caseworker an open deadline due within 7 days, and tasks due and overdue', async () => {
    const workers = await t.dataSource.query<
      { email: string; deadlines: number; overdue: number; week: number }[]
    >(
      `SELECT u.email,
         (SELECT count(*)::int FROM deadline d JOIN legal_case c ON c.id = d.case_id
           WHERE c.assigned_to_id = u.id AND c.stage <> 'closed' AND d.status = 'open'
             AND d.due_on BETWEEN current_date AND current_date + 7) AS deadlines,
         (SELECT count(*)::int FROM task t WHERE t.assignee_id = u.id AND t.status <> 'done' AND t.due_on < current_date) AS overdue,
         (SELECT count(*)::int FROM task t WHERE t.assignee_id = u.id AND t.status <> 'done'
             AND t.due_on BETWEEN current_date AND current_date + 7) AS week
         FROM app_user u WHERE u.role = 'caseworker' AND u.active ORDER BY u.email`,
    );
    expect(workers.length).toBeGreaterThanOrEqual(5);
    for (const worker of workers) {
      expect(worker.deadlines, `${worker.email}: deadlines this week`).toBeGreaterThan(0);
      expect(worker.overdue, `${worker.email}: overdue tasks`).toBeGreaterThan(0);
      expect(worker.week, `${worker.email}: tasks due this week`).toBeGreaterThan(0);
    }
    // And the dashboard says so.
    const dashboard = await t
      .http()
      .get('/api/dashboard')
      .set('Authorization', await t.tokenFor('caseworker@haven.local'));
    expect(dashboard.body.overdueTasks).toBeGreaterThan(0);
    expect(dashboard.body.deadlines.next14Days).toBeGreaterThan(0);
  });
});
