import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain is linked by a sealer, off the request path (chain version 3).
 *
 * - The insert trigger takes no lock: it gives the event `seq` from a sequence (the order of
 *   appending; a rollback leaves a gap there), `at`, `chain_version` 3 and `content_mac`, the HMAC
 *   of the event's content under the connection's key (as version 2 does: an insert without the key
 *   fails). `chain_pos`, `prev_hash` and `hash` stay NULL: the event is appended, not yet sealed.
 * - `audit_seal(max_events)` links committed unsealed events in `seq` order under the lock of the
 *   chain's head (SKIP LOCKED: while another sealer runs it returns 0 at once): each gets the next
 *   `chain_pos` (gapless: a gap means a deleted event), the previous event's hash, and
 *   `hash` = HMAC(version, chain_pos, content_mac, prev_hash). The head's `seq` is now the chain
 *   position of the last sealed event; for events of versions 1 and 2 the position is their `seq`.
 * - The append-only trigger still refuses every UPDATE, DELETE and TRUNCATE but the sealing of an
 *   unsealed event: only its three chain columns change, from NULL to a link the key vouches for.
 *   The runtime role holds no UPDATE on the trail: only audit_seal (its owner's) writes it.
 */
export class AuditSealer1766448000000 implements MigrationInterface {
  name = 'AuditSealer1766448000000';

  public async up(q: QueryRunner): Promise<void> {
    // No event may be written while the chain changes rule.
    await q.query(`LOCK TABLE audit_event IN EXCLUSIVE MODE`);
    await q.query(`ALTER TABLE audit_event ADD COLUMN content_mac character(64)`);
    await q.query(`ALTER TABLE audit_event ADD COLUMN chain_pos bigint`);
    await q.query(
      `ALTER TABLE audit_event ADD CONSTRAINT audit_event_chain_pos_key UNIQUE (chain_pos)`,
    );
    await q.query(`ALTER TABLE audit_event ALTER COLUMN prev_hash DROP NOT NULL`);
    await q.query(`ALTER TABLE audit_event ALTER COLUMN hash DROP NOT NULL`);
    // What the sealer walks: only events waiting for their link.
    await q.query(
      `CREATE INDEX audit_event_unsealed_idx ON audit_event (seq) WHERE chain_version = 3 AND chain_pos IS NULL`,
    );
    // The first `seq` of the sealed era: an event of an earlier version from there on was written
    // around the trigger.
    await q.query(`ALTER TABLE audit_chain_head ADD COLUMN sealed_from bigint`);
    await q.query(`
      UPDATE audit_chain_head SET sealed_from = greatest(seq, coalesce((SELECT max(seq) FROM audit_event), 0)) + 1`);
    await q.query(
      `SELECT setval('audit_event_seq_seq', (SELECT sealed_from FROM audit_chain_head), false)`,
    );
    await q.query(`ALTER TABLE audit_chain_head ALTER COLUMN sealed_from SET NOT NULL`);

    // HMAC-SHA256 with the key blocks of audit/audit-chain.ts, as audit_event_hmac computes it.
    await q.query(`
      CREATE FUNCTION audit_hmac(key text, message text) RETURNS character(64) LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT encode(sha256(decode(substr(key, 129, 128), 'hex') || sha256(decode(substr(key, 1, 128), 'hex') || convert_to(message, 'UTF8'))), 'hex')
      $$`);
    // The content: everything the event says, and its seq and version (so neither can be changed).
    await q.query(`
      CREATE FUNCTION audit_event_content_mac(e audit_event, key text) RETURNS character(64) LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT public.audit_hmac(key, json_build_array(
          e.chain_version, e.seq, e.id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          e.actor_id, e.action, e.entity_type, e.entity_id, e.team_id, e.ip, e.summary, e.details)::text)
      $$`);
    // The link: an array of four, never equal to a content message (of twelve).
    await q.query(`
      CREATE FUNCTION audit_event_link_hash(chain_pos bigint, content_mac character(64), prev_hash character(64), key text)
      RETURNS character(64) LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT public.audit_hmac(key, json_build_array(3, chain_pos, content_mac, prev_hash)::text)
      $$`);
    await q.query(`
      CREATE FUNCTION audit_key_checked() RETURNS text LANGUAGE plpgsql STABLE AS $$
      DECLARE
        key text := current_setting('haven.audit_key', true);
      BEGIN
        IF key IS NULL OR length(key) <> 256 OR key !~ '^[0-9a-f]+$' THEN
          RAISE EXCEPTION 'the audit chain key is not set on this connection: audit events cannot be written'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN key;
      END
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        key text := public.audit_key_checked();
      BEGIN
        -- A row put in around the trigger at a coming number (verify reports it) must not make
        -- an insert fail.
        LOOP
          NEW.seq := nextval('public.audit_event_seq_seq');
          EXIT WHEN NOT EXISTS (SELECT 1 FROM public.audit_event e WHERE e.seq = NEW.seq);
        END LOOP;
        NEW.at := coalesce(NEW.at, now());
        NEW.chain_version := 3;
        NEW.chain_pos := NULL;
        NEW.prev_hash := NULL;
        NEW.hash := NULL;
        NEW.content_mac := public.audit_event_content_mac(NEW, key);
        RETURN NEW;
      END
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION audit_event_chain() FROM PUBLIC`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        -- The one change allowed: an unsealed event of version 3 gets its link, nothing else moves,
        -- and the link is the one the key makes (the key is asked for last: a refused change says so).
        IF TG_OP = 'UPDATE'
           AND OLD.chain_version = 3 AND OLD.chain_pos IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL
           AND NEW.chain_pos IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
           AND (to_jsonb(NEW) - 'chain_pos' - 'prev_hash' - 'hash') = (to_jsonb(OLD) - 'chain_pos' - 'prev_hash' - 'hash')
        THEN
          IF NEW.hash = public.audit_event_link_hash(NEW.chain_pos, NEW.content_mac, NEW.prev_hash, public.audit_key_checked()) THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    // Anyone holding the key may seal: sealing only links what was committed, in order.
    await q.query(`
      CREATE FUNCTION audit_seal(max_events integer) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        key text := public.audit_key_checked();
        head record;
        pending record;
        pos bigint;
        prev character(64);
        link character(64);
        sealed integer := 0;
      BEGIN
        -- Nothing to seal: no lock, no write (a poll is one probe of audit_event_unsealed_idx).
        IF NOT EXISTS (SELECT 1 FROM public.audit_event e
                        WHERE e.chain_version = 3 AND e.chain_pos IS NULL AND e.prev_hash IS NULL AND e.hash IS NULL
                          AND e.content_mac IS NOT NULL) THEN
          RETURN 0;
        END IF;
        -- Another sealer at work: it links these too.
        SELECT h.seq, h.hash INTO head FROM public.audit_chain_head h FOR UPDATE SKIP LOCKED;
        IF NOT FOUND THEN
          RETURN 0;
        END IF;
        -- A row put in around the trigger past the head, or one that cannot be sealed (verify
        -- reports both), must not jam sealing.
        pos := greatest(head.seq, (SELECT max(e.chain_pos) FROM public.audit_event e));
        prev := head.hash;
        FOR pending IN
          SELECT e.id, e.content_mac FROM public.audit_event e
           WHERE e.chain_version = 3 AND e.chain_pos IS NULL AND e.prev_hash IS NULL AND e.hash IS NULL
             AND e.content_mac IS NOT NULL
           ORDER BY e.seq LIMIT max_events
        LOOP
          pos := pos + 1;
          link := public.audit_event_link_hash(pos, pending.content_mac, prev, key);
          UPDATE public.audit_event SET chain_pos = pos, prev_hash = prev, hash = link WHERE id = pending.id;
          prev := link;
          sealed := sealed + 1;
        END LOOP;
        IF sealed > 0 THEN
          UPDATE public.audit_chain_head SET seq = pos, hash = prev;
        END IF;
        RETURN sealed;
      END
      $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE audit_event IN EXCLUSIVE MODE`);
    // Unsealed events cannot be given a version 2 hash here (migrations do not hold the key).
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM audit_event WHERE chain_version = 3 AND chain_pos IS NULL) THEN
          RAISE EXCEPTION 'audit events are waiting to be sealed: start Haven once (it seals them), then migrate down';
        END IF;
      END $$`);
    // Events sealed under version 3 lose their content MAC: the version 2 verify reports them.
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
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`ALTER FUNCTION audit_event_append_only() RESET search_path`);
    await q.query(`DROP FUNCTION audit_seal(integer)`);
    await q.query(`DROP FUNCTION audit_key_checked()`);
    await q.query(`DROP FUNCTION audit_event_link_hash(bigint, character, character, text)`);
    await q.query(`DROP FUNCTION audit_event_content_mac(audit_event, text)`);
    await q.query(`DROP FUNCTION audit_hmac(text, text)`);
    await q.query(`ALTER TABLE audit_chain_head DROP COLUMN sealed_from`);
    await q.query(`DROP INDEX audit_event_unsealed_idx`);
    await q.query(`ALTER TABLE audit_event ALTER COLUMN hash SET NOT NULL`);
    await q.query(`ALTER TABLE audit_event ALTER COLUMN prev_hash SET NOT NULL`);
    await q.query(`ALTER TABLE audit_event DROP CONSTRAINT audit_event_chain_pos_key`);
    await q.query(`ALTER TABLE audit_event DROP COLUMN chain_pos`);
    await q.query(`ALTER TABLE audit_event DROP COLUMN content_mac`);
  }
}
