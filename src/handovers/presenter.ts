// Rows to the handover's view model. The receiving side is shown only the handover's own fields (issue 4:
// the person's name and date of birth, the summary they agreed to share, the reason, the sending site and
// when it was asked), never the sending referral or episode.
import type { VisibleHandover } from './repository.ts';
import type { HandoverKind, HandoverStatus } from './rules.ts';

export interface HandoverView {
  id: string;
  kind: HandoverKind;
  status: HandoverStatus;
  fromSite: string;
  toSite: string;
  person: { givenName: string; familyName: string; dateOfBirth: string };
  reason: string;
  summary: string;
  consentToShare: boolean;
  requestedAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  /** Which side the viewer is on: both when they work at both sites. */
  viewerIs: { sending: boolean; receiving: boolean };
  /** The sending side only. */
  episodeId?: string;
  referralId?: string;
  referralReference?: string;
  requestedBy?: string;
  /** The receiving side only, once accepted. */
  receivingReferralId?: string | null;
  receivingEpisodeId?: string | null;
  version: number;
}

export function presentHandover(row: VisibleHandover): HandoverView {
  const h = row.handover;
  return {
    id: h.id,
    kind: h.kind as HandoverKind,
    status: h.status as HandoverStatus,
    fromSite: h.fromSiteCode,
    toSite: h.toSiteCode,
    person: { givenName: row.givenName, familyName: row.familyName, dateOfBirth: row.dateOfBirth },
    reason: h.reason,
    summary: h.summary,
    consentToShare: h.consentToShare,
    requestedAt: h.requestedAt.toISOString(),
    decidedAt: h.decidedAt?.toISOString() ?? null,
    decisionNote: h.decisionNote,
    viewerIs: { sending: row.sending, receiving: row.receiving },
    ...(row.sending
      ? {
          episodeId: h.episodeId,
          referralId: row.sendingReferralId,
          referralReference: row.sendingReference,
          requestedBy: h.requestedBy,
        }
      : {}),
    ...(row.receiving ? { receivingReferralId: h.receivingReferralId, receivingEpisodeId: h.receivingEpisodeId } : {}),
    version: h.version,
  };
}
