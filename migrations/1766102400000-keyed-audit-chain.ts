import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain becomes keyed, and its sequence gapless.
 *
 * - Each new event's hash is HMAC-SHA256 under a key the database does not hold: the server sets it
 *   per connection in the session setting `haven.audit_key` (audit/audit-chain.ts), as the RFC 2104
 *   inner and outer key blocks, so that the built-in sha256() computes the HMAC (no extension).
 *   Someone who can rewrite rows but does not hold the server's secret can no longer recompute a
 *   valid hash. An insert on a connection without the key fails: it never falls back to an unkeyed
 *   hash.
 * - `chain_version` says which rule made an event's hash: 1, the unkeyed digest of the events
 *   written before this migration (they keep it, and stay verifiable); 2, the HMAC.
 * - `seq` comes from the one row of `audit_chain_head`, locked and advanced in the inserting
 *   transaction: a rollback takes its number back with it, so from `keyed_from` on any gap means a
 *   deleted event. The head also remembers the last event, so a cut tail shows. The runtime role
 *   may read the head but not write it: the trigger writes it as its owner (SECURITY DEFINER).
 */
export class KeyedAuditChain1766102400000 implements MigrationInterface {
  name = 'KeyedAuditChain1766102400000';

  public async up(q: QueryRunner): Promise<void> {
    // No event may be written while the chain changes rule.
    await q.query(`LOCK TABLE audit_event IN EXCLUSIVE MODE`);
    await q.query(`ALTER TABLE audit_event ADD COLUMN chain_version smallint NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE audit_event ALTER COLUMN chain_version DROP DEFAULT`);
    await q.query(`
      CREATE TABLE audit_chain_head (
        id boolean NOT NULL DEFAULT true,
        seq bigint NOT NULL,
        hash character(64) NOT NULL,
        keyed_from bigint NOT NULL,
        CONSTRAINT audit_chain_head_pkey PRIMARY KEY (id),
        CONSTRAINT audit_chain_head_one_row CHECK (id)
      )`);
    await q.query(`REVOKE ALL ON audit_chain_head FROM PUBLIC`);
    await q.query(`
      INSERT INTO audit_chain_head (seq, hash, keyed_from)
      SELECT coalesce(last.seq, 0), coalesce(last.hash, repeat('0', 64)), coalesce(last.seq, 0) + 1
        FROM (SELECT 1) one LEFT JOIN (SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1) last ON true`);
    // Version 2 covers the version itself, so an event cannot be passed off under the other rule.
    await q.query(`
      CREATE FUNCTION audit_event_hmac(e audit_event, key text) RETURNS char(64) LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT encode(sha256(decode(substr(key, 129, 128), 'hex') || sha256(decode(substr(key, 1, 128), 'hex') || convert_to(json_build_array(
          e.chain_version, e.seq, e.id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          e.actor_id, e.action, e.entity_type, e.entity_id, e.team_id, e.ip, e.summary, e.details,
          e.prev_hash)::text, 'UTF8'))), 'hex')
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        key text := current_setting('haven.audit_key', true);
        head record;
      BEGIN
        IF key IS NULL OR length(key) <> 256 OR key !~ '^[0-9a-f]+$' THEN
          RAISE EXCEPTION 'the audit chain key is not set on this connection: audit events cannot be written'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        -- The head's row lock orders writers until commit, as the advisory lock did. A row put in
        -- around the trigger past the head (verify reports it) must not jam every later insert.
        SELECT h.seq, h.hash INTO head FROM public.audit_chain_head h FOR UPDATE;
        NEW.seq := greatest(head.seq, (SELECT max(e.seq) FROM public.audit_event e)) + 1;
        NEW.at := coalesce(NEW.at, now());
        NEW.chain_version := 2;
        NEW.prev_hash := head.hash;
        NEW.hash := public.audit_event_hmac(NEW, key);
        UPDATE public.audit_chain_head SET seq = NEW.seq, hash = NEW.hash;
        RETURN NEW;
      END
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION audit_event_chain() FROM PUBLIC`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // Events written under version 2 keep their HMAC: the unkeyed verify of before reports them.
    await q.query(`LOCK TABLE audit_event IN EXCLUSIVE MODE`);
    await q.query(
      `SELECT setval('audit_event_seq_seq', coalesce((SELECT max(seq) FROM audit_event), 0) + 1, false)`,
    );
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql SECURITY INVOKER AS $$
      DECLARE
        previous char(64);
      BEGIN
        PERFORM pg_advisory_xact_lock(7271002);
        SELECT hash INTO previous FROM audit_event ORDER BY seq DESC LIMIT 1;
        NEW.seq := nextval('audit_event_seq_seq');
        NEW.at := coalesce(NEW.at, now());
        NEW.prev_hash := coalesce(previous, repeat('0', 64));
        NEW.hash := audit_event_digest(NEW);
        RETURN NEW;
      END
      $$`);
    await q.query(`ALTER FUNCTION audit_event_chain() RESET search_path`);
    await q.query(`GRANT EXECUTE ON FUNCTION audit_event_chain() TO PUBLIC`);
    await q.query(`DROP FUNCTION audit_event_hmac(audit_event, text)`);
    await q.query(`DROP TABLE audit_chain_head`);
    await q.query(`ALTER TABLE audit_event DROP COLUMN chain_version`);
  }
}
