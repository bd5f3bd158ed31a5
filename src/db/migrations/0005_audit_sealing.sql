ALTER TABLE "audit_events" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "chain_seq" bigint;--> statement-breakpoint
CREATE INDEX "audit_unsealed_idx" ON "audit_events" USING btree ("id") WHERE "audit_events"."hash" is null;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_chain_seq_unique" UNIQUE("chain_seq");--> statement-breakpoint
-- Events chained before sealing existed keep their order.
ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_append_only";--> statement-breakpoint
UPDATE "audit_events" SET "chain_seq" = "id" WHERE "hash" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ENABLE TRIGGER "audit_events_append_only";--> statement-breakpoint
-- The one change allowed: sealing an unsealed event, which sets its chain position and hashes and
-- nothing else. Everything else stays refused: no edits, no deletions (ASVS 5.0 V16.4).
CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND OLD.chain_seq IS NULL
     AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.chain_seq IS NOT NULL
     AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
     AND NEW.actor_label = OLD.actor_label AND NEW.action = OLD.action
     AND NEW.record_type IS NOT DISTINCT FROM OLD.record_type AND NEW.record_id IS NOT DISTINCT FROM OLD.record_id
     AND NEW.details = OLD.details THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
