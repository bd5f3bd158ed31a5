// The receiving team's answer to a handover request (issues 4 and 5): decline with a note (support goes on
// with the sending team), or accept. Accepting does everything in one transaction: the receiving team's own
// referral (receivingRules.ts), its episode (through the episode service, so an Enhanced RECONNECT site
// needs its consultation meeting), and the sending episode closed with moved_and_transferred or
// stepped_up_or_down (issue 4).
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { SiteDefinition } from '../sites/policy.ts';
import type { Notify } from '../notifications/service.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, NotFound, StaleVersion, ValidationFailed } from '../http/errors.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import { say } from '../web/vocabulary.ts';
import * as repo from './repository.ts';
import { closureReasonFor, KIND_TEXT, type HandoverKind } from './rules.ts';
import { arrivedText, receivingReferral, type SendingPhase } from './receivingRules.ts';
import { presentHandover, type HandoverView } from './presenter.ts';
import type { DecisionBody } from './schema.ts';
import type { HandoverEpisodes } from './service.ts';

export interface HandoverDecisionDeps {
  sites: SiteCatalogue;
  clock: Clock;
  notify: Notify;
  timeline: TimelineWriter;
  episodes: Pick<HandoverEpisodes, 'ofReferral' | 'open' | 'closeForHandover'>;
}

export function createHandoverDecisionService({ sites, clock, notify, timeline, episodes }: HandoverDecisionDeps) {
  function siteOf(code: string): SiteDefinition {
    const site = sites.get(code);
    if (!site) throw new Error(`Unknown site ${code}`);
    return site;
  }

  async function view(db: Queryable, viewer: Viewer, id: string): Promise<HandoverView> {
    const row = await repo.findVisibleHandover(db, viewer, id);
    if (!row) throw new NotFound();
    return presentHandover(row);
  }

  async function decline(db: Queryable, viewer: Viewer, row: repo.VisibleHandover, note: string, now: Date) {
    const h = row.handover;
    const to = siteOf(h.toSiteCode);
    const updated = await repo.updateHandoverIfVersion(db, h.id, h.version, {
      status: 'declined',
      decidedBy: viewer.id,
      decidedAt: now,
      decisionNote: note,
      updatedAt: now,
    });
    if (!updated) throw new StaleVersion();
    await timeline.record(db, {
      at: now,
      personId: row.personId,
      referralId: row.sendingReferralId,
      actorId: viewer.id,
      kind: 'handover.declined',
      summary: `${to.name} declined the ${KIND_TEXT[h.kind as HandoverKind].toLowerCase()}: ${note} Support continues here.`,
    });
    await notify.users(db, [h.requestedBy], now, {
      kind: 'handover.declined',
      message: `${to.name} declined the handover you asked for. Support continues with your team: see why.`,
      link: `/episodes/${h.episodeId}/handover`,
    });
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
  }

  /** The receiving team's own referral: stored, on its timeline and audited. */
  async function receive(
    db: Queryable,
    viewer: Viewer,
    row: repo.VisibleHandover,
    sendingPhase: SendingPhase,
    note: string | undefined,
    now: Date,
  ): Promise<repo.ReferralRow> {
    const h = row.handover;
    const from = siteOf(h.fromSiteCode);
    const to = siteOf(h.toSiteCode);
    const referral = await repo.insertReferral(
      db,
      receivingReferral(
        {
          id: randomUUID(),
          reference: await repo.nextReference(db),
          handover: h,
          sendingReferral: await repo.sendingReferralOf(db, h.episodeId),
          personId: row.personId,
          sendingPhase,
          from,
          to,
          requesterName: (await repo.userName(db, h.requestedBy)) ?? from.name,
          decider: viewer,
          note,
        },
        now,
      ),
    );
    await timeline.record(db, {
      at: now,
      personId: row.personId,
      referralId: referral.id,
      actorId: viewer.id,
      kind: 'referral.received',
      summary: `${arrivedText(h.kind as HandoverKind, from, viewer, now)} Reason for the handover: ${h.reason} What the person agreed to share: ${h.summary}`,
    });
    await recordAudit(
      db,
      {
        actor: actorOf(viewer),
        action: 'referral.received_by_handover',
        recordType: 'referral',
        recordId: referral.id,
        details: {
          handoverId: h.id,
          kind: h.kind,
          from: from.code,
          to: to.code,
          personId: row.personId,
          restricted: referral.restricted,
        },
      },
      now,
    );
    return referral;
  }

  return {
    async decide(
      db: Queryable,
      viewer: Viewer,
      id: string,
      body: DecisionBody,
      expectedVersion: number,
    ): Promise<HandoverView> {
      const row = await repo.findVisibleHandover(db, viewer, id);
      if (!row) throw new NotFound();
      const h = row.handover;
      authorize(viewer, 'decideHandover', {
        fromSiteCode: h.fromSiteCode,
        toSiteCode: h.toSiteCode,
        sending: row.sending,
        receiving: row.receiving,
      });
      if (h.version !== expectedVersion) throw new StaleVersion();
      if (h.status !== 'requested') throw new Conflict(`This request has already been ${h.status}.`);
      const now = clock();
      const to = siteOf(h.toSiteCode);
      const kind = h.kind as HandoverKind;
      if (body.decision === 'decline') {
        await decline(db, viewer, row, body.note ?? '', now);
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
      const sending = await episodes.ofReferral(db, row.sendingReferralId);
      if (!sending) throw new NotFound();
      if (sending.status === 'closed')
        throw new Conflict(
          'The sending team has closed this episode of care since asking: the request can only be declined.',
        );
      const referral = await receive(db, viewer, row, sending, body.note, now);
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
      await episodes.closeForHandover(
        db,
        viewer,
        sending.id,
        reason,
        `Handed over to ${to.name} (${KIND_TEXT[kind].toLowerCase()}), accepted on ${formatIsoDateLong(londonDate(now))}.${body.note ? ` ${body.note}` : ''}`,
        now,
      );
      await timeline.record(db, {
        at: now,
        personId: row.personId,
        referralId: row.sendingReferralId,
        actorId: viewer.id,
        kind: 'handover.accepted',
        summary: `${to.name} accepted the ${KIND_TEXT[kind].toLowerCase()}: support continues with them.`,
      });
      await notify.users(db, [h.requestedBy], now, {
        kind: 'handover.accepted',
        message: `${to.name} accepted the handover you asked for. The episode of care with your team is closed: ${say(reason).toLowerCase()}.`,
        link: `/episodes/${h.episodeId}/handover`,
      });
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
  };
}

export type HandoverDecisionService = ReturnType<typeof createHandoverDecisionService>;
