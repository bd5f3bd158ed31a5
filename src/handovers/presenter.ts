// Rows to the handover's view model, and the handover pages' models. The receiving side is shown only the
// handover's own fields (issue 4: the person's name and date of birth, the summary they agreed to share,
// the reason, the sending site and when it was asked), never the sending referral or episode.
import type { Viewer } from '../access/viewer.ts';
import type { FieldError } from '../http/errors.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import { destinationCoverage } from '../releasePlanning/coverage.ts';
import { str, type Posted } from '../web/formFields.ts';
import type { VisibleHandover } from './repository.ts';
import {
  HANDOVER_KINDS,
  KIND_TEXT,
  STATUS_TEXT,
  kindBetween,
  type HandoverKind,
  type HandoverStatus,
} from './rules.ts';
import { ATTENDEE_ROWS, CONSULTATION_ROLE_ITEMS, fieldId } from './forms.ts';
import type { HandoverEpisode } from './service.ts';

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

/** A handover as the pages' tables and headings read it: its kind, status and sites in words. */
function inWords(h: HandoverView, sites: SiteCatalogue) {
  const siteName = (code: string) => sites.get(code)?.name ?? code;
  return {
    ...h,
    kindText: KIND_TEXT[h.kind],
    statusText: STATUS_TEXT[h.status],
    fromName: siteName(h.fromSite),
    toName: siteName(h.toSite),
  };
}

export function presentHandoverList(p: { incoming: HandoverView[]; outgoing: HandoverView[]; sites: SiteCatalogue }) {
  return {
    pageTitle: 'Handovers',
    section: 'handovers',
    incoming: p.incoming.map((h) => inWords(h, p.sites)),
    outgoing: p.outgoing.map((h) => inWords(h, p.sites)),
    waiting: p.incoming.filter((h) => h.status === 'requested').length,
  };
}

export function presentHandoverPage(p: {
  handover: HandoverView;
  abilities: { decide: boolean; withdraw: boolean };
  staff: { id: string; name: string }[];
  viewer: Viewer;
  posted: Posted;
  sites: SiteCatalogue;
}) {
  const h = p.handover;
  const chosenLead = str(p.posted, 'leadWorkerId') || p.viewer.id;
  return {
    pageTitle: `${KIND_TEXT[h.kind]}: ${h.person.givenName} ${h.person.familyName}`,
    section: 'handovers',
    backHref: '/handovers',
    handover: inWords(h, p.sites),
    canDecide: p.abilities.decide,
    canWithdraw: p.abilities.withdraw,
    enhanced: p.sites.get(h.toSite)?.model === 'ENHANCED_RECONNECT',
    posted: p.posted,
    staff: p.staff.map((s) => ({
      value: s.id,
      text: s.id === p.viewer.id ? `${s.name} (you)` : s.name,
      checked: s.id === chosenLead,
    })),
    rows: Array.from({ length: ATTENDEE_ROWS }, (_, i) => i + 1),
    roles: CONSULTATION_ROLE_ITEMS,
  };
}

export function presentEpisodeHandoverPage(p: {
  episode: HandoverEpisode;
  person: { reference: string; name: string } | undefined;
  requests: HandoverView[];
  destination: { postcode?: string; localAuthority?: string } | undefined;
  mayRequest: boolean;
  posted: Posted;
  sites: SiteCatalogue;
  now: Date;
}) {
  const { episode, destination, sites } = p;
  const own = sites.get(episode.site);
  // Issue 10: one function decides coverage, the same the release plan uses (releasePlanning/coverage.ts).
  const coverage = own ? destinationCoverage(destination, own, sites.all(), p.now) : undefined;
  const covering = coverage?.kind === 'covered_by' ? coverage.sites.flatMap((c) => sites.get(c.code) ?? []) : [];
  const coveringCodes = new Set(covering.map((s) => s.code));
  const chosenSite = str(p.posted, 'toSite') || covering[0]?.code || '';
  const others = sites.all().filter((s) => s.code !== episode.site);
  const siteItems = [
    { value: '', text: 'Choose a team' },
    ...[...covering, ...others.filter((s) => !coveringCodes.has(s.code))].map((s) => ({
      value: s.code,
      text: `${s.name}${coveringCodes.has(s.code) ? ` (covers ${destination?.localAuthority ?? ''})` : ''}`,
      selected: s.code === chosenSite,
    })),
  ];
  const nearest = covering[0];
  const suggestedKind =
    nearest && own ? (own.model === nearest.model ? 'out_of_area' : kindBetween(own.model, nearest.model)) : '';
  const chosenKind = str(p.posted, 'kind') || suggestedKind;
  const open = p.requests.find((r) => r.status === 'requested');
  return {
    pageTitle: `Transfer or handover${p.person ? `: ${p.person.name}` : ''}`,
    section: 'caseload',
    backHref: `/episodes/${episode.id}`,
    episode,
    person: p.person,
    siteName: own?.name ?? episode.site,
    requests: p.requests.map((h) => inWords(h, sites)),
    open: open ? inWords(open, sites) : undefined,
    canRequest: p.mayRequest && episode.status !== 'closed' && !open,
    destination,
    coverage,
    covering: covering.map((s) => s.name),
    posted: p.posted,
    siteItems,
    kindItems: HANDOVER_KINDS.map((k) => ({ value: k, text: KIND_TEXT[k], checked: k === chosenKind })),
  };
}

/** The NHS error summary of a refused form: a message of its own (409, 412) first, then each field's. */
export function errorSummary(refusal: { errors?: FieldError[]; message?: string }) {
  const errors = (refusal.errors ?? []).map((e) => ({ text: e.message, href: `#${fieldId(e.field)}` }));
  if (refusal.message) errors.unshift({ text: refusal.message, href: '#main-content' });
  return {
    errors,
    fieldErrors: Object.fromEntries((refusal.errors ?? []).map((e) => [fieldId(e.field), e.message])),
  };
}
