import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each table whose rows carry a person's data, how a row names its client, and what is text in it. */
const GUARDED: { table: string; via: 'client' | 'case' | 'note'; columns: string[] | null }[] = [
  {
    table: 'legal_case',
    via: 'client',
    columns: [
      'client_id',
      'claim_summary',
      'service_history',
      'referral_source',
      'authority_references',
      'summons_date',
      'desertion_date',
      'legal_hold_reason',
    ],
  },
  { table: 'note', via: 'case', columns: ['title', 'body', 'evidence'] },
  { table: 'note_comment', via: 'note', columns: null },
  { table: 'task', via: 'case', columns: ['case_id', 'title', 'description', 'review_comment'] },
  { table: 'deadline', via: 'case', columns: ['title'] },
  { table: 'document', via: 'case', columns: ['title', 'file_name'] },
  { table: 'consent_event', via: 'client', columns: ['note'] },
  { table: 'data_request', via: 'client', columns: ['client_id', 'note'] },
];

const CLIENT_OF = {
  client: 'NEW.client_id',
  case: '(SELECT c.client_id FROM legal_case c WHERE c.id = NEW.case_id)',
  note: '(SELECT c.client_id FROM note n JOIN legal_case c ON c.id = n.case_id WHERE n.id = NEW.note_id)',
};

/**
 * An erasure is final (issue 24): once a client is anonymised, nothing new about them is written —
 * no edit of the client, no new case, note, comment, task, deadline, document, consent event or
 * request, no text written into their rows, no merge into or out of them (SQLSTATE HV001, a 409
 * `client.anonymised`). Only the erasure itself writes, with `haven.erasing` set for its transaction.
 *
 * Each guarded write takes a KEY SHARE lock on the client: an erasure holds the client FOR UPDATE,
 * so a write in flight either commits before it (and is erased with the rest) or waits and is
 * refused — a comment or a file cannot slip in beside a running erasure.
 */
export class ErasureIsFinal1767312000000 implements MigrationInterface {
  name = 'ErasureIsFinal1767312000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION refuse_if_erased(client uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE erased timestamptz;
      BEGIN
        IF client IS NULL OR coalesce(current_setting('haven.erasing', true), '') = 'on' THEN RETURN; END IF;
        SELECT cl.anonymised_at INTO erased FROM client cl WHERE cl.id = client FOR KEY SHARE;
        IF erased IS NOT NULL THEN
          RAISE EXCEPTION 'the client''s data were erased' USING ERRCODE = 'HV001';
        END IF;
      END $$`);
    for (const [via, expression] of Object.entries(CLIENT_OF))
      await q.query(`
        CREATE FUNCTION refuse_erased_via_${via}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM refuse_if_erased(${expression});
          RETURN NEW;
        END $$`);
    for (const { table, via, columns } of GUARDED)
      await q.query(
        `CREATE TRIGGER ${table}_refuse_erased BEFORE INSERT${columns ? ` OR UPDATE OF ${columns.join(', ')}` : ''}
           ON "${table}" FOR EACH ROW EXECUTE FUNCTION refuse_erased_via_${via}()`,
      );
    await q.query(`
      CREATE FUNCTION refuse_erased_client_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.anonymised_at IS NOT NULL AND coalesce(current_setting('haven.erasing', true), '') <> 'on' THEN
          RAISE EXCEPTION 'the client''s data were erased' USING ERRCODE = 'HV001';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER client_refuse_erased BEFORE UPDATE ON "client" FOR EACH ROW EXECUTE FUNCTION refuse_erased_client_update()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER client_refuse_erased ON "client"`);
    await q.query(`DROP FUNCTION refuse_erased_client_update()`);
    for (const { table } of GUARDED)
      await q.query(`DROP TRIGGER ${table}_refuse_erased ON "${table}"`);
    for (const via of Object.keys(CLIENT_OF))
      await q.query(`DROP FUNCTION refuse_erased_via_${via}()`);
    await q.query(`DROP FUNCTION refuse_if_erased(uuid)`);
  }
}
