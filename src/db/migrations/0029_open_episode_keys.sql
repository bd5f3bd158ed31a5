-- Each episode's site and lead worker beside its state, so the open episodes of a site or of a worker are found
-- through a partial index of the open ones alone (issue 13: "each page's cost depends on what it shows, not on
-- the size of the tables"). Without them every read of open cases went through all of a site's or a worker's
-- episodes, closed ones included, of which ten years of history holds many. Kept by the same triggers as the
-- version (migration 0028): an episode's site changes with a transfer, its lead worker with an allocation.
ALTER TABLE "episode_states" ADD COLUMN "site_code" text;--> statement-breakpoint
ALTER TABLE "episode_states" ADD COLUMN "lead_worker_id" uuid;--> statement-breakpoint
UPDATE "episode_states" s SET "site_code" = e."site_code", "lead_worker_id" = e."lead_worker_id"
  FROM "episodes" e WHERE e."id" = s."episode_id";--> statement-breakpoint
ALTER TABLE "episode_states" ALTER COLUMN "site_code" SET NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION episode_states_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'episode_events' THEN
    INSERT INTO episode_states (episode_id, version, open, site_code, lead_worker_id)
      SELECT e.id, nextval('episode_state_versions'), episode_is_open(e.id), e.site_code, e.lead_worker_id
      FROM episodes e WHERE e.id IN (SELECT episode_id FROM changed) ORDER BY e.id
      ON CONFLICT (episode_id) DO UPDATE SET version = excluded.version, open = excluded.open;
  ELSIF TG_TABLE_NAME = 'episodes' THEN
    INSERT INTO episode_states (episode_id, version, open, site_code, lead_worker_id)
      SELECT e.id, nextval('episode_state_versions'), episode_is_open(e.id), e.site_code, e.lead_worker_id
      FROM episodes e WHERE e.id IN (SELECT id FROM changed) ORDER BY e.id
      ON CONFLICT (episode_id) DO UPDATE SET version = excluded.version, site_code = excluded.site_code,
        lead_worker_id = excluded.lead_worker_id;
  ELSIF TG_TABLE_NAME = 'referrals' THEN
    UPDATE episode_states s SET version = nextval('episode_state_versions')
      FROM episodes e WHERE e.id = s.episode_id AND e.referral_id IN (SELECT id FROM changed);
  ELSE
    UPDATE episode_states s SET version = nextval('episode_state_versions')
      WHERE s.episode_id IN (SELECT episode_id FROM changed);
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE INDEX "episode_states_open_site_idx" ON "episode_states" ("site_code") INCLUDE ("version") WHERE "open";--> statement-breakpoint
CREATE INDEX "episode_states_open_lead_idx" ON "episode_states" ("lead_worker_id") INCLUDE ("version") WHERE "open";--> statement-breakpoint
DROP INDEX "episode_states_open_idx";
