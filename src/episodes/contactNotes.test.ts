// Issue 10: "Contact notes are stored but never shown. Show each contact's notes in the list, on a page of
// its own, and in the timeline; a long note is readable in full." As the team reads an episode: the notes in
// the recent contacts, the whole of a long note on the contact's page, line breaks kept and nothing in a
// note run as markup; the timeline with each contact's notes; the JSON API as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { SITES, anOpenEpisode, type OpenEpisode, recordContact, staffAt } from '../../test/support/factories.ts';
import { auditEvents, timelineEvents } from '../db/schema.ts';

let t: TestApp;
let referrer: TestUser;
let manager: TestUser;
let practitioner: TestUser;
let elsewhere: TestUser;
let episode: OpenEpisode;
let other: OpenEpisode;
let shortId: string;
let longId: string;
let otherContactId: string;

const SHORT = 'Talked about housing on release.\nHe wants to be near his sister in Preston.';
const LONG_END = 'The last line of a long note: agreed to meet again on Friday.';
const LONG = `${'He spoke about the years before this sentence, his work and his family. '.repeat(20)}\n\n${LONG_END}`;
const MARKUP = '<script>alert("note")</script> & <b>bold</b>';

const contact = async (user: TestUser, episodeId: string, at: string, notes?: string) =>
  (
    await recordContact(
      t,
      user,
      { id: episodeId },
      {
        at,
        type: 'in_prison',
        outcome: 'attended',
        durationMinutes: 30,
        ...(notes ? { notes } : {}),
      },
    )
  ).id;
const signedIn = (user: TestUser) => PageSession.signedIn(t.app, user);
const escaped = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

beforeAll(async () => {
  t = await createTestApp(new Date('2026-11-02T09:00:00Z'));
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  manager = await staffAt(t, SITES.hampshire, 'manager');
  practitioner = await staffAt(t, SITES.hampshire);
  elsewhere = await staffAt(t, SITES.lancashire);
  episode = await anOpenEpisode(t, { referrer, manager }, SITES.hampshire, { lead: practitioner });
  other = await anOpenEpisode(t, { referrer, manager }, SITES.hampshire, { lead: practitioner });
  t.clock.now = new Date('2026-11-06T12:00:00Z');
  shortId = await contact(practitioner, episode.id, '2026-11-03T10:00:00Z', SHORT);
  longId = await contact(practitioner, episode.id, '2026-11-04T10:00:00Z', LONG);
  await contact(practitioner, episode.id, '2026-11-05T10:00:00Z', MARKUP);
  await contact(practitioner, episode.id, '2026-11-05T15:00:00Z');
  otherContactId = await contact(practitioner, other.id, '2026-11-05T11:00:00Z', 'Another person’s contact.');
});
afterAll(() => t.close());

