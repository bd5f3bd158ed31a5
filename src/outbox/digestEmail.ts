// The digest email's words. Email leaves the service: it may be read on a phone, forwarded or kept in a
// shared mailbox, outside need-to-know and audit. So it carries what each item is (the rule's title), when
// it fell due, the referral's reference and a link, and nothing else: no names, no dates of birth, no
// clinical details, not even the item's own message (which may name the person). A restricted record
// (national security) shows no reference or id either, only that there is one, with a link to the
// worklist. Everything else is one sign-in away, behind need-to-know.
import { formatIsoDateLong, isRealIsoDate, londonDate } from '../identifiers/dates.ts';

export interface DigestEntry {
  siteName: string;
  title: string;
  dueAt: Date | string | undefined;
  /** The referral's reference; undefined for a restricted record or an item with no referral. */
  reference: string | undefined;
  restricted: boolean;
  /** A path in this service. */
  link: string;
}

/** The item's own link when it is a path in this service; else its episode, its referral, or the worklist. */
export function itemLink(item: {
  link?: string | undefined;
  episodeId?: string | undefined;
  referralId?: string | undefined;
}): string {
  if (item.link && /^\/(?!\/)/.test(item.link)) return item.link;
  if (item.episodeId) return `/episodes/${item.episodeId}`;
  if (item.referralId) return `/referrals/${item.referralId}`;
  return '/worklist';
}

function dueText(dueAt: Date | string | undefined): string | undefined {
  if (dueAt === undefined) return undefined;
  if (typeof dueAt === 'string' && isRealIsoDate(dueAt)) return formatIsoDateLong(dueAt);
  const at = new Date(dueAt);
  return Number.isNaN(at.getTime()) ? undefined : formatIsoDateLong(londonDate(at));
}

export function digestEmail(entries: DigestEntry[], publicUrl: string): { subject: string; text: string } {
  const count = entries.length === 1 ? '1 new urgent item' : `${entries.length} new urgent items`;
  const lines = [`There ${entries.length === 1 ? 'is' : 'are'} ${count} on the Reconnect worklist for you.`, ''];
  for (const siteName of [...new Set(entries.map((e) => e.siteName))]) {
    lines.push(siteName, '');
    for (const entry of entries.filter((e) => e.siteName === siteName)) {
      const due = dueText(entry.dueAt);
      const what = entry.restricted
        ? 'a restricted record'
        : entry.reference
          ? `referral ${entry.reference}`
          : undefined;
      lines.push(
        `- ${[entry.title, due ? `due ${due}` : undefined, what].filter(Boolean).join(', ')}`,
        `  ${publicUrl}${entry.link}`,
      );
    }
    lines.push('');
  }
  lines.push(
    `Your worklist: ${publicUrl}/worklist`,
    '',
    'This email gives references and links only. Sign in to Reconnect to see the details.',
    'You get it because you manage the team or are the lead worker for these items. It lists each item once, when it first becomes urgent.',
  );
  return { subject: `Reconnect: ${count} on your worklist`, text: lines.join('\n') };
}
