-- A replay answers with the first response whole: its headers (ETag, Location) as well as its status and body
-- (issue: trust, second pass, "Idempotency-Key").
ALTER TABLE "idempotency_keys" ADD COLUMN "response_headers" text DEFAULT '{}' NOT NULL;
