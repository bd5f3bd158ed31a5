// The verbs of moving a person between teams (issues 4 and 5): request a transfer, step up, step down or
// out-of-area handover; the receiving team accepts or declines; the sending team may withdraw while it
// waits. Each takes the transaction it runs in; the route opens it.
//
// Decisions:
// - Only what the person agreed to share travels (issue 5): the request is refused without
//   `consentToShare: true`, and the receiving team sees the summary, the reason and who the person is.
// - One request at a time per episode, and none on a closed episode (409): the worklist's
//   `out_of_area_no_handover` reads the one in hand (queries.ts).
// - Accepting does everything in one transaction: the receiving referral (receivingReferral.ts), its
//   episode (through the episode service, so an Enhanced RECONNECT site needs its consultation meeting),
//   and the sending episode closed (episodes/closure.ts) with moved_and_transferred or stepped_up_or_down.
// - A person whose referral is restricted stays need-to-know: at the receiving site only its managers
//   see the request (repository.ts), and the new referral is restricted too.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Core } from '../core.ts';
import type { EpisodeService } from '../episodes/episodeService.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, Forbidden, NotFound, StaleVersion, ValidationFailed } from '../http/errors.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import { findVisibleEpisode } from '../episodes/episodeRepository.ts';
import { canWorkAt, userNames } from '../episodes/episodeDisplay.ts';
import { insertEvent as addTimelineEvent } from '../timeline/repository.ts';
import { findPerson } from '../people/repository.ts';
import { notifyUsers } from '../notifications/service.ts';
import type { SiteDefinition } from '../sites/policy.ts';
import { closeEpisodeForHandover } from '../episodes/closure.ts';
import { phaseOf } from './episodeFacts.ts';
import { createReceivingReferral } from './receivingReferral.ts';
import { closureReasonFor, handoverRefusal, KIND_TEXT, type HandoverKind } from './rules.ts';
import * as repo from './repository.ts';
import { presentHandover, type HandoverView } from './presenter.ts';
import type { DecisionBody, ListQuery, RequestHandoverBody } from './schema.ts';

