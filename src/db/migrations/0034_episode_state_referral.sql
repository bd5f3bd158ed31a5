-- Each episode's referral beside its state, so a list of open cases goes from the state it finds by index straight
-- to the referral whose scope decides who may see it (access/scopes.ts), not through the episode as well: for the
-- national worklist that was one more lookup for every open case of every site, and for a small table the planner
-- hashed every episode to join a site's few (issue 13: "each page's cost depends on what it shows"). An episode's
-- referral never changes after it is opened; the same triggers as the version (migration 0028) copy it anyway.
-- The partial indexes of open cases carry it, with the episode and its version, so such a list reads the index alone.
ALTER TABLE "episode_states" ADD COLUMN "referral_id" uuid;--> statement-breakpoint
UPDATE "episode_states" s SET "referral_id" = e."referral_id" FROM "episodes" e WHERE e."id" = s."episode_id";--> statement-breakpoint
ALTER TABLE "episode_states" ALTER COLUMN "referral_id" SET NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION episode_states_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'episode_events' THEN
    INSERT INTO episode_states (episode_id, version, open, site_code, lead_worker_id, closed_on, released_on,
        expected_release_on, referral_id)
      SELECT e.id, nextval('episode_state_versions'), episode_is_open(e.id), e.site_code, e.lead_worker_id,
        episode_closed_on(e.id), episode_released_on(e.id), episode_expected_release_on(e.id), e.referral_id
      FROM episodes e WHERE e.id IN (SELECT episode_id FROM changed) ORDER BY e.id
      ON CONFLICT (episode_id) DO UPDATE SET version = excluded.version, open = excluded.open,
        closed_on = excluded.closed_on, released_on = excluded.released_on,
        expected_release_on = excluded.expected_release_on;
  ELSIF TG_TABLE_NAME = 'episodes' THEN
    INSERT INTO episode_states (episode_id, version, open, site_code, lead_worker_id, closed_on, released_on,
        expected_release_on, referral_id)
      SELECT e.id, nextval('episode_state_versions'), episode_is_open(e.id), e.site_code, e.lead_worker_id,
        episode_closed_on(e.id), episode_released_on(e.id), episode_expected_release_on(e.id), e.referral_id
      FROM episodes e WHERE e.id IN (SELECT id FROM changed) ORDER BY e.id
      ON CONFLICT (episode_id) DO UPDATE SET version = excluded.version, site_code = excluded.site_code,
        lead_worker_id = excluded.lead_worker_id, referral_id = excluded.referral_id;
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
DROP INDEX "episode_states_open_site_idx";--> statement-breakpoint
CREATE INDEX "episode_states_open_site_idx" ON "episode_states" ("site_code")
  INCLUDE ("episode_id", "version", "referral_id") WHERE "open";--> statement-breakpoint
DROP INDEX "episode_states_open_lead_site_idx";--> statement-breakpoint
CREATE INDEX "episode_states_open_lead_site_idx" ON "episode_states" ("lead_worker_id", "site_code")
  INCLUDE ("episode_id", "version", "referral_id") WHERE "open";
