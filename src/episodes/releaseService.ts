// Release, recall and the expected release date of an episode of care (PRODUCT.md journey, step 4), each a
// dated event that the phase, the support windows and the worklist move with. Part of the episode service
// (service.ts spreads these verbs into it), with the dependencies services.ts hands that service.
//
// Decisions:
// - If-Match is optional on release, recall and expected release date, but honoured (412 when stale).
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { Viewer } from '../access/viewer.ts';
import { Conflict, ValidationFailed } from '../http/errors.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import type { EpisodeEvent } from './phases.ts';
import * as repo from './repository.ts';
import type { EpisodeView } from './presenter.ts';
import type { EpisodeEvents } from './eventService.ts';
import type { RecallBody, ReleaseBody } from './schema.ts';

/**
 * Release readiness of episodes already found visible ("7 of 11 done, 12 days to release"), provided by
 * release planning (releasePlanning/queries.ts readinessFor), which sits above episodes.
 */
export type Readiness = (
  db: Queryable,
  episodeIds: readonly string[],
  now: Date,
) => Promise<ReadonlyMap<string, { text: string; missing?: readonly { label: string; missing: string }[] }>>;

/**
 * 409 from a page's release: the release plan is incomplete and the user has not confirmed (issue 10,
 * "Releasing with the plan at 3 of 11": "Show what is missing and ask for confirmation").
 */
export class ReleaseNeedsConfirmation extends Conflict {
  readonly missing: readonly { label: string; missing: string }[];
  constructor(text: string, missing: readonly { label: string; missing: string }[]) {
    super(`The release plan is not finished (${text}). Check what is missing, then confirm to record the release.`);
    this.missing = missing;
  }
}

export interface ReleaseDeps {
  clock: Clock;
  readiness: Readiness;
}

export function releaseVerbs(
  { clock, readiness }: ReleaseDeps,
  { workable, storedEvents, recordEvent, recordEventOn }: EpisodeEvents,
) {
  return {
    /**
     * A release (also early, from court). With the release plan incomplete it is still recorded (the person is
     * out), and the override is kept on the timeline and in the audit trail with what was missing; a page
     * asks first (`askFirst`), and `confirmIncomplete` says the user saw the list and went on.
     */
    async release(
      db: Queryable,
      viewer: Viewer,
      id: string,
      body: ReleaseBody,
      expectedVersion?: number,
      options: { askFirst?: boolean } = {},
    ) {
      const d = body.destination;
      const place = [d?.localAuthority, d?.postcode].filter(Boolean);
      const where = place.length === 2 ? ` to ${place[0]} (${place[1]})` : place.length ? ` to ${place[0]}` : '';
      const visible = await repo.findVisibleEpisode(db, viewer, id);
      const ready = visible ? (await readiness(db, [visible.id], clock())).get(visible.id) : undefined;
      const missing = ready?.missing ?? [];
      if (ready && missing.length && options.askFirst && body.confirmIncomplete !== true)
        throw new ReleaseNeedsConfirmation(ready.text, missing);
      const incomplete =
        ready && missing.length
          ? ` Recorded with the release plan not finished (${ready.text}); missing: ${missing.map((m) => m.label.toLowerCase()).join(', ')}.`
          : '';
      return recordEvent(db, viewer, id, expectedVersion, {
        event: { kind: 'released', on: body.releasedOn, from: body.releasedFrom },
        field: 'releasedOn',
        details: {
          destination: body.destination ?? null,
          ...(ready && missing.length
            ? {
                releasePlanIncomplete: {
                  readiness: ready.text,
                  missing: missing.map((m) => m.label),
                  confirmed: body.confirmIncomplete === true,
                },
              }
            : {}),
        },
        summary: `Released from ${body.releasedFrom} on ${formatIsoDateLong(body.releasedOn)}${where}.${incomplete}`,
        action: 'episode.released',
      });
    },

    /**
     * A new expected release date, with why (issue "Release planning": "every change kept, with who and
     * why"). Recorded as an event, so the phase, the pre-release window and the worklist move with it.
     * A date before today is 400 on `expectedReleaseDate`: that is a release, to be recorded as one.
     */
    async setExpectedReleaseDate(
      db: Queryable,
      viewer: Viewer,
      id: string,
      body: { expectedReleaseDate: string; reason: string },
      expectedVersion?: number,
    ): Promise<EpisodeView> {
      const on = londonDate(clock());
      if (body.expectedReleaseDate < on) {
        throw new ValidationFailed([
          {
            field: 'expectedReleaseDate',
            message: 'Must be today or in the future: if they have been released, record the release',
          },
        ]);
      }
      const row = await workable(db, viewer, id);
      const before = (await storedEvents(db, row.id))
        .filter((e): e is Extract<EpisodeEvent, { kind: 'release_date_set' }> => e.kind === 'release_date_set')
        .at(-1);
      const was = before ? ` (was ${formatIsoDateLong(before.expectedReleaseDate)})` : '';
      return recordEventOn(db, viewer, row, expectedVersion, {
        event: { kind: 'release_date_set', on, expectedReleaseDate: body.expectedReleaseDate },
        field: 'expectedReleaseDate',
        details: { reason: body.reason },
        summary: `Expected release date set to ${formatIsoDateLong(body.expectedReleaseDate)}${was}. Reason: ${body.reason}`,
        action: 'episode.release_date_changed',
      });
    },

    recall(db: Queryable, viewer: Viewer, id: string, body: RecallBody, expectedVersion?: number) {
      const on = body.on ?? londonDate(clock());
      return recordEvent(db, viewer, id, expectedVersion, {
        event: { kind: 'recalled', on },
        field: 'on',
        details: { reason: body.reason },
        summary: `Recalled to custody on ${formatIsoDateLong(on)}: the support clock is paused. Reason: ${body.reason}`,
        action: 'episode.recalled',
      });
    },
  };
}
