ALTER TABLE "api_tokens" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "last_used_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "revoked_reason" text;--> statement-breakpoint
-- Tokens issued before they could expire get the default 90 days from now, and a name saying when they were made.
UPDATE "api_tokens" SET "name" = 'Issued ' || to_char("created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
  "expires_at" = greatest(now(), "created_at") + interval '90 days';--> statement-breakpoint
-- A disabled user's tokens stop for good: enabling the user again must not bring them back.
UPDATE "api_tokens" SET "revoked_at" = now(), "revoked_reason" = 'user_disabled'
  WHERE "revoked_at" IS NULL AND "user_id" IN (SELECT "id" FROM "users" WHERE "disabled_at" IS NOT NULL);--> statement-breakpoint
UPDATE "api_tokens" SET "revoked_reason" = 'revoked' WHERE "revoked_at" IS NOT NULL AND "revoked_reason" IS NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ALTER COLUMN "name" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ALTER COLUMN "expires_at" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");
