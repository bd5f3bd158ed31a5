-- A manager's override of a hard requirement when accepting a referral (issue 10), shown on the record.
ALTER TABLE "referrals" ADD COLUMN "eligibility_override" jsonb;
