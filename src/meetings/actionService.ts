// The actions agreed at meetings, worked to done (issue 11): open actions of every meeting on the episode, a
// "my actions" list, closing with a note (a stale update is 412), and `action_overdue` for the safety-net
// worklist once an open action is past its due date.
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { abilitiesFor, authorize, can } from '../access/policy.ts';
import { workScope } from '../access/scopes.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { NotFound, StaleVersion } from '../http/errors.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import type { PartnerLookup } from '../partners/service.ts';
import * as repo from './repository.ts';
import * as overdue from './overdueRepository.ts';
import { presentAction, presentActionInContext } from './presenter.ts';
import { MEETING_KIND_IN_SENTENCE, RISK_FORUMS, meetingTitle, overdueItems } from './rules.ts';
import { lookup } from '../partners/rules.ts';
import type { ActionUpdate } from './schema.ts';
import { createMeetingLookups } from './service.ts';

export type { OverdueActionItem } from './rules.ts';

/** Who asks for the overdue actions: a viewer (scoped by need-to-know), or the system itself (the digest). */
export type OverdueReader = Viewer | 'system';

export interface ActionDeps {
  clock: Clock;
  timeline: TimelineWriter;
  partners: PartnerLookup;
}

export function createActionService({ clock, timeline, partners }: ActionDeps) {
  const { names } = createMeetingLookups(partners);

  async function visibleOrThrow(db: Queryable, viewer: Viewer, actionId: string) {
    const found = await repo.findVisibleAction(db, viewer, actionId);
    if (!found) throw new NotFound();
    authorize(viewer, 'readMultiAgencyRecord');
    return found;
  }

  async function mine(db: Queryable, viewer: Viewer, status: 'open' | 'all') {
    authorize(viewer, 'viewMyActions');
    const rows = await repo.actionsOwnedBy(db, viewer, { openOnly: status === 'open' });
    const who = await names(db, rows);
    const now = clock();
    await recordAudit(
      db,
      { actor: actorOf(viewer), action: 'meeting.my_actions_viewed', details: { status, count: rows.length } },
      now,
    );
    return rows.map((a) => presentActionInContext(a, who, now));
  }

  return {
    /** API.md `PATCH /api/v1/actions/{id}` (If-Match): closing takes a note (schema.ts); a stale version is 412. */
    async update(db: Queryable, viewer: Viewer, actionId: string, body: ActionUpdate, expectedVersion: number) {
      const { action, meeting, episode } = await visibleOrThrow(db, viewer, actionId);
      authorize(viewer, 'updateMeetingAction', { siteCode: episode.siteCode, ownerUserId: action.ownerUserId });
      if (action.version !== expectedVersion)
        throw new StaleVersion('Someone else changed this action after you opened it. Reload it to see what changed.');
      const now = clock();
      const closing = body.status !== 'open';
      const updated = await repo.updateAction(db, action.id, expectedVersion, {
        status: body.status,
        closedNote: closing ? (body.note ?? null) : null,
        closedBy: closing ? viewer.id : null,
        closedAt: closing ? now : null,
        updatedAt: now,
      });
      if (!updated) throw new StaleVersion();
      const what = body.status === 'open' ? 'reopened' : body.status;
      const from = lookup(MEETING_KIND_IN_SENTENCE, meeting.kind) ?? 'meeting';
      await timeline.record(db, {
        at: now,
        personId: episode.personId,
        referralId: episode.referralId,
        actorId: viewer.id,
        kind: `action.${what}`,
        summary: `Action from the ${from} on ${formatIsoDateLong(meeting.heldOn)} ${what}: ${action.description}${body.note ? `. Note: ${body.note}` : ''}`,
      });
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: `meeting.action_${what}`,
          recordType: 'episode',
          recordId: action.episodeId,
          details: {
            actionId: action.id,
            before: { status: action.status, version: action.version },
            after: { status: updated.status, version: updated.version },
            note: body.note ?? null,
          },
        },
        now,
      );
      return presentAction(updated, await names(db, [updated]), now);
    },

    /** One action as the API returns it (with its ETag version). */
    async read(db: Queryable, viewer: Viewer, actionId: string) {
      const { action } = await visibleOrThrow(db, viewer, actionId);
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'meeting.action_viewed',
          recordType: 'episode',
          recordId: action.episodeId,
          details: { actionId: action.id },
        },
        clock(),
      );
      return presentAction(action, await names(db, [action]), clock());
    },

    /** The actions of every meeting on the episode: the open ones, or all. */
    async ofEpisode(db: Queryable, viewer: Viewer, episodeId: string, status: 'open' | 'all') {
      const episode = await partners.readableEpisode(db, viewer, episodeId);
      const rows = (await repo.actionsOfEpisode(db, episode.id)).filter((a) => status === 'all' || a.status === 'open');
      const who = await names(db, rows);
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'meeting.actions_viewed', recordType: 'episode', recordId: episode.id },
        clock(),
      );
      const now = clock();
      return rows.map((a) => presentAction(a, who, now));
    },

    /** "My actions": owned by the viewer, or by their team and not yet taken by one of its members. */
    mine,

    /** What the navigation's "My actions (N overdue)" is read from (web/navCounts.ts): "my actions" overdue at `asOf`. */
    myOverdueCountQueries(viewer: Viewer, asOf: Date) {
      return can(viewer, 'viewMyActions') ? [repo.overdueOwnedCountSql(viewer, londonDate(asOf))] : undefined;
    },

    /**
     * The navigation's share of the worklist's overdue actions (worklist/service.ts): how many of overdueActions'
     * items for this viewer are high (a risk forum's) and theirs (owned by them, or on a case they lead), as
     * one scalar subquery, without building the items.
     */
    myHighOverdueCountQuery(viewer: Viewer, siteCodes: readonly string[], asOf: Date) {
      return overdue.overdueOwnActionsCountSql(
        viewer,
        siteCodes,
        londonDate(asOf),
        [...RISK_FORUMS],
        workScope(viewer),
      );
    },

    /** The "my actions" page. */
    async myActionsPage(db: Queryable, viewer: Viewer, status: 'open' | 'all') {
      const items = await mine(db, viewer, status);
      return { items, status, overdueCount: items.filter((a) => a.overdue).length };
    },

    /** An action's page: the action, the meeting it came from, and whether the viewer may close it. */
    async actionPage(db: Queryable, viewer: Viewer, actionId: string) {
      const { action, meeting, episode } = await visibleOrThrow(db, viewer, actionId);
      const who = await names(db, [action]);
      return {
        action: presentAction(action, who, clock()),
        meeting: { id: meeting.id, title: meetingTitle(meeting), heldOn: meeting.heldOn },
        episode: { id: action.episodeId, ...episode },
        abilities: abilitiesFor(viewer, ['updateMeetingAction'] as const, {
          siteCode: episode.siteCode,
          ownerUserId: action.ownerUserId,
        }),
      };
    },

    /**
     * `action_overdue` for the safety-net worklist (API.md): every open action past its `dueOn` on the open
     * episodes of `siteCodes`, as worklist items carrying the action's id (`actionId`). A viewer sees only what
     * their need-to-know lets them work on (access/scopes.ts workScope); `'system'` is the digest's own read.
     */
    async overdueActions(db: Queryable, reader: OverdueReader, siteCodes: readonly string[], asOf: Date) {
      // Overdue from the start of the day after it was due: due before asOf's date, through the partial index.
      const scope = reader === 'system' ? undefined : workScope(reader);
      return overdueItems(await overdue.openActionsDueBefore(db, siteCodes, londonDate(asOf), scope), asOf);
    },

    /**
     * The first `first` of overdueActions' items for a viewer in the worklist's order, and how many there are
     * (with `mineOf`, only that user's own): for a page of the worklist, which shows a few of thousands.
     */
    async firstOverdueActions(
      db: Queryable,
      viewer: Viewer,
      siteCodes: readonly string[],
      asOf: Date,
      page: { first: number; mineOf?: string | undefined },
    ) {
      const found = await overdue.firstOpenActionsDueBefore(db, siteCodes, londonDate(asOf), workScope(viewer), {
        ...page,
        highKinds: [...RISK_FORUMS],
      });
      return { items: overdueItems(found.actions, asOf), total: found.total };
    },
  };
}

export type ActionService = ReturnType<typeof createActionService>;
