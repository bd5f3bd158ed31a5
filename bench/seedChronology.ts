// The people behind the chronology scenario (issue 11: "a person's chronology with 500 entries from 8
// agencies renders in under 50 ms p99 at 8 connections on PostgreSQL"). For some of the open episodes
// seedEpisodes.ts loaded (each already with its contacts and events), eight agencies in the directory and,
// per episode, what working with them leaves behind: the network and consent to share with each, partner
// notes (recorded days after they happened), sharing entries, and meetings with their actions, some closed.
// Loaded in bulk like the other seeds; keep in step with src/partners and src/meetings.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Viewer } from '../src/access/viewer.ts';
import {
  informationSharing,
  meetingActions,
  meetings,
  networkMembers,
  partnerNotes,
  partners,
  sharingConsents,
  timelineEvents,
} from '../src/db/schema.ts';
import { addDaysIso, londonDate } from '../src/identifiers/dates.ts';
import type { Services } from '../src/services.ts';

const DAY = 86_400_000;
const CHUNK = 500;
const AGENCIES = [
  ['Bench Probation Delivery Unit', 'probation'],
  ['Bench Prison Healthcare', 'prison_healthcare'],
  ['Bench Medical Centre', 'gp'],
  ['Bench Community Mental Health Team', 'community_mental_health'],
  ['Bench Recovery Service', 'substance_misuse'],
  ['Bench Housing Options', 'housing'],
  ['Bench Police Offender Management', 'police'],
  ['Bench Approved Premises', 'approved_premises'],
] as const;
/** Per episode: with its 20 contacts and 2 other entries, about 500 entries from 8 agencies and the team. */
const NOTES = 154;
const SHARING = 120;
const MEETINGS = 50;

export interface LoadedChronologies {
  /** People whose chronology the bench practitioner may read. */
  personIds: string[];
  entriesEach: number;
  seconds: number;
}

