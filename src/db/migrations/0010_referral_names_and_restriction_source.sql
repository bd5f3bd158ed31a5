-- The person as each referral names them (issue: trust, second pass). Backfilled from what the referral
-- said, or from the person record for referrals that did not carry a person (handovers copy it).
ALTER TABLE "referrals" ADD COLUMN "given_name" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "family_name" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "date_of_birth" date;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "restriction_source" text;--> statement-breakpoint
UPDATE "referrals" r SET
  "given_name" = coalesce(r."details"->'person'->>'givenName', p."given_name"),
  "family_name" = coalesce(r."details"->'person'->>'familyName', p."family_name"),
  "date_of_birth" = coalesce((r."details"->'person'->>'dateOfBirth')::date, p."date_of_birth"),
  "restriction_source" = CASE WHEN NOT r."restricted" THEN NULL
    WHEN r."priority_group" IN (1, 2) THEN 'priority_group' ELSE 'manager' END
  FROM "people" p WHERE p."id" = r."person_id";--> statement-breakpoint
ALTER TABLE "referrals" ALTER COLUMN "given_name" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "referrals" ALTER COLUMN "family_name" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "referrals" ALTER COLUMN "date_of_birth" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "same_person_as" uuid;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_same_person_as_people_id_fk" FOREIGN KEY ("same_person_as") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "people_same_person_as_idx" ON "people" USING btree ("same_person_as");
