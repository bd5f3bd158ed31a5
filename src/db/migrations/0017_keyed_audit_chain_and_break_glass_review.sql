-- The audit chain is keyed (HMAC-SHA256 with AUDIT_CHAIN_KEY, a secret the database never holds), and
-- each event carries a MAC of its own made by the application as it writes it, so a row inserted by
-- anyone without the key (a backdated event, a copy) and any chain recomputed without it fail
-- `reconnect audit verify` (ASVS 5.0 V16.4.2, V16.4.3).
ALTER TABLE "audit_events" ADD COLUMN "nonce" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "mac" text;--> statement-breakpoint
-- Version 1 of the chain (unkeyed SHA-256) covers the events sealed before this migration: they keep their
-- hashes and are verified as before. This row records where version 1 ends; version 2 (keyed) follows
-- from the next place in the chain, and every event written after this point must carry its MAC.
-- A database with no events has no row: its whole chain is keyed.
CREATE TABLE "audit_chain_legacy" (
	"last_seq" bigint NOT NULL,
	"last_event_id" bigint NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
INSERT INTO "audit_chain_legacy" ("last_seq", "last_event_id", "recorded_at")
  SELECT coalesce(max("chain_seq"), 0), max("id"), now() FROM "audit_events" HAVING count(*) > 0;--> statement-breakpoint
-- Written once: by this migration, or by a restore into an empty database (before any event is restored).
CREATE FUNCTION audit_chain_legacy_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NOT EXISTS (SELECT 1 FROM audit_chain_legacy)
     AND NOT EXISTS (SELECT 1 FROM audit_events) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_chain_legacy is written once, before the first event';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_chain_legacy_fixed BEFORE INSERT OR UPDATE OR DELETE ON audit_chain_legacy
  FOR EACH ROW EXECUTE FUNCTION audit_chain_legacy_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_chain_legacy_no_truncate BEFORE TRUNCATE ON audit_chain_legacy
  FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_legacy_refuse_change();
--> statement-breakpoint
-- Sealing still only sets an unsealed event's place and hashes; the new columns are as fixed as the rest.
CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND OLD.chain_seq IS NULL
     AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.chain_seq IS NOT NULL
     AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
     AND NEW.actor_label = OLD.actor_label AND NEW.action = OLD.action
     AND NEW.record_type IS NOT DISTINCT FROM OLD.record_type AND NEW.record_id IS NOT DISTINCT FROM OLD.record_id
     AND NEW.details = OLD.details AND NEW.nonce IS NOT DISTINCT FROM OLD.nonce
     AND NEW.mac IS NOT DISTINCT FROM OLD.mac THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
--> statement-breakpoint
-- The application's database role has INSERT and SELECT on audit_events and nothing more (docs/security.md):
-- it seals through this function, which runs with the owner's rights and can only give unsealed events
-- their place in the chain (the trigger above still refuses anything else).
CREATE FUNCTION audit_seal(ids bigint[], seqs bigint[], prevs text[], hashes text[]) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  sealed integer;
BEGIN
  UPDATE audit_events AS a SET chain_seq = s.seq, prev_hash = s.prev, hash = s.hash
    FROM unnest(ids, seqs, prevs, hashes) AS s(id, seq, prev, hash)
    WHERE a.id = s.id AND a.hash IS NULL AND a.chain_seq IS NULL;
  GET DIAGNOSTICS sealed = ROW_COUNT;
  IF sealed <> coalesce(array_length(ids, 1), 0) THEN
    RAISE EXCEPTION 'audit_seal: only unsealed events can be sealed';
  END IF;
  RETURN sealed;
END;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION audit_seal(bigint[], bigint[], text[], text[]) FROM PUBLIC;--> statement-breakpoint
-- Break-glass uses are reviewed by a manager of the site: appropriate or not, with a note.
ALTER TABLE "access_grants" ADD COLUMN "review_outcome" text;--> statement-breakpoint
ALTER TABLE "access_grants" ADD COLUMN "review_note" text;--> statement-breakpoint
ALTER TABLE "access_grants" ADD COLUMN "reviewed_by" uuid;--> statement-breakpoint
ALTER TABLE "access_grants" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "access_grants" ADD CONSTRAINT "access_grants_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_grants_unreviewed_idx" ON "access_grants" USING btree ("granted_at") WHERE "access_grants"."kind" = 'break_glass' AND "access_grants"."reviewed_at" IS NULL;