export async function loadChronologies(
  services: Services,
  recorder: Viewer,
  episodeIds: readonly string[],
  label: string,
): Promise<LoadedChronologies> {
  const started = performance.now();
  const { db } = services;
  const now = services.clock();
  const today = londonDate(now);
  const found = await db.execute(
    sql`select id, person_id, referral_id from episodes where id in (${sql.join(
      episodeIds.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
  const rows = (found as { rows: { id: string; person_id: string; referral_id: string }[] }).rows;
  const partnerRows = AGENCIES.map(([name, kind]) => ({
    id: randomUUID(),
    name,
    kind,
    area: 'Bench',
    createdBy: recorder.id,
    createdAt: now,
    version: 1,
    updatedAt: now,
  }));
  const network: (typeof networkMembers.$inferInsert)[] = [];
  const consents: (typeof sharingConsents.$inferInsert)[] = [];
  const notes: (typeof partnerNotes.$inferInsert)[] = [];
  const sharing: (typeof informationSharing.$inferInsert)[] = [];
  const meetingRows: (typeof meetings.$inferInsert)[] = [];
  const actions: (typeof meetingActions.$inferInsert)[] = [];
  const timeline: (typeof timelineEvents.$inferInsert)[] = [];

  for (const e of rows) {
    const consentIds = partnerRows.map((p) => {
      const id = randomUUID();
      consents.push({
        id,
        episodeId: e.id,
        partnerId: p.id,
        status: 'given',
        recordedOn: addDaysIso(today, -180),
        scope: null,
        recordedBy: recorder.id,
        recordedAt: new Date(now.getTime() - 180 * DAY),
      });
      network.push({
        id: randomUUID(),
        episodeId: e.id,
        partnerId: p.id,
        name: `Worker at ${p.name}`,
        role: 'other',
        fromOn: addDaysIso(today, -180),
        toOn: null,
        recordedBy: recorder.id,
        recordedAt: new Date(now.getTime() - 180 * DAY),
        version: 1,
        updatedAt: now,
      });
      return id;
    });
    for (let i = 0; i < NOTES; i++) {
      const p = partnerRows[i % 8]!;
      const occurredAt = new Date(now.getTime() - (170 - i) * DAY + (i % 8) * 3_600_000);
      const recordedAt = new Date(occurredAt.getTime() + (i % 5) * DAY);
      const text = `Update from ${p.name}: attended the appointment; next one in a fortnight. Note ${i}.`;
      notes.push({
        id: randomUUID(),
        episodeId: e.id,
        partnerId: p.id,
        occurredAt,
        author: 'Key worker',
        text,
        recordedBy: recorder.id,
        recordedAt,
      });
      timeline.push({
        at: occurredAt,
        personId: e.person_id,
        referralId: e.referral_id,
        actorId: recorder.id,
        kind: 'partner_note.recorded',
        summary: `${p.name} told the team: ${text}`,
      });
    }
    for (let i = 0; i < SHARING; i++) {
      const p = i % 8;
      sharing.push({
        id: randomUUID(),
        episodeId: e.id,
        partnerId: partnerRows[p]!.id,
        direction: i % 2 ? 'sent' : 'received',
        sharedOn: addDaysIso(today, -(160 - i)),
        what: `Letter ${i}: the care plan and appointments`,
        lawfulBasis: 'consent',
        justification: null,
        consentId: consentIds[p]!,
        recordedBy: recorder.id,
        recordedAt: new Date(now.getTime() - (160 - i) * DAY),
      });
    }
    for (let i = 0; i < MEETINGS; i++) {
      const id = randomUUID();
      const heldOn = addDaysIso(today, -(150 - i * 3));
      const heldAt = new Date(now.getTime() - (150 - i * 3) * DAY);
      meetingRows.push({
        id,
        episodeId: e.id,
        kind: i % 10 === 0 ? 'mappa' : 'mdt',
        heldOn,
        mappaLevel: i % 10 === 0 ? 2 : null,
        mappaCategory: i % 10 === 0 ? 1 : null,
        convenedByPartnerId: i % 2 ? partnerRows[i % 8]!.id : null,
        attendees: partnerRows.slice(0, 4).map((p) => ({ name: 'Attendee', organisation: p.name, present: true })),
        summary: `Review ${i}: progress against the plan, risks and next steps.`,
        decisions: 'Continue the plan.',
        teamContribution: { attended: true, informed: true },
        recordedBy: recorder.id,
        recordedAt: heldAt,
        version: 1,
        updatedAt: heldAt,
      });
      for (let k = 0; k < 2; k++) {
        const p = partnerRows[(i + k) % 8]!;
        const closed = k === 0 && i % 5 < 4;
        actions.push({
          id: randomUUID(),
          meetingId: id,
          episodeId: e.id,
          description: `Action ${i}.${k}`,
          ownerName: 'Owner',
          ownerOrganisation: p.name,
          ownerPartnerId: p.id,
          ownerUserId: null,
          ownerSiteCode: null,
          dueOn: addDaysIso(heldOn, 14),
          status: closed ? 'done' : 'open',
          closedNote: closed ? 'Done.' : null,
          closedBy: closed ? recorder.id : null,
          closedAt: closed ? new Date(heldAt.getTime() + 10 * DAY) : null,
          createdAt: heldAt,
          version: closed ? 2 : 1,
          updatedAt: heldAt,
        });
      }
    }
  }
  const insert = async <T>(values: T[], into: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < values.length; i += CHUNK) await into(values.slice(i, i + CHUNK));
  };
  await db.transaction(async (tx) => {
    await tx.insert(partners).values(partnerRows);
    await insert(network, (c) => tx.insert(networkMembers).values(c));
    await insert(consents, (c) => tx.insert(sharingConsents).values(c));
    await insert(notes, (c) => tx.insert(partnerNotes).values(c));
    await insert(sharing, (c) => tx.insert(informationSharing).values(c));
    await insert(meetingRows, (c) => tx.insert(meetings).values(c));
    await insert(actions, (c) => tx.insert(meetingActions).values(c));
    await insert(timeline, (c) => tx.insert(timelineEvents).values(c));
  });
  await db.execute(sql`vacuum analyze`);
  const closedActions = actions.filter((a) => a.closedAt).length / Math.max(1, rows.length);
  const entriesEach = 2 * 8 + NOTES + SHARING + MEETINGS + 2 * MEETINGS + closedActions + 22;
  process.stderr.write(`  ${label}: ${rows.length} chronologies of about ${entriesEach} entries from 8 agencies\n`);
  return { personIds: rows.map((r) => r.person_id), entriesEach, seconds: (performance.now() - started) / 1000 };
}