describe('the episode page', () => {
  it('shows each contact’s notes in the list, and links a long one to the whole note', async () => {
    const page = await (await signedIn(practitioner)).get(`/episodes/${episode.id}`);
    expect(page.statusCode).toBe(200);
    const list = page.body.slice(page.body.indexOf('id="recent-contacts"'), page.body.indexOf('id="timeline"'));
    expect(list).toMatch(/<th[^>]*>\s*Notes\s*<\/th>/);
    // The design system's table indents what a cell holds; the line break stays (shown with `pre-line`).
    expect(list).toMatch(
      /class="app-preserve-lines">Talked about housing on release\.\n\s*He wants to be near his sister in Preston\./,
    );
    expect(list).toContain(LONG.slice(0, 100));
    expect(list).not.toContain(LONG_END);
    expect(list).toContain('Read all of the note');
    expect(list).toContain(`href="/episodes/${episode.id}/contacts/${longId}"`);
    expect(list).toContain(`href="/episodes/${episode.id}/contacts/${shortId}"`);
  });

  it('shows each contact’s notes in the timeline, in full', async () => {
    const page = await (await signedIn(practitioner)).get(`/episodes/${episode.id}`);
    const timeline = page.body.slice(page.body.indexOf('id="timeline"'));
    expect(timeline).toContain(escaped(SHORT));
    expect(timeline).toContain(escaped(LONG_END));
    expect(timeline.match(/data-qa="timeline-notes"/g)).toHaveLength(3);
  });

  it('never runs a note as markup', async () => {
    const page = await (await signedIn(practitioner)).get(`/episodes/${episode.id}`);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<b>bold</b>');
    expect(page.body).toContain('&lt;script&gt;alert(&quot;note&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });
});

describe('a contact’s own page', () => {
  it('shows everything recorded and the whole note, line breaks kept', async () => {
    const page = await (await signedIn(practitioner)).get(`/episodes/${episode.id}/contacts/${longId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Contact on 4 November 2026 at 10:00am');
    expect(page.body).toContain('In prison');
    expect(page.body).toContain('30 minutes');
    expect(page.body).toMatch(/class="app-preserve-lines[^"]*" data-qa="contact-notes">[^<]*\n\n/);
    expect(page.body).toContain(escaped(LONG_END));
    const audited = await t.services.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'episode.contact_viewed'));
    expect(audited.some((e) => e.actorId === practitioner.viewer.id && e.details.includes(longId))).toBe(true);
  });

  it('says when no notes were recorded', async () => {
    const page = await (await signedIn(practitioner)).get(`/episodes/${episode.id}`);
    const id = /\/contacts\/([0-9a-f-]{36})"[^>]*>5 November 2026 at 3:00pm/.exec(page.body)?.[1];
    expect(id).toBeDefined();
    const res = await (await signedIn(practitioner)).get(`/episodes/${episode.id}/contacts/${id}`);
    expect(res.body).toContain('No notes were recorded for this contact.');
  });

  it('is not found for another episode’s contact, an unknown one, or a team that may not see it', async () => {
    const page = await signedIn(practitioner);
    expect((await page.get(`/episodes/${episode.id}/contacts/${otherContactId}`)).statusCode).toBe(404);
    expect((await page.get(`/episodes/${episode.id}/contacts/nothing`)).statusCode).toBe(404);
    const outside = await (await signedIn(elsewhere)).get(`/episodes/${episode.id}/contacts/${shortId}`);
    expect(outside.statusCode).toBe(404);
    expect(outside.body).not.toContain('Preston');
  });

  it('is the care team’s: the referrer is refused', async () => {
    const res = await (await signedIn(referrer)).get(`/episodes/${episode.id}/contacts/${shortId}`);
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('Preston');
  });
});

describe('the JSON API', () => {
  it('is unchanged: contacts keep their notes, timeline entries keep their fields', async () => {
    const res = await t.api(practitioner.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}/timeline` });
    expect(res.statusCode).toBe(200);
    for (const item of res.json().items ?? res.json())
      expect(Object.keys(item).sort()).toEqual(['at', 'by', 'kind', 'referralId', 'summary']);
  });
});

describe('contacts recorded before their notes reached the timeline (migration 0020)', () => {
  it('are matched to their timeline entries', async () => {
    const { db } = t.services;
    const before = await db.select().from(timelineEvents).where(eq(timelineEvents.kind, 'contact.recorded'));
    expect(before.filter((e) => e.contactId)).toHaveLength(5);
    await db.update(timelineEvents).set({ contactId: null });
    const migration = readFileSync(new URL('../db/migrations/0020_search.sql', import.meta.url), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').find((s) => s.includes('"contact_id" = c."id"'))!;
    await db.execute(sql.raw(backfill));
    const after = await db.select().from(timelineEvents).where(eq(timelineEvents.kind, 'contact.recorded'));
    expect(new Map(after.map((e) => [e.id, e.contactId]))).toEqual(new Map(before.map((e) => [e.id, e.contactId])));
  });
});
