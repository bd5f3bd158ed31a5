// The worklist digest (issue: "an email digest of new high-severity items … a digest, not an email per
// event"; "Running it twice sends nothing new. Items that clear and come back on a later due date are new").
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { openTestDatabase } from '../../test/support/database.ts';
import { loadConfig } from '../config.ts';
import { buildServices, type Services } from '../services.ts';
import type { Database } from '../db/client.ts';
import { emailOutbox, episodes, notifications, referrals, worklistNotices } from '../db/schema.ts';
import { createUser } from '../auth/accounts.ts';
import { loadViewer } from '../auth/userRepository.ts';
import { SYSTEM_ACTOR } from '../audit/auditLog.ts';
import type { Role, Viewer } from '../access/viewer.ts';
import { fictionalReferral } from '../demo/fictionalReferrals.ts';
import { itemKey, type DigestItem } from './digestRules.ts';
import type { SiteWorklist } from './digestService.ts';
import { SITES } from '../../test/support/factories.ts';

const ER = SITES.lancashire;
const BSOL = SITES.birmingham;
const URL_BASE = 'https://reconnect.example.nhs.uk';

let database: Database;
let services: Services;
const now = () => new Date('2026-11-10T09:00:00Z');
const users: Record<string, Viewer> = {};
let open: { id: string; reference: string; name: string; episodeId: string };
let restricted: { id: string; reference: string };
/** The fake worklist: what each site's worklist holds right now. */
const worklists = new Map<string, DigestItem[]>();
const worklist: SiteWorklist = (_db, siteCode) => Promise.resolve(worklists.get(siteCode) ?? []);
const digest = () =>
  services.digest.run(services.db, now(), {
    worklist,
    publicUrl: URL_BASE,
    messageDomain: 'reconnect.example.nhs.uk',
  });

let counter = 0;
async function user(role: Role, sites: string[]): Promise<Viewer> {
  const { id } = await createUser(
    services.db,
    services.sites,
    {
      email: `${role}${++counter}@example.org`,
      name: `Test ${role} ${counter}`,
      role,
      siteCodes: sites,
      password: 'a long enough secret phrase',
    },
    SYSTEM_ACTOR,
    now(),
  );
  return (await loadViewer(services.db, id))!;
}

beforeAll(async () => {
  database = await openTestDatabase();
  services = await buildServices(database, loadConfig({ NODE_ENV: 'test' }), now);
  users.referrer = await user('referrer', []);
  users.erManager = await user('manager', [ER]);
  users.bothManager = await user('manager', [ER, BSOL]);
  users.bsolManager = await user('manager', [BSOL]);
  users.lead = await user('practitioner', [ER]);
  users.otherPractitioner = await user('practitioner', [ER]);
  const a = await services.db.transaction((tx) =>
    services.referrals.submit(tx, users.referrer!, fictionalReferral(ER, 901, now())),
  );
  const b = await services.db.transaction((tx) =>
    services.referrals.submit(tx, users.referrer!, fictionalReferral(ER, 902, now())),
  );
  await services.db
    .update(referrals)
    .set({ restricted: true, restrictedReason: 'national security' })
    .where(eq(referrals.id, b.id));
  const episodeId = randomUUID();
  await services.db.insert(episodes).values({
    id: episodeId,
    referralId: a.id,
    personId: a.personId,
    siteCode: ER,
    leadWorkerId: users.lead.id,
    openedOn: '2026-11-01',
    openedBy: users.lead.id,
    updatedAt: now(),
  });
  open = { id: a.id, reference: a.reference, name: a.person.familyName, episodeId };
  restricted = { id: b.id, reference: b.reference };
});
afterAll(() => database.close());
beforeEach(async () => {
  worklists.clear();
  await services.db.delete(emailOutbox);
  await services.db.delete(notifications);
  await services.db.delete(worklistNotices);
});

const noContact = (dueAt: Date): DigestItem => ({
  rule: 'no_contact_after_release',
  severity: 'high',
  message: `No contact with ${open.name} since release`,
  link: `/episodes/${open.episodeId}`,
  dueAt,
  referralId: open.id,
  episodeId: open.episodeId,
});
const screeningOverdue = (): DigestItem => ({
  rule: 'screening_overdue',
  severity: 'high',
  message: 'Screening is overdue',
  link: `/referrals/${restricted.id}`,
  dueAt: new Date('2026-11-09T17:00:00Z'),
  referralId: restricted.id,
});

async function emails() {
  return services.db.select().from(emailOutbox).orderBy(emailOutbox.toAddress);
}
async function notificationsOf(userId: string) {
  return services.db.select().from(notifications).where(eq(notifications.userId, userId));
}

