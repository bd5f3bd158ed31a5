// What makes a worklist item new to the digest, and its title in the email. Pure.
import { RULE_TITLES } from '../worklist/types.ts';

/** What the digest needs of a worklist item (worklist/types.ts WorklistItem has all of it and more). */
export interface DigestItem {
  rule: string;
  severity: string;
  message: string;
  link?: string | undefined;
  dueAt?: Date | string | undefined;
  referralId?: string | undefined;
  episodeId?: string | undefined;
}

/**
 * An item's identity: its site, rule, subject (episode, else referral) and when it fell due. An item that
 * clears and comes back due on a later date has a new key, so it is told again; one that stays on the
 * worklist is told once.
 */
export function itemKey(siteCode: string, item: DigestItem): string {
  const due = item.dueAt instanceof Date ? item.dueAt.toISOString() : (item.dueAt ?? '-');
  return [siteCode, item.rule, item.episodeId ?? item.referralId ?? '-', due].join('|');
}

export function ruleTitle(rule: string): string {
  const title = (RULE_TITLES as Record<string, string | undefined>)[rule];
  if (title) return title;
  const words = rule.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