export function createHandoverService({ sites, clock }: Pick<Core, 'sites' | 'clock'>, episodes: EpisodeService) {
  function siteOf(code: string): SiteDefinition {
    const site = sites.get(code);
    if (!site) throw new Error(`Unknown site ${code}`);
    return site;
  }

  async function visibleOrThrow(db: Queryable, viewer: Viewer, id: string): Promise<repo.VisibleHandover> {
    const row = await repo.findVisibleHandover(db, viewer, id);
    if (!row) throw new NotFound();
    return row;
  }

  async function view(db: Queryable, viewer: Viewer, id: string): Promise<HandoverView> {
    return presentHandover(await visibleOrThrow(db, viewer, id));
  }

  return {
    async request(db: Queryable, viewer: Viewer, episodeId: string, body: RequestHandoverBody): Promise<HandoverView> {
      const episode = await findVisibleEpisode(db, viewer, episodeId);
      if (!episode) throw new NotFound();
      if (!canWorkAt(viewer, episode.siteCode))
        throw new Forbidden('Only the team’s practitioners and managers can ask another team to take the person on');
      const to = sites.get(body.toSite);
      if (!to)
        throw new ValidationFailed([{ field: 'toSite', message: 'Choose the receiving site from GET /api/v1/sites' }]);
      const from = siteOf(episode.siteCode);
      const refusal = handoverRefusal(body.kind, from, to);
      if (refusal !== null)
        throw new ValidationFailed([{ field: from.code === to.code ? 'toSite' : 'kind', message: refusal }]);
      await repo.lockEpisode(db, episode.id);
      const now = clock();
      if ((await phaseOf(db, sites, episode, now)).status === 'closed')
        throw new Conflict(
          'This episode of care is closed: reopen it before asking another team to take the person on.',
        );
      const open = await repo.openRequestOf(db, episode.id);
      if (open)
        throw new Conflict(
          `There is already a request waiting for ${siteOf(open.toSiteCode).name} to answer: withdraw it before asking again.`,
        );
      const row = await repo.insertHandover(db, {
        id: randomUUID(),
        episodeId: episode.id,
        kind: body.kind,
        fromSiteCode: from.code,
        toSiteCode: to.code,
        reason: body.reason,
        summary: body.summary,
        consentToShare: true,
        status: 'requested',
        requestedBy: viewer.id,
        requestedAt: now,
        version: 1,
        updatedAt: now,
      });
      await addTimelineEvent(db, {
        at: now,
        personId: episode.personId,
        referralId: episode.referralId,
        actorId: viewer.id,
        kind: 'handover.requested',
        summary: `Asked ${to.name} to take the person on: ${KIND_TEXT[body.kind].toLowerCase()}. Reason: ${body.reason}`,
      });
      await notifyUsers(
        db,
        await repo.managersOf(db, to.code),
        now,
        'handover.requested',
        `${from.name} asks your team to take a person on (${KIND_TEXT[body.kind].toLowerCase()}). Accept or decline the request.`,
        `/handovers/${row.id}`,
      );
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'handover.requested',
          recordType: 'handover',
          recordId: row.id,
          details: { episodeId: episode.id, kind: body.kind, from: from.code, to: to.code, consentToShare: true },
        },
        now,
      );
      return view(db, viewer, row.id);
    },

    /** One handover the viewer may see; the read is audited (PRODUCT.md: every access is audited). */
    async read(db: Queryable, viewer: Viewer, id: string): Promise<HandoverView> {
      const row = await visibleOrThrow(db, viewer, id);
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'handover.viewed',
          recordType: 'handover',
          recordId: row.handover.id,
          details: { side: row.sending ? 'sending' : 'receiving' },
        },
        clock(),
      );
      return presentHandover(row);
    },

    async list(db: Queryable, viewer: Viewer, filter: ListQuery & { episodeId?: string }): Promise<HandoverView[]> {
      const rows = await repo.listVisibleHandovers(db, viewer, filter);
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'handover.listed', details: { filter, count: rows.length } },
        clock(),
      );
      return rows.map(presentHandover);
    },

    async decide(
      db: Queryable,
      viewer: Viewer,
      id: string,
      body: DecisionBody,
      expectedVersion: number,
    ): Promise<HandoverView> {
      const row = await visibleOrThrow(db, viewer, id);
      if (!row.receiving)
        throw new Forbidden('Only the receiving team’s practitioners and managers can answer this request');
      const h = row.handover;
      if (h.version !== expectedVersion) throw new StaleVersion();
      if (h.status !== 'requested') throw new Conflict(`This request has already been ${h.status}.`);
      const now = clock();
      const from = siteOf(h.fromSiteCode);
      const to = siteOf(h.toSiteCode);
      const kind = h.kind as HandoverKind;
      const sending = await repo.episodeRow(db, h.episodeId);
      if (body.decision === 'decline') {
        const note = body.note ?? '';
        const updated = await repo.updateHandoverIfVersion(db, h.id, expectedVersion, {
          status: 'declined',
          decidedBy: viewer.id,
          decidedAt: now,
          decisionNote: note,
          updatedAt: now,
        });
        if (!updated) throw new StaleVersion();
        await addTimelineEvent(db, {
          at: now,
          personId: sending.personId,
          referralId: sending.referralId,
          actorId: viewer.id,
          kind: 'handover.declined',
          summary: `${to.name} declined the ${KIND_TEXT[kind].toLowerCase()}: ${note} Support continues here.`,
        });
        await notifyUsers(
          db,
          [h.requestedBy],
          now,
          'handover.declined',
          `${to.name} declined the handover you asked for. Support continues with your team: see why.`,
          `/episodes/${h.episodeId}/handover`,
        );
        await recordAudit(
          db,
          {
            actor: actorOf(viewer),
            action: 'handover.declined',
            recordType: 'handover',
            recordId: h.id,
            details: { note },
          },
          now,
        );
        return view(db, viewer, h.id);
      }
      if (to.model === 'ENHANCED_RECONNECT' && !body.consultation) {
        throw new ValidationFailed([
          {
            field: 'consultation',
            message:
              'Enhanced RECONNECT takes a person on only after a consultation meeting: record its date, attendees, decision and rationale',
          },
        ]);
      }
      if (body.consultation && body.consultation.decision !== 'accept') {
        throw new ValidationFailed([
          {
            field: 'consultation.decision',
            message:
              'To take the person on, the consultation meeting must decide to accept; if it did not, decline the request',
          },
        ]);
      }
      const sendingPhase = await phaseOf(db, sites, sending, now);
      if (sendingPhase.status === 'closed')
        throw new Conflict(
          'The sending team has closed this episode of care since asking: the request can only be declined.',
        );
      const person = await findPerson(db, sending.personId);
      if (!person) throw new NotFound();
      const requester = (await userNames(db, [h.requestedBy])).get(h.requestedBy) ?? from.name;
      const referral = await createReceivingReferral(
        db,
        viewer,
        {
          handover: h,
          sendingReferral: await repo.referralRow(db, sending.referralId),
          person,
          sendingPhase,
          from,
          to,
          requesterName: requester,
          note: body.note,
        },
        now,
      );
      const opened = await episodes.open(db, viewer, {
        referralId: referral.id,
        ...(body.consultation ? { consultation: body.consultation } : {}),
        ...(body.leadWorkerId ? { leadWorkerId: body.leadWorkerId } : {}),
      });
      if (opened.declined)
        throw new ValidationFailed([
          {
            field: 'consultation.decision',
            message: 'To take the person on, the consultation meeting must decide to accept',
          },
        ]);
      const updated = await repo.updateHandoverIfVersion(db, h.id, expectedVersion, {
        status: 'accepted',
        decidedBy: viewer.id,
        decidedAt: now,
        decisionNote: body.note ?? null,
        receivingReferralId: referral.id,
        receivingEpisodeId: opened.episode.id,
        updatedAt: now,
      });
      if (!updated) throw new StaleVersion();
      const reason = closureReasonFor(kind);
      await closeEpisodeForHandover(
        db,
        viewer,
        sending.id,
        reason,
        `Handed over to ${to.name} (${KIND_TEXT[kind].toLowerCase()}), accepted on ${formatIsoDateLong(londonDate(now))}.${body.note ? ` ${body.note}` : ''}`,
        now,
      );
      await addTimelineEvent(db, {
        at: now,
        personId: sending.personId,
        referralId: sending.referralId,
        actorId: viewer.id,
        kind: 'handover.accepted',
        summary: `${to.name} accepted the ${KIND_TEXT[kind].toLowerCase()}: support continues with them.`,
      });
      await notifyUsers(
        db,
        [h.requestedBy],
        now,
        'handover.accepted',
        `${to.name} accepted the handover you asked for. The episode of care with your team is closed (${reason}).`,
        `/episodes/${h.episodeId}/handover`,
      );
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'handover.accepted',
          recordType: 'handover',
          recordId: h.id,
          details: {
            receivingReferralId: referral.id,
            receivingEpisodeId: opened.episode.id,
            sendingEpisodeId: sending.id,
            closedReason: reason,
            before: { version: h.version },
            after: { version: updated.version },
          },
        },
        now,
      );
      return view(db, viewer, h.id);
    },

    async withdraw(
      db: Queryable,
      viewer: Viewer,
      id: string,
      note: string | undefined,
      expectedVersion?: number,
    ): Promise<HandoverView> {
      const row = await visibleOrThrow(db, viewer, id);
      const h = row.handover;
      if (!row.sending || !canWorkAt(viewer, h.fromSiteCode))
        throw new Forbidden('Only the sending team’s practitioners and managers can withdraw this request');
      if (expectedVersion !== undefined && h.version !== expectedVersion) throw new StaleVersion();
      if (h.status !== 'requested')
        throw new Conflict(`This request has already been ${h.status}: it can no longer be withdrawn.`);
      const now = clock();
      const updated = await repo.updateHandoverIfVersion(db, h.id, h.version, {
        status: 'withdrawn',
        decidedBy: viewer.id,
        decidedAt: now,
        decisionNote: note ?? null,
        updatedAt: now,
      });
      if (!updated) throw new StaleVersion();
      const to = siteOf(h.toSiteCode);
      const sending = await repo.episodeRow(db, h.episodeId);
      await addTimelineEvent(db, {
        at: now,
        personId: sending.personId,
        referralId: sending.referralId,
        actorId: viewer.id,
        kind: 'handover.withdrawn',
        summary: `Withdrew the request to ${to.name}.${note ? ` ${note}` : ''}`,
      });
      await notifyUsers(
        db,
        await repo.managersOf(db, to.code),
        now,
        'handover.withdrawn',
        `${siteOf(h.fromSiteCode).name} withdrew a handover request to your team.`,
        `/handovers/${h.id}`,
      );
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'handover.withdrawn',
          recordType: 'handover',
          recordId: h.id,
          details: { note: note ?? null },
        },
        now,
      );
      return view(db, viewer, h.id);
    },
  };
}

export type HandoverService = ReturnType<typeof createHandoverService>;
