-- Each episode's release days beside its state: the day of its first release (the anchor of support) and the
-- expected release date last recorded, as the caseload sorts by them (caseload/repository.ts; episodes/phases.ts
-- replays the same events). Kept by the same triggers as the version (migration 0028), so a caseload of a site's
-- open cases sorts them by a column of each one's state rather than by reading every one's events (issue 13:
-- "each page's cost depends on what it shows"). Events are never dated in the future (episodes/phases.ts), so the
-- days recorded are the days as of today.
ALTER TABLE "episode_states" ADD COLUMN "released_on" date;--> statement-breakpoint
ALTER TABLE "episode_states" ADD COLUMN "expected_release_on" date;--> statement-breakpoint
CREATE FUNCTION episode_released_on(episode uuid) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT min(ev."on") FROM episode_events ev WHERE ev.episode_id = episode AND ev.kind = 'released'
$$;--> statement-breakpoint
-- A date as the release service records it (YYYY-MM-DD); anything else is no date, never a failed write.
CREATE FUNCTION episode_expected_release_on(episode uuid) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN d ~ '^\d{4}-\d{2}-\d{2}$' THEN d::date END FROM (
    SELECT ev.data->>'expectedReleaseDate' AS d FROM episode_events ev
    WHERE ev.episode_id = episode AND ev.kind = 'release_date_set' ORDER BY ev."on" DESC, ev.id DESC LIMIT 1) latest
$$;--> statement-breakpoint
UPDATE "episode_states" SET "released_on" = episode_released_on("episode_id"),
  "expected_release_on" = episode_expected_release_on("episode_id");--> statement-breakpoint
CREATE OR REPLACE FUNCTION episode_states_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'episode_events' THEN
    INSERT INTO episode_states (episode_id, version, open, site_code, lead_worker_id, closed_on, released_on,
        expected_release_on)
      SELECT e.id, nextval('episode_state_versions'), episode_is_open(e.id), e.site_code, e.lead_worker_id,
        episode_closed_on(e.id), episode_released_on(e.id), episode_expected_release_on(e.id)
      FROM episodes e WHERE e.id IN (SELECT episode_id FROM changed) ORDER BY e.id
      ON CONFLICT (episode_id) DO UPDATE SET version = excluded.version, open = excluded.open,
        closed_on = excluded.closed_on, released_on = excluded.released_on,
        expected_release_on = excluded.expected_release_on;
  ELSIF TG_TABLE_NAME = 'episodes' THEN
    INSERT INTO episode_states (episode_id, version, open, site_code, lead_worker_id, closed_on, released_on,
        expected_release_on)
      SELECT e.id, nextval('episode_state_versions'), episode_is_open(e.id), e.site_code, e.lead_worker_id,
        episode_closed_on(e.id), episode_released_on(e.id), episode_expected_release_on(e.id)
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
$$;
