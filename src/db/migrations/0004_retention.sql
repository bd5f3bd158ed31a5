ALTER TABLE "referrals" ADD COLUMN "retention_class" text DEFAULT 'mental_health' NOT NULL;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "legal_hold" boolean DEFAULT false NOT NULL;