// The worklist digest (issue: "an email digest of new high-severity items … Proportionate: a digest, not
// an email per event"). Each run takes every site's current high-severity worklist items, keeps those not
// told before (worklist_notices), and in ONE transaction records them as told, puts an in-app notification
// in front of each manager and lead worker concerned, and writes ONE email per recipient to the outbox.
// Either all of that happens or none of it, so a crash never loses a warning or tells it twice, and a
// second run finds nothing new.
import type { Db, Queryable } from '../db/client.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { Notify } from '../notifications/service.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/auditLog.ts';
import type { OutboxService } from './service.ts';
import * as repo from './digestRepository.ts';
import { itemKey, ruleTitle, type DigestItem } from './digestRules.ts';
import { digestEmail, itemLink, type DigestEntry } from './digestEmail.ts';

/** A site's current worklist, every item of it (worklist/service.ts siteWorklist). */
export type SiteWorklist = (db: Queryable, siteCode: string, asOf: Date) => Promise<DigestItem[]>;

export interface DigestDeps {
  sites: SiteCatalogue;
  notify: Notify;
  worklist: { siteWorklist: SiteWorklist };
  outbox: Pick<OutboxService, 'enqueue'>;
}

export interface DigestSettings {
  /** This service's address, for the links in emails. */
  publicUrl: string;
  messageDomain: string;
  /** Another source of each site's worklist than the worklist service's (tests give one). */
  worklist?: SiteWorklist | undefined;
}

export interface DigestRun {
  newItems: number;
  emails: number;
}

export function createDigestService({ sites, notify, worklist, outbox }: DigestDeps) {
  return {
    async run(db: Db, now: Date, settings: DigestSettings): Promise<DigestRun> {
      const siteWorklist = settings.worklist ?? worklist.siteWorklist;
      return db.transaction(async (tx) => {
        const fresh: { siteCode: string; siteName: string; item: DigestItem }[] = [];
        for (const site of sites.all()) {
          const items = (await siteWorklist(tx, site.code, now)).filter((item) => item.severity === 'high');
          const byKey = new Map(items.map((item) => [itemKey(site.code, item), item]));
          if (!byKey.size) continue;
          const added = await repo.recordNotices(
            tx,
            site.code,
            [...byKey].map(([key, item]) => ({ itemKey: key, rule: item.rule })),
            now,
          );
          for (const key of added) {
            const item = byKey.get(key);
            if (item) fresh.push({ siteCode: site.code, siteName: site.name, item });
          }
        }
        if (!fresh.length) return { newItems: 0, emails: 0 };

        const ids = (pick: (i: DigestItem) => string | undefined) => [
          ...new Set(fresh.map((f) => pick(f.item)).filter((id): id is string => !!id)),
        ];
        const records = await repo.recordsOf(
          tx,
          ids((i) => i.referralId),
          ids((i) => i.episodeId),
        );
        const managers = await repo.managersOf(tx, [...new Set(fresh.map((f) => f.siteCode))]);
        const leadIds = [...new Set(records.map((r) => r.leadWorkerId).filter((id): id is string => !!id))];
        const leads = await repo.enabledUsers(tx, leadIds);
        const emailOf = new Map([...managers, ...leads].map((u) => [u.id, u.email]));

        const byRecipient = new Map<string, DigestEntry[]>();
        for (const { siteCode, siteName, item } of fresh) {
          const record = records.find(
            (r) =>
              (item.episodeId && r.episodeId === item.episodeId) ||
              (item.referralId && r.referralId === item.referralId),
          );
          const lead = record?.leadWorkerId && emailOf.has(record.leadWorkerId) ? [record.leadWorkerId] : [];
          const recipients = [
            ...new Set([...managers.filter((m) => m.siteCode === siteCode).map((m) => m.id), ...lead]),
          ];
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
          await notify.users(tx, recipients, now, {
            kind: 'worklist',
            message: `${entry.title}: ${item.message}`,
            link: itemLink(item),
          });
          for (const id of recipients) byRecipient.set(id, [...(byRecipient.get(id) ?? []), entry]);
        }
        for (const [userId, entries] of byRecipient) {
          const to = emailOf.get(userId);
          if (!to) continue;
          const email = digestEmail(entries, settings.publicUrl);
          await outbox.enqueue(
            tx,
            { userId, to, subject: email.subject, text: email.text },
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
    },
  };
}

export type DigestService = ReturnType<typeof createDigestService>;
