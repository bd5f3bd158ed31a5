-- The day each episode was closed, kept beside its state: the last closure or reopening as the report reads
-- them (reports/rules.ts phaseAt: by day, then as recorded), when it is a closure; null while open. The
-- monthly report counts the episodes open at each month's end from those closed on or after its first month,
-- and those still open, through this index: an episode closed before the months shown (most of ten years'
-- history) is never read (issue 13: "each page's cost depends on what it shows").
ALTER TABLE "episode_states" ADD COLUMN "closed_on" date;--> statement-breakpoint
CREATE FUNCTION episode_closed_on(episode uuid) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN ev.kind = 'closed' THEN ev."on" END FROM episode_events ev
  WHERE ev.episode_id = episode AND ev.kind IN ('closed', 'reopened') ORDER BY ev."on" DESC, ev.id DESC LIMIT 1
$$;--> statement-breakpoint
UPDATE "episode_states" SET "closed_on" = episode_closed_on("episode_id")
  WHERE NOT "open" OR EXISTS (SELECT 1 FROM episode_events ev WHERE ev.episode_id = "episode_states"."episode_id" AND ev.kind = 'closed');--> statement-breakpoint
CREATE OR REPLACE FUNCTION episode_states_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'episode_events' THEN
    INSERT INTO episode_states (episode_id, version, open, site_code, lead_worker_id, closed_on)
      SELECT e.id, nextval('episode_state_versions'), episode_is_open(e.id), e.site_code, e.lead_worker_id,
        episode_closed_on(e.id)
      FROM episodes e WHERE e.id IN (SELECT episode_id FROM changed) ORDER BY e.id
      ON CONFLICT (episode_id) DO UPDATE SET version = excluded.version, open = excluded.open,
        closed_on = excluded.closed_on;
  ELSIF TG_TABLE_NAME = 'episodes' THEN
    INSERT INTO episode_states (episode_id, version, open, site_code, lead_worker_id, closed_on)
      SELECT e.id, nextval('episode_state_versions'), episode_is_open(e.id), e.site_code, e.lead_worker_id,
        episode_closed_on(e.id)
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
CREATE INDEX "episode_states_closed_on_idx" ON "episode_states" ("closed_on");--> statement-breakpoint
-- The report's releases and closures in the months shown, found by kind and day.
CREATE INDEX "episode_events_kind_on_idx" ON "episode_events" ("kind", "on");
