-- A sent draft keeps the id of the referral it became (its answers are cleared), so its pages can say so.
ALTER TABLE "referral_drafts" ADD COLUMN "sent_referral_id" uuid;--> statement-breakpoint
ALTER TABLE "referral_drafts" ADD CONSTRAINT "referral_drafts_sent_referral_id_referrals_id_fk" FOREIGN KEY ("sent_referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A form posted after the session ended, kept for a short while for the user who signs in next on that
-- browser. Only the hash of the browser's secret is stored, and the form is encrypted with a key drawn from
-- that secret, so the database alone cannot read it.
CREATE TABLE "form_stashes" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"payload" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);--> statement-breakpoint
ALTER TABLE "form_stashes" ADD CONSTRAINT "form_stashes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "form_stashes_expires_idx" ON "form_stashes" USING btree ("expires_at");
