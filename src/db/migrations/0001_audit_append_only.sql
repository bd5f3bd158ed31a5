-- The audit trail is append-only: the application cannot update or delete it (ASVS 5.0 V16.4,
-- NHS DSPT 9.5). Only a database owner who drops this trigger could; `reconnect audit verify` would
-- then still catch any edit through the hash chain.
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
--> statement-breakpoint
-- Human-friendly referral references (shown on the confirmation page).
CREATE SEQUENCE referral_reference_seq START 1001;
