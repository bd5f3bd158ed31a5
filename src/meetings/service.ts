// Professionals' meetings, MDTs and risk forums (MAPPA, MARAC, Channel Panel) about a person (issue 11): each
// with its date, attendees and whether present, summary, decisions, what the team contributed, and actions.
// Each verb takes the transaction it runs in. The episode gate (visible, the care team's, the site's staff
// to change) is the partner service's, injected; the actions' own verbs are in actionService.ts.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { abilitiesFor, authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { NotFound, ValidationFailed, type FieldError } from '../http/errors.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import { londonInstant } from '../web/formFields.ts';
import type { PartnerLookup, VisibleEpisode } from '../partners/service.ts';
import * as repo from './repository.ts';
import { presentMeeting } from './presenter.ts';
import { meetingTitle } from './rules.ts';
import type { MeetingBody } from './schema.ts';

export interface MeetingDeps {
  clock: Clock;
  timeline: TimelineWriter;
  partners: PartnerLookup;
}

/** The names of who recorded and who closed, and of the organisations named by id, for the presenter. */
export function createMeetingLookups(partners: Pick<PartnerLookup, 'byIds'>) {
  return {
    names: (db: Queryable, rows: { recordedBy?: string; closedBy?: string | null }[]) =>
      repo.userNames(
        db,
        rows.flatMap((r) => [r.recordedBy ?? null, r.closedBy ?? null]),
      ),
    async partnerNames(db: Queryable, ids: (string | null)[]) {
      const rows = await partners.byIds(
        db,
        ids.filter((i): i is string => i !== null),
      );
      return new Map(rows.map((p) => [p.id, p.name]));
    },
  };
}

