-- What the safety net reads of each episode, versioned in the same transaction as every change to it
-- (issue 13: "keep each case's worklist facts up to date as it changes (in the same transaction)").
-- `version` is new whenever anything the worklist's rules read of the episode changes: the episode, its
-- referral, its events, contacts, release plan, handovers, plan actions and reviews, co-workers and the links
-- made. `open` is whether it is open: no closure, or reopened since the last one (episodes/phases.ts).
-- Triggers keep them, so no write path can forget to; the worklist keeps the rules' answer for an episode by
-- its version (worklist/service.ts) and runs them again only for an episode whose state changed.
CREATE SEQUENCE "episode_state_versions";--> statement-breakpoint
CREATE TABLE "episode_states" (
  "episode_id" uuid PRIMARY KEY REFERENCES "episodes" ("id") ON DELETE CASCADE,
  "version" bigint NOT NULL,
  "open" boolean NOT NULL
);--> statement-breakpoint
CREATE FUNCTION episode_is_open(episode uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT NOT EXISTS (SELECT 1 FROM episode_events ce WHERE ce.episode_id = episode AND ce.kind = 'closed'
    AND NOT EXISTS (SELECT 1 FROM episode_events ro WHERE ro.episode_id = episode AND ro.kind = 'reopened' AND ro.id > ce.id))
$$;--> statement-breakpoint
INSERT INTO "episode_states" ("episode_id", "version", "open")
  SELECT "id", nextval('episode_state_versions'), episode_is_open("id") FROM "episodes" ORDER BY "id";--> statement-breakpoint
-- A new version for the episodes a statement touched. Whether one is open changes only with its events, so
-- only they work it out again (at most one closure or reopening at a time: they change the episode under its
-- version, episodes/phases.ts); every other change leaves `open` as it is.
CREATE FUNCTION episode_states_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'episode_events' THEN
    INSERT INTO episode_states (episode_id, version, open)
      SELECT e.id, nextval('episode_state_versions'), episode_is_open(e.id)
      FROM episodes e WHERE e.id IN (SELECT episode_id FROM changed) ORDER BY e.id
      ON CONFLICT (episode_id) DO UPDATE SET version = excluded.version, open = excluded.open;
  ELSIF TG_TABLE_NAME = 'episodes' THEN
    INSERT INTO episode_states (episode_id, version, open)
      SELECT e.id, nextval('episode_state_versions'), episode_is_open(e.id)
      FROM episodes e WHERE e.id IN (SELECT id FROM changed) ORDER BY e.id
      ON CONFLICT (episode_id) DO UPDATE SET version = excluded.version;
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
-- Statement triggers over the rows changed: a bulk insert (a backup restored, a data set loaded) costs one
-- update per statement, not one per row. Transition tables allow one event per trigger, so three per table.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['episodes', 'referrals', 'episode_events', 'contacts', 'release_plans', 'handovers',
    'plan_actions', 'plan_reviews', 'episode_co_workers', 'episode_outcomes'] LOOP
    -- A referral is inserted before any episode of it (episodes.referral_id), so its insert changes none.
    IF t <> 'referrals' THEN
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION episode_states_touch()', t || '_state_inserted', t);
    END IF;
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION episode_states_touch()', t || '_state_updated', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION episode_states_touch()', t || '_state_deleted', t);
  END LOOP;
END;
$$;--> statement-breakpoint
CREATE INDEX "episode_states_open_idx" ON "episode_states" ("episode_id") INCLUDE ("version") WHERE "open";
