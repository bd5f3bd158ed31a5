-- The KPI report counts referrals by the month they were received and by the month they were decided
-- (reports/repository.ts `monthlyAggregates`): each index holds what that count reads, so it reads the
-- months shown from the index alone, not every referral's row with its body.
CREATE INDEX "referrals_received_report_idx" ON "referrals" USING btree ("received_at","site_code","restricted","source_type");--> statement-breakpoint
CREATE INDEX "referrals_decided_report_idx" ON "referrals" USING btree ("decided_at","site_code","restricted","decision","screening_due_at");
