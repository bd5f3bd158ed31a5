// Rows of the directory, the network, consent, the sharing log and partner notes to what the API returns and
// the pages render (views never see rows).
import { formatDate, formatDateTime } from '../web/format.ts';
import type { PartnerRow } from './repository.ts';
import type { NetworkMemberWithPartner, PartnerNoteWithNames } from './networkRepository.ts';
import type { ConsentWithNames, SharingWithNames } from './sharingRepository.ts';
import {
  NETWORK_ROLE_TEXT,
  PARTNER_KIND_TEXT,
  TELL_ABOUT_RELEASE,
  isCurrent,
  lookup,
  networkOrder,
  type NetworkRole,
} from './rules.ts';
import { CONSENT_STATUS_TEXT, DIRECTION_TEXT, LAWFUL_BASIS_TEXT, type LawfulBasis } from './sharingRules.ts';

const kindText = (kind: string) => lookup(PARTNER_KIND_TEXT, kind) ?? kind;
const roleText = (role: string) => lookup(NETWORK_ROLE_TEXT, role) ?? role;

export function presentPartner(p: PartnerRow) {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    kindText: kindText(p.kind),
    area: p.area,
    email: p.email,
    phone: p.phone,
    address: p.address,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
export type PartnerView = ReturnType<typeof presentPartner>;

export const presentDuplicate = (p: PartnerRow) => ({ id: p.id, name: p.name, kind: p.kind, area: p.area });

export function presentMember(m: NetworkMemberWithPartner, today: string) {
  return {
    id: m.id,
    episodeId: m.episodeId,
    partnerId: m.partnerId,
    organisation: m.partnerName,
    partnerKind: m.partnerKind,
    name: m.name,
    role: m.role,
    roleText: roleText(m.role),
    email: m.email,
    phone: m.phone,
    from: m.fromOn,
    to: m.toOn,
    current: isCurrent(m, today),
    stage: isCurrent(m, today) ? 'current' : m.fromOn > today ? 'starting' : 'past',
    /** Seed 002: the community side of the network must hear of a release. */
    tellAboutRelease: TELL_ABOUT_RELEASE.has(m.role as NetworkRole),
    version: m.version,
  };
}
export type NetworkMemberView = ReturnType<typeof presentMember>;

/** The network, current first (issue 11). */
export function presentNetwork(members: readonly NetworkMemberWithPartner[], today: string): NetworkMemberView[] {
  return networkOrder(members, today).map((m) => presentMember(m, today));
}

export function presentConsent(c: ConsentWithNames) {
  return {
    id: c.id,
    partnerId: c.partnerId,
    organisation: c.partnerName,
    status: c.status,
    statusText: CONSENT_STATUS_TEXT[c.status],
    given: c.status === 'given',
    recordedOn: c.recordedOn,
    scope: c.scope,
    recordedBy: c.recordedByName,
    recordedAt: c.recordedAt.toISOString(),
  };
}
export type ConsentView = ReturnType<typeof presentConsent>;

/** The latest decision per partner (what is in force today), by organisation name. */
export function currentConsents(history: readonly ConsentWithNames[], today: string): ConsentView[] {
  const latest = new Map<string, ConsentWithNames>();
  for (const c of history) {
    if (c.recordedOn > today) continue;
    const before = latest.get(c.partnerId);
    if (
      !before ||
      c.recordedOn > before.recordedOn ||
      (c.recordedOn === before.recordedOn && c.recordedAt > before.recordedAt)
    )
      latest.set(c.partnerId, c);
  }
  return [...latest.values()].map(presentConsent).sort((a, b) => a.organisation.localeCompare(b.organisation));
}

export function presentSharing(s: SharingWithNames, consent?: ConsentWithNames) {
  const basis = s.lawfulBasis as LawfulBasis | null;
  return {
    id: s.id,
    direction: s.direction,
    directionText: lookup(DIRECTION_TEXT, s.direction) ?? s.direction,
    partnerId: s.partnerId,
    organisation: s.partnerName,
    sharedOn: s.sharedOn,
    what: s.what,
    lawfulBasis: basis,
    lawfulBasisText: basis ? LAWFUL_BASIS_TEXT[basis] : 'None: the request was declined',
    justification: s.justification,
    consent: consent ? { id: consent.id, recordedOn: consent.recordedOn, scope: consent.scope } : null,
    recordedBy: s.recordedByName,
    recordedAt: s.recordedAt.toISOString(),
  };
}
export type SharingView = ReturnType<typeof presentSharing>;

export function presentNote(n: PartnerNoteWithNames) {
  const late = n.recordedAt.getTime() - n.occurredAt.getTime() > 86_400_000;
  return {
    id: n.id,
    episodeId: n.episodeId,
    partnerId: n.partnerId,
    organisation: n.partnerName,
    occurredAt: n.occurredAt.toISOString(),
    recordedAt: n.recordedAt.toISOString(),
    author: n.author,
    text: n.text,
    recordedBy: n.recordedByName,
    /** Entered more than a day after it happened: the page says so (seed 002: notes compared between agencies). */
    recordedLater: late,
    occurredText: formatDateTime(n.occurredAt),
    recordedText: formatDateTime(n.recordedAt),
  };
}
export type PartnerNoteView = ReturnType<typeof presentNote>;

/** Options for a form's partner select: the network's organisations first, then the rest of the directory. */
export function partnerOptions(all: readonly PartnerRow[], inNetwork: readonly string[], selected?: string) {
  const first = new Set(inNetwork);
  const option = (p: PartnerRow) => ({
    value: p.id,
    text: `${p.name}${p.area ? ` (${p.area})` : ''}`,
    selected: p.id === selected,
  });
  return [
    { value: '', text: 'Choose an organisation', selected: !selected },
    ...all.filter((p) => first.has(p.id)).map(option),
    ...all.filter((p) => !first.has(p.id)).map(option),
  ];
}

export const dateText = (iso: string | null) => (iso ? formatDate(iso) : '');
