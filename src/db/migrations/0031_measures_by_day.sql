-- The report's wellbeing change reads the episodes measured in the months it shows, found by instrument and day,
-- never every measure of ten years.
CREATE INDEX "outcome_measures_instrument_on_idx" ON "outcome_measures" ("instrument", "administered_on");
