-- A worker's open cases at the sites they work at, found in the index itself: one who has led cases at other
-- sites (a move, a handover) would otherwise have every such open case read and thrown away by each page's counts.
CREATE INDEX IF NOT EXISTS "episode_states_open_lead_site_idx" ON "episode_states" ("lead_worker_id", "site_code") INCLUDE ("version") WHERE "open";--> statement-breakpoint
DROP INDEX IF EXISTS "episode_states_open_lead_idx";
