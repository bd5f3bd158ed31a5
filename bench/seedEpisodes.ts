// The episodes of care behind the caseload, episode and worklist scenarios (issue 4: "with 10,000 episodes
// and 200,000 contacts loaded"; issue 5: "the worklist for a site with 500 open episodes"). Loaded in bulk
// like seed.ts: each referral accepted at screening, its episode opened with the events the application
// records (an expected release date, a release, a closure), its contacts and their timeline entries, and a
// release plan half done for those still in custody. Per site, OPEN_PER_SITE episodes are open (half before
// release, half after) and the rest closed after their year of support, so the open caseload is realistic.
// Keep in step with src/episodes/openingService.ts, contactService.ts and eventService.ts (open, addContact,
// recordEpisodeEvent).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { SingleBar } from 'cli-progress';
import type { Viewer } from '../src/access/viewer.ts';
import {
  contacts,
  episodeEvents,
  episodes,
  people,
  referrals,
  releasePlans,
  timelineEvents,
} from '../src/db/schema.ts';
import type { Tx } from '../src/db/client.ts';
import { parseOrThrow } from '../src/http/validation.ts';
import { fictionalReferral } from '../src/demo/fictionalReferrals.ts';
import { addDaysIso, londonDate } from '../src/identifiers/dates.ts';
import type { ReleasePlan } from '../src/releasePlanning/types.ts';
import type { Services } from '../src/services.ts';
import { searchNameOf } from '../src/identifiers/names.ts';
import { BENCH_SITES, bodySchemaAt } from './seed.ts';

const CHUNK = 500;
const DAY = 86_400_000;
const CONTACT_TYPES = ['in_prison', 'community', 'home_visit', 'phone', 'video', 'professional'] as const;

export interface LoadedEpisodes {
  total: number;
  open: number;
  contacts: number;
  /** Open episodes the bench practitioner may see, for the episode page and timeline scenarios. */
  visibleOpenIds: string[];
  seconds: number;
}

