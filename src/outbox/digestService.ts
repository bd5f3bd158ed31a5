// The worklist digest (issue: "an email digest of new high-severity items … Proportionate: a digest, not
// an email per event"). Each run takes every site's current high-severity worklist items, keeps those not
// told before (worklist_notices), and in ONE transaction records them as told, puts an in-app notification
// in front of each manager and lead worker concerned, and writes ONE email per recipient to the outbox.
// Either all of that happens or none of it, so a crash never loses a warning or tells it twice, and a
// second run finds nothing new.
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db, Queryable } from '../db/client.ts';
import { episodes, referrals, userSites, users, worklistNotices } from '../db/schema.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import { notifyUsers } from '../notifications/service.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/auditLog.ts';
import { RULE_TITLES } from '../worklist/types.ts';
import { enqueueEmail } from './outboxRepository.ts';
import { digestEmail, itemLink, type DigestEntry } from './digestEmail.ts';

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

/** A site's current worklist: src/worklist's `siteWorklist`. */
export type SiteWorklist = (db: Queryable, sites: SiteCatalogue, siteCode: string, asOf: Date) => Promise<DigestItem[]>;

export interface DigestSettings {
  sites: SiteCatalogue;
  worklist: SiteWorklist;
  /** This service's address, for the links in emails. */
  publicUrl: string;
  messageDomain: string;
}

export interface DigestRun {
  newItems: number;
  emails: number;
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

export async function runDigest(db: Db, now: Date, settings: DigestSettings): Promise<DigestRun> {
  return db.transaction(async (tx) => {
    const fresh: { siteCode: string; siteName: string; item: DigestItem }[] = [];
    for (const site of settings.sites.all()) {
      const items = (await settings.worklist(tx, settings.sites, site.code, now)).filter(
        (item) => item.severity === 'high',
      );
      const byKey = new Map(items.map((item) => [itemKey(site.code, item), item]));
      if (!byKey.size) continue;
      // Only the keys this insert actually added are new: a concurrent run's keys conflict and are skipped.
      const added = await tx
        .insert(worklistNotices)
        .values(
          [...byKey].map(([key, item]) => ({ itemKey: key, siteCode: site.code, rule: item.rule, firstSeenAt: now })),
        )
        .onConflictDoNothing()
        .returning({ itemKey: worklistNotices.itemKey });
      for (const { itemKey: key } of added)
        fresh.push({ siteCode: site.code, siteName: site.name, item: byKey.get(key)! });
    }
    if (!fresh.length) return { newItems: 0, emails: 0 };

    const records = await recordsOf(
      tx,
      fresh.map((f) => f.item),
    );
    const managers = await tx
      .select({ id: users.id, email: users.email, siteCode: userSites.siteCode })
      .from(users)
      .innerJoin(userSites, eq(userSites.userId, users.id))
      .where(
        and(
          eq(users.role, 'manager'),
          isNull(users.disabledAt),
          inArray(userSites.siteCode, [...new Set(fresh.map((f) => f.siteCode))]),
        ),
      );
    const leadIds = [...new Set(records.map((r) => r.leadWorkerId).filter((id): id is string => !!id))];
    const leads = leadIds.length
      ? await tx
          .select({ id: users.id, email: users.email })
          .from(users)
          .where(and(inArray(users.id, leadIds), isNull(users.disabledAt)))
      : [];
    const emailOf = new Map([...managers, ...leads].map((u) => [u.id, u.email]));

    const byRecipient = new Map<string, DigestEntry[]>();
    for (const { siteCode, siteName, item } of fresh) {
      const record = records.find(
        (r) =>
          (item.episodeId && r.episodeId === item.episodeId) || (item.referralId && r.referralId === item.referralId),
      );
      const lead = record?.leadWorkerId && emailOf.has(record.leadWorkerId) ? [record.leadWorkerId] : [];
      const recipients = [...new Set([...managers.filter((m) => m.siteCode === siteCode).map((m) => m.id), ...lead])];
      if (!recipients.length) continue;
      const restricted = record?.restricted ?? false;
      // A restricted record's email names neither its reference nor its id (the link would carry the id
      // into mailboxes and the admins' outbox page): it points at the worklist, one sign-in away.
      const entry: DigestEntry = {
        siteName,
        title: ruleTitle(item.rule),
        dueAt: item.dueAt,
        restricted,
        reference: restricted ? undefined : record?.reference,
        link: restricted ? '/worklist' : itemLink(item),
      };
      // In-app, behind sign-in and seen only by these recipients (who may see the record), the item's own
      // words and link are shown.
      await notifyUsers(tx, recipients, now, 'worklist', `${entry.title}: ${item.message}`, itemLink(item));
      for (const id of recipients) byRecipient.set(id, [...(byRecipient.get(id) ?? []), entry]);
    }
    for (const [userId, entries] of byRecipient) {
      const email = digestEmail(entries, settings.publicUrl);
      await enqueueEmail(
        tx,
        { userId, to: emailOf.get(userId)!, subject: email.subject, text: email.text },
        now,
        settings.messageDomain,
      );
    }
    await recordAudit(
      tx,
      {
        actor: SYSTEM_ACTOR,
        action: 'worklist.digest',
        details: {
          newItems: fresh.length,
          emails: byRecipient.size,
          sites: [...new Set(fresh.map((f) => f.siteCode))],
        },
      },
      now,
    );
    return { newItems: fresh.length, emails: byRecipient.size };
  });
}

/** Each item's referral: its reference, whether it is restricted, and its episode's lead worker. */
async function recordsOf(tx: Queryable, items: DigestItem[]) {
  const referralIds = [...new Set(items.map((i) => i.referralId).filter((id): id is string => !!id))];
  const episodeIds = [...new Set(items.map((i) => i.episodeId).filter((id): id is string => !!id))];
  if (!referralIds.length && !episodeIds.length) return [];
  return tx
    .select({
      referralId: referrals.id,
      reference: referrals.reference,
      restricted: referrals.restricted,
      episodeId: episodes.id,
      leadWorkerId: episodes.leadWorkerId,
    })
    .from(referrals)
    .leftJoin(episodes, eq(episodes.referralId, referrals.id))
    .where(
      or(
        referralIds.length ? inArray(referrals.id, referralIds) : undefined,
        episodeIds.length ? inArray(episodes.id, episodeIds) : undefined,
      ),
    );
}
