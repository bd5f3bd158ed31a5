// The episode's pages read in a handful of statements (issue 9, "The house in order": a page's reads are
// one service call that checks visibility once). Before, the episode page made 12 statements from five
// modules and checked visibility three times; now one statement reads the episode, its person, events,
// contacts and timeline, beside one insert of the read's two audit events and release planning's readiness.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import * as schema from '../db/schema.ts';
import type { Db } from '../db/client.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, anOpenEpisode, type OpenEpisode, recordContact, staffAt } from '../../test/support/factories.ts';

let t: TestApp;
let manager: TestUser;
let episode: OpenEpisode;
const statements: string[] = [];

/** The same database, with every statement it is sent written down (drizzle's logger). */
function counted(): Db {
  const logger = { logQuery: (query: string) => statements.push(query) };
  const client = (t.services.db as unknown as { $client: PGlite | pg.Pool }).$client;
  const db = process.env.DATABASE_URL
    ? drizzlePostgres(client as pg.Pool, { schema, logger })
    : drizzlePglite(client as PGlite, { schema, logger });
  return db;
}

beforeAll(async () => {
  t = await createTestApp();
  const referrer = await t.user('referrer');
  manager = await staffAt(t, SITES.eastOfEngland, 'manager');
  episode = await anOpenEpisode(t, { referrer, manager }, SITES.eastOfEngland);
  for (const outcome of ['attended', 'did_not_attend'] as const) {
    await recordContact(t, manager, episode, { at: '2026-11-10T08:00:00Z', type: 'phone', outcome });
  }
});
afterAll(() => t.close());

describe('the episode page', () => {
  it('is read in one statement, audited twice in one insert, with readiness from release planning and the network around them', async () => {
    statements.length = 0;
    const page = await t.services.episodes.page(counted(), manager.viewer, episode.id, 'newest');
    expect(page.contacts).toHaveLength(2);
    expect(page.timeline.map((e) => e.kind)).toContain('episode.opened');
    expect(page.currentNetwork).toMatchObject({ episodeId: episode.id, items: [] });
    expect(statements).toHaveLength(4);
    // Both audit events of the read in one insert (audit/auditLog.ts recordAudits).
    expect(statements.filter((s) => s.startsWith('insert into "audit_events"'))).toHaveLength(1);
  });

  it('checks visibility in that statement: a hidden episode costs one statement and is 404', async () => {
    const stranger = await staffAt(t, SITES.hampshire);
    statements.length = 0;
    await expect(t.services.episodes.page(counted(), stranger.viewer, episode.id, 'oldest')).rejects.toMatchObject({
      statusCode: 404,
    });
    expect(statements).toHaveLength(1);
  });
});

describe('the closure page and letter', () => {
  it('are each read in one statement besides the audit event', async () => {
    statements.length = 0;
    const page = await t.services.episodeClosures.closurePage(counted(), manager.viewer, episode.id);
    expect(page.person.name).toBe(episode.name);
    expect(statements).toHaveLength(2);
    statements.length = 0;
    await expect(t.services.episodeClosures.closureLetter(counted(), manager.viewer, episode.id)).rejects.toMatchObject(
      { statusCode: 409 },
    );
    expect(statements).toHaveLength(1);
  });
});