export async function loadEpisodes(
  services: Services,
  leads: Viewer[],
  options: { episodes: number; contacts: number; openPerSite: number; referenceFrom: number },
  label: string,
): Promise<LoadedEpisodes> {
  const started = performance.now();
  const nowMs = services.clock().getTime();
  const today = londonDate(services.clock());
  const referralService = services.referrals;
  const schemaAt = bodySchemaAt();
  const perEpisode = Math.max(1, Math.floor(options.contacts / options.episodes));
  const openCount = new Map<string, number>();

  const personRows: (typeof people.$inferInsert)[] = [];
  const referralRows: (typeof referrals.$inferInsert)[] = [];
  const episodeRows: (typeof episodes.$inferInsert)[] = [];
  const eventRows: (typeof episodeEvents.$inferInsert)[] = [];
  const contactRows: (typeof contacts.$inferInsert)[] = [];
  const timelineRows: (typeof timelineEvents.$inferInsert)[] = [];
  const planRows: (typeof releasePlans.$inferInsert)[] = [];
  const visibleOpenIds: string[] = [];

  for (let i = 0; i < options.episodes; i++) {
    const seed = 500_000 + i;
    const siteCode = BENCH_SITES[i % BENCH_SITES.length]!;
    const draw = Math.imul(seed, 0x9e3779b1) >>> 0;
    const open = (openCount.get(siteCode) ?? 0) < options.openPerSite;
    if (open) openCount.set(siteCode, (openCount.get(siteCode) ?? 0) + 1);
    // Open: opened 10-200 days ago; half still in custody. Closed: opened 500-900 days ago, released, closed a year on.
    const openedDaysAgo = open ? 10 + (draw % 190) : 500 + (draw % 400);
    const openedAt = new Date(nowMs - openedDaysAgo * DAY);
    const openedOn = londonDate(openedAt);
    const receivedAt = new Date(openedAt.getTime() - 2 * DAY);
    const body = parseOrThrow(schemaAt(receivedAt), fictionalReferral(siteCode, seed, receivedAt, 'eligible'));
    const eligibility = referralService.evaluate(body, openedAt);
    const personId = randomUUID();
    const referralId = randomUUID();
    const episodeId = randomUUID();
    const lead = leads[draw % leads.length]!;
    const p = body.person;
    personRows.push({
      id: personId,
      givenName: p.givenName,
      familyName: p.familyName,
      dateOfBirth: p.dateOfBirth,
      nhsNumber: p.nhsNumber ?? null,
      prisonNumber: p.prisonNumber ?? null,
      crn: p.crn ?? null,
      pncId: p.pncId ?? null,
      createdAt: openedAt,
    });
    referralRows.push({
      id: referralId,
      reference: `RC-${options.referenceFrom + i}`,
      siteCode,
      personId,
      givenName: p.givenName,
      familyName: p.familyName,
      dateOfBirth: p.dateOfBirth,
      searchName: searchNameOf(p.givenName, p.familyName),
      submittedBy: lead.id,
      status: 'accepted',
      sourceType: body.source.type,
      receivedAt: new Date(openedAt.getTime() - 2 * DAY),
      screeningDueAt: openedAt,
      details: body,
      eligibility,
      outcome: eligibility.outcome,
      priorityGroup: eligibility.priorityGroup,
      restricted: false,
      decision: 'accept',
      decisionReason: 'Meets the criteria.',
      decidedBy: lead.id,
      decidedAt: openedAt,
      version: 2,
      updatedAt: openedAt,
    });
    const closed = !open;
    episodeRows.push({
      id: episodeId,
      referralId,
      personId,
      siteCode,
      leadWorkerId: lead.id,
      openedOn,
      openedBy: lead.id,
      consultation: null,
      closedReason: closed ? 'support_completed' : null,
      closureSummary: closed ? 'Support completed: settled in the community.' : null,
      version: 1,
      updatedAt: openedAt,
    });
    const event = (kind: string, on: string, data: Record<string, unknown>) =>
      eventRows.push({ episodeId, kind, on, data, recordedBy: lead.id, recordedAt: new Date(`${on}T10:00:00Z`) });
    const inCustody = open && draw % 2 === 0;
    if (inCustody) {
      const expected = addDaysIso(today, 1 + (draw % 120));
      event('release_date_set', openedOn, { expectedReleaseDate: expected });
      const plan: ReleasePlan = {
        releaseType: 'conditional_release',
        releaseUncertain: draw % 7 === 0,
        gp: { registered: draw % 3 === 0, practice: 'Riverside Surgery' },
        medicationOnRelease: draw % 2 === 0,
        accommodation: { status: draw % 5 === 0 ? 'none' : 'settled' },
        localProbationInformed: true,
      };
      planRows.push({ episodeId, plan, version: 1, updatedBy: lead.id, updatedAt: openedAt });
    } else {
      const releasedOn = addDaysIso(openedOn, 5 + (draw % 20));
      event('released', releasedOn, { from: 'prison' });
      if (closed) event('closed', addDaysIso(releasedOn, 365), { reason: 'support_completed' });
    }
    timelineRows.push({
      at: openedAt,
      personId,
      referralId,
      actorId: lead.id,
      kind: 'episode.opened',
      summary: 'Episode of care opened.',
    });
    const lastDay = closed ? Math.min(openedDaysAgo, openedDaysAgo - 300) : 0;
    for (let c = 0; c < perEpisode && contactRows.length < options.contacts; c++) {
      const daysAgo = openedDaysAgo - Math.floor(((openedDaysAgo - lastDay) * (c + 1)) / (perEpisode + 1));
      const at = new Date(nowMs - daysAgo * DAY + ((draw + c) % 8) * 3_600_000);
      const outcome = (draw + c) % 9 === 0 ? 'did_not_attend' : 'attended';
      const type = CONTACT_TYPES[(draw + c) % CONTACT_TYPES.length]!;
      contactRows.push({
        id: randomUUID(),
        episodeId,
        at,
        type,
        outcome,
        durationMinutes: 45,
        notes: 'Talked through the week ahead.',
        recordedBy: lead.id,
        recordedAt: at,
      });
      timelineRows.push({
        at,
        personId,
        referralId,
        actorId: lead.id,
        kind: 'contact.recorded',
        summary: `Contact: ${outcome.replaceAll('_', ' ')}, 45 minutes.`,
      });
    }
    if (open) visibleOpenIds.push(episodeId);
  }

  const total =
    personRows.length +
    referralRows.length +
    episodeRows.length +
    eventRows.length +
    contactRows.length +
    timelineRows.length +
    planRows.length;
  const bar = new SingleBar({
    format: `  loading ${label} episodes [{bar}] {percentage}% | {value}/{total} rows | ETA {eta}s`,
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 3000,
    hideCursor: true,
  });
  bar.start(total, 0);
  let done = 0;
  const insert = async <T>(rows: T[], into: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      await into(chunk);
      bar.update((done += chunk.length));
    }
  };
  try {
    await services.db.transaction(async (tx: Tx) => {
      await insert(personRows, (c) => tx.insert(people).values(c));
      await insert(referralRows, (c) => tx.insert(referrals).values(c));
      await insert(episodeRows, (c) => tx.insert(episodes).values(c));
      await insert(eventRows, (c) => tx.insert(episodeEvents).values(c));
      await insert(contactRows, (c) => tx.insert(contacts).values(c));
      await insert(timelineRows, (c) => tx.insert(timelineEvents).values(c));
      await insert(planRows, (c) => tx.insert(releasePlans).values(c));
      await tx.execute(sql`select setval('referral_reference_seq', ${options.referenceFrom + options.episodes})`);
    });
  } finally {
    bar.stop();
  }
  await services.db.execute(sql`vacuum analyze`);
  return {
    total: episodeRows.length,
    open: visibleOpenIds.length,
    contacts: contactRows.length,
    visibleOpenIds,
    seconds: (performance.now() - started) / 1000,
  };
}