describe('the worklist digest', () => {
  it('sends one email per recipient listing the new items; a second run sends nothing', async () => {
    worklists.set(ER, [
      noContact(new Date('2026-11-08T09:00:00Z')),
      screeningOverdue(),
      { ...screeningOverdue(), rule: 'no_recent_contact', severity: 'medium' },
    ]);
    expect(await digest()).toEqual({ newItems: 2, emails: 3 });

    const sent = await emails();
    expect(sent.map((e) => e.toAddress).sort()).toEqual(
      [users.erManager!.email, users.bothManager!.email, users.lead!.email].sort(),
    );
    expect(sent.every((e) => e.status === 'pending')).toBe(true);
    const toManager = sent.find((e) => e.toAddress === users.erManager!.email)!;
    expect(toManager.subject).toBe('Reconnect: 2 new urgent items on your worklist');
    expect(toManager.userId).toBe(users.erManager!.id);
    expect(toManager.bodyText).toContain('No contact since release, due 8 November 2026, referral ' + open.reference);
    expect(toManager.bodyText).toContain(`${URL_BASE}/episodes/${open.episodeId}`);
    expect(toManager.bodyText).toContain('Screening overdue, due 9 November 2026, a restricted record');
    expect(toManager.bodyText).toMatch(/a restricted record\n {2}https:\/\/reconnect\.example\.nhs\.uk\/worklist\n/);
    // No names, no item messages, no reference for the restricted record.
    expect(toManager.bodyText).not.toContain(open.name);
    expect(toManager.bodyText).not.toContain('No contact with');
    expect(toManager.bodyText).not.toContain(restricted.reference);
    expect(toManager.bodyText).not.toContain(restricted.id);
    expect(await notificationsOf(users.erManager!.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          message: 'Screening overdue: Screening is overdue',
          link: `/referrals/${restricted.id}`,
        }),
      ]),
    );

    // The lead worker hears only of their own episode's item.
    const toLead = sent.find((e) => e.toAddress === users.lead!.email)!;
    expect(toLead.subject).toBe('Reconnect: 1 new urgent item on your worklist');
    expect(toLead.bodyText).not.toContain(restricted.id);
    expect(await notificationsOf(users.lead!.id)).toMatchObject([
      { kind: 'worklist', link: `/episodes/${open.episodeId}` },
    ]);
    expect(await notificationsOf(users.erManager!.id)).toHaveLength(2);
    expect(await notificationsOf(users.otherPractitioner!.id)).toEqual([]);
    expect(await notificationsOf(users.bsolManager!.id)).toEqual([]);

    expect(await digest()).toEqual({ newItems: 0, emails: 0 });
    expect(await emails()).toHaveLength(3);
  });

  it('tells an item again when it clears and comes back due on a later date, not while it stays', async () => {
    worklists.set(ER, [noContact(new Date('2026-11-08T09:00:00Z'))]);
    await digest();
    worklists.set(ER, []);
    expect(await digest()).toEqual({ newItems: 0, emails: 0 });
    worklists.set(ER, [noContact(new Date('2026-11-08T09:00:00Z'))]);
    expect(await digest()).toEqual({ newItems: 0, emails: 0 });
    worklists.set(ER, [noContact(new Date('2026-11-20T09:00:00Z'))]);
    expect(await digest()).toMatchObject({ newItems: 1 });
    expect((await emails()).filter((e) => e.toAddress === users.lead!.email)).toHaveLength(2);
  });

  it('gives a manager of two sites one email covering both', async () => {
    worklists.set(ER, [screeningOverdue()]);
    worklists.set(BSOL, [
      { rule: 'action_overdue', severity: 'high', message: 'An action is overdue', dueAt: '2026-11-09' },
    ]);
    expect(await digest()).toMatchObject({ newItems: 2 });
    const toBoth = (await emails()).filter((e) => e.toAddress === users.bothManager!.email);
    expect(toBoth).toHaveLength(1);
    expect(toBoth[0]!.bodyText).not.toContain(restricted.id);
    expect(toBoth[0]!.bodyText).toMatch(
      /Birmingham[\s\S]*Action overdue, due 9 November 2026\n {2}https:\/\/reconnect\.example\.nhs\.uk\/worklist\n[\s\S]*Lancashire[\s\S]*Screening overdue/,
    );
  });

  it('writes nothing at all when any part fails: the notices, notifications and emails are one transaction', async () => {
    worklists.set(ER, [screeningOverdue()]);
    const failing: SiteWorklist = async (db, siteCode, asOf) => {
      if (siteCode === BSOL) throw new Error('worklist unavailable');
      return worklist(db, siteCode, asOf);
    };
    await expect(
      services.digest.run(services.db, now(), {
        worklist: failing,
        publicUrl: URL_BASE,
        messageDomain: 'x',
      }),
    ).rejects.toThrow('worklist unavailable');
    expect(await services.db.select().from(worklistNotices)).toEqual([]);
    expect(await emails()).toEqual([]);
    expect(
      await services.db
        .select()
        .from(notifications)
        .where(
          inArray(
            notifications.userId,
            Object.values(users).map((u) => u.id),
          ),
        ),
    ).toEqual([]);
    expect(await digest()).toMatchObject({ newItems: 1 });
  });

  it('works over the real site worklist: screening overdue two days on, told once', async () => {
    const later = new Date(now().getTime() + 49 * 3_600_000);
    const run = () =>
      services.digest.run(services.db, later, {
        publicUrl: URL_BASE,
        messageDomain: 'x',
      });
    expect((await run()).newItems).toBeGreaterThanOrEqual(1);
    const toManager = (await emails()).filter((e) => e.toAddress === users.erManager!.email);
    expect(toManager).toHaveLength(1);
    expect(toManager[0]!.bodyText).toContain('Screening overdue, due');
    expect(toManager[0]!.bodyText).not.toContain(restricted.reference);
    expect(toManager[0]!.bodyText).not.toContain(restricted.id);
    expect(toManager[0]!.bodyText).not.toContain(open.name);
    expect(await run()).toEqual({ newItems: 0, emails: 0 });
  });

  it('keys an item by site, rule, subject and due date', () => {
    expect(itemKey(ER, noContact(new Date('2026-11-08T09:00:00Z')))).toBe(
      `${ER}|no_contact_after_release|${open.episodeId}|2026-11-08T09:00:00.000Z`,
    );
    expect(itemKey(ER, { rule: 'x', severity: 'high', message: '' })).toBe(`${ER}|x|-|-`);
  });
});