export function createMeetingService({ clock, timeline, partners }: MeetingDeps) {
  const { names, partnerNames } = createMeetingLookups(partners);

  /** 400 on each partner id not in the directory and each owner who is not one of the site's staff. */
  async function checkReferences(db: Queryable, body: MeetingBody, siteCode: string) {
    const wanted = [
      ...(body.convenedByPartnerId ? [body.convenedByPartnerId] : []),
      ...body.attendees.flatMap((a) => (a.partnerId ? [a.partnerId] : [])),
      ...body.actions.flatMap((a) => (a.ownerPartnerId ? [a.ownerPartnerId] : [])),
    ];
    const known = new Set((await partners.byIds(db, wanted)).map((p) => p.id));
    const staff = new Set((await repo.staffOfSite(db, siteCode)).map((u) => u.id));
    const errors: FieldError[] = [];
    const unknown = 'Must be an organisation in the partner directory';
    if (body.convenedByPartnerId && !known.has(body.convenedByPartnerId))
      errors.push({ field: 'convenedByPartnerId', message: unknown });
    body.attendees.forEach((a, i) => {
      if (a.partnerId && !known.has(a.partnerId)) errors.push({ field: `attendees.${i}.partnerId`, message: unknown });
    });
    body.actions.forEach((a, i) => {
      if (a.ownerPartnerId && !known.has(a.ownerPartnerId))
        errors.push({ field: `actions.${i}.ownerPartnerId`, message: unknown });
      if (a.ownerUserId && !staff.has(a.ownerUserId))
        errors.push({ field: `actions.${i}.ownerUserId`, message: 'Must be a practitioner or manager of the site' });
    });
    if (errors.length) throw new ValidationFailed(errors);
  }

  async function meetingView(db: Queryable, meeting: repo.MeetingRow, actions: repo.ActionRow[]) {
    const who = await names(db, [meeting, ...actions]);
    const orgs = await partnerNames(db, [meeting.convenedByPartnerId]);
    return presentMeeting(meeting, actions, who, orgs, clock());
  }

  /** The episode's meetings, newest first, each with its actions. */
  async function meetingsOf(db: Queryable, episode: VisibleEpisode) {
    const [rows, actions] = [await repo.meetingsOf(db, episode.id), await repo.actionsOfEpisode(db, episode.id)];
    const who = await names(db, [...rows, ...actions]);
    const orgs = await partnerNames(
      db,
      rows.map((m) => m.convenedByPartnerId),
    );
    const now = clock();
    return rows.map((m) =>
      presentMeeting(
        m,
        actions
          .filter((a) => a.meetingId === m.id)
          .sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || x.id.localeCompare(y.id)),
        who,
        orgs,
        now,
      ),
    );
  }

  async function audit(db: Queryable, viewer: Viewer, action: string, episodeId: string, details?: object) {
    await recordAudit(
      db,
      {
        actor: actorOf(viewer),
        action,
        recordType: 'episode',
        recordId: episodeId,
        ...(details ? { details: { ...details } } : {}),
      },
      clock(),
    );
  }

  async function readMeeting(db: Queryable, viewer: Viewer, meetingId: string) {
    const found = await repo.findVisibleMeeting(db, viewer, meetingId);
    if (!found) throw new NotFound();
    authorize(viewer, 'readMultiAgencyRecord');
    const view = await meetingView(db, found.meeting, await repo.actionsOfMeeting(db, found.meeting.id));
    await audit(db, viewer, 'meeting.viewed', found.meeting.episodeId, { meetingId });
    return { meeting: view, episode: found.episode };
  }

  return {
    /** API.md `POST /api/v1/episodes/{id}/meetings` → `{ id, actions: [{ id, status: "open", version }] }` and the rest. */
    async record(db: Queryable, viewer: Viewer, episodeId: string, body: MeetingBody) {
      const episode = await partners.workableEpisode(db, viewer, episodeId);
      const now = clock();
      if (body.heldOn > londonDate(now))
        throw new ValidationFailed([
          { field: 'heldOn', message: 'Must be today or in the past: record a meeting once it is held' },
        ]);
      await checkReferences(db, body, episode.siteCode);
      const meeting = await repo.insertMeeting(db, {
        id: randomUUID(),
        episodeId: episode.id,
        kind: body.kind,
        heldOn: body.heldOn,
        mappaLevel: body.mappaLevel ?? null,
        mappaCategory: body.mappaCategory ?? null,
        convenedByPartnerId: body.convenedByPartnerId ?? null,
        attendees: body.attendees,
        summary: body.summary,
        decisions: body.decisions ?? null,
        teamContribution: body.teamContribution ?? null,
        recordedBy: viewer.id,
        recordedAt: now,
        version: 1,
        updatedAt: now,
      });
      const actions = await repo.insertActions(
        db,
        body.actions.map((a, i) => ({
          id: randomUUID(),
          meetingId: meeting.id,
          episodeId: episode.id,
          description: a.description,
          ownerName: a.ownerName,
          ownerOrganisation: a.ownerOrganisation,
          ownerPartnerId: a.ownerPartnerId ?? null,
          ownerUserId: a.ownerUserId ?? null,
          ownerSiteCode: a.ownedByTeam ? episode.siteCode : null,
          dueOn: a.dueOn,
          status: 'open',
          // A millisecond apart: the actions stay in the order the minutes list them.
          createdAt: new Date(now.getTime() + i),
          version: 1,
          updatedAt: now,
        })),
      );
      const noon = new Date(londonInstant(body.heldOn, '12:00'));
      const title = meetingTitle({
        kind: body.kind,
        mappaLevel: body.mappaLevel ?? null,
        mappaCategory: body.mappaCategory ?? null,
      });
      const present = body.attendees.filter((a) => a.present).length;
      await timeline.record(db, {
        at: noon.getTime() > now.getTime() ? now : noon,
        personId: episode.personId,
        referralId: episode.referralId,
        actorId: viewer.id,
        kind: `meeting.${body.kind}`,
        summary: `${title} held on ${formatIsoDateLong(body.heldOn)}, ${present} present; ${actions.length} action${actions.length === 1 ? '' : 's'} agreed.`,
      });
      await audit(db, viewer, 'meeting.recorded', episode.id, { meetingId: meeting.id, kind: body.kind });
      return meetingView(db, meeting, actions);
    },

    /** API.md `GET /api/v1/episodes/{id}/meetings`: newest first, each with its actions. */
    async list(db: Queryable, viewer: Viewer, episodeId: string) {
      const episode = await partners.readableEpisode(db, viewer, episodeId);
      const items = await meetingsOf(db, episode);
      await audit(db, viewer, 'meetings.viewed', episode.id);
      return items;
    },

    read: readMeeting,

    /** The episode's meetings page: the open actions of every meeting first, then each meeting. */
    async meetingsPage(db: Queryable, viewer: Viewer, episodeId: string) {
      const episode = await partners.readableEpisode(db, viewer, episodeId);
      const meetings = await meetingsOf(db, episode);
      await audit(db, viewer, 'meetings.viewed', episode.id);
      const open = meetings.flatMap((m) =>
        m.actions.filter((a) => a.status === 'open').map((a) => ({ ...a, meetingTitle: m.title, heldOn: m.heldOn })),
      );
      return {
        episode,
        meetings,
        openActions: open.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id)),
        abilities: abilitiesFor(viewer, ['recordMultiAgencyWork'] as const, episode),
      };
    },

    /** One meeting's record (its page and its printed minutes), with what the viewer may do to its actions. */
    async meetingPage(db: Queryable, viewer: Viewer, meetingId: string) {
      const { meeting, episode } = await readMeeting(db, viewer, meetingId);
      return {
        meeting,
        episode: { id: meeting.episodeId, ...episode },
        actionAbilities: Object.fromEntries(
          meeting.actions.map((a) => [
            a.id,
            abilitiesFor(viewer, ['updateMeetingAction'] as const, {
              siteCode: episode.siteCode,
              ownerUserId: a.ownerUserId,
            }),
          ]),
        ),
      };
    },

    /** What the meeting form offers: the directory (for conveners, attendees and owners) and the site's staff. */
    async formContext(db: Queryable, viewer: Viewer, episodeId: string) {
      const episode = await partners.workableEpisode(db, viewer, episodeId);
      return {
        episode,
        partners: (await partners.all(db)).map((p) => ({ id: p.id, name: p.name, area: p.area })),
        staff: await repo.staffOfSite(db, episode.siteCode),
      };
    },
  };
}

export type MeetingService = ReturnType<typeof createMeetingService>;
