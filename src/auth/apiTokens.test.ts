// Issue 14: "API tokens cannot be revoked and never expire; … Give tokens a name, an expiry (default 90 days),
// last-used time, and revocation." Bearer tokens on the JSON API, end to end (ASVS 5.0 V7.3, V7.4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, staffAt } from '../../test/support/factories.ts';
import { apiTokens } from '../db/schema.ts';
import { issueApiToken, listApiTokens, revokeApiToken, userIdForToken } from './apiTokens.ts';

let t: TestApp;
let user: TestUser;
beforeAll(async () => {
  t = await createTestApp(new Date('2026-12-01T09:00:00Z'));
  user = await staffAt(t, SITES.hampshire);
});
afterAll(() => t.close());

const get = (token: string) => t.api(token, { method: 'GET', url: '/api/v1/referrals' });
const at = (iso: string) => {
  t.clock.now = new Date(iso);
};
const lastUsed = async (id: string) =>
  (await t.services.db.select().from(apiTokens).where(eq(apiTokens.id, id)))[0]!.lastUsedAt?.toISOString() ?? null;

describe('API tokens expire, 90 days after they are made unless given another lifetime', () => {
  it('works until its expiry and gets 401 from that moment on', async () => {
    at('2026-12-01T09:00:00Z');
    const issued = await issueApiToken(t.services.db, user.viewer.id, t.clock.now, { name: 'Case system' });
    expect(issued.expiresAt.toISOString()).toBe('2027-03-01T09:00:00.000Z');
    at('2027-03-01T08:59:59Z');
    expect((await get(issued.token)).statusCode).toBe(200);
    at('2027-03-01T09:00:00Z');
    const expired = await get(issued.token);
    expect(expired.statusCode).toBe(401);
    expect(expired.body).not.toContain(issued.token);
    expect(await userIdForToken(t.services.db, issued.token, t.clock.now)).toBeUndefined();
    at('2026-12-01T09:00:00Z');
  });
});

describe('API tokens can be revoked', () => {
  it('gets 401 once revoked, while the user’s other tokens carry on', async () => {
    at('2026-12-01T09:00:00Z');
    const one = await issueApiToken(t.services.db, user.viewer.id, t.clock.now, { name: 'One' });
    const other = await issueApiToken(t.services.db, user.viewer.id, t.clock.now, { name: 'Other' });
    expect((await get(one.token)).statusCode).toBe(200);
    expect(await revokeApiToken(t.services.db, user.viewer.id, one.id, t.clock.now)).toBe(true);
    expect((await get(one.token)).statusCode).toBe(401);
    expect((await get(other.token)).statusCode).toBe(200);
    expect(await revokeApiToken(t.services.db, user.viewer.id, one.id, t.clock.now)).toBe(false);
    const listed = await listApiTokens(t.services.db, user.viewer.id, t.clock.now);
    expect(listed.find((x) => x.id === one.id)).toMatchObject({ name: 'One', status: 'revoked' });
    expect(listed.find((x) => x.id === other.id)).toMatchObject({ name: 'Other', status: 'active' });
    expect(JSON.stringify(listed)).not.toContain(one.token);
  });

  it('cannot be revoked through another user', async () => {
    const someoneElse = await staffAt(t, SITES.hampshire);
    const mine = await issueApiToken(t.services.db, user.viewer.id, t.clock.now, { name: 'Mine' });
    expect(await revokeApiToken(t.services.db, someoneElse.viewer.id, mine.id, t.clock.now)).toBe(false);
    expect((await get(mine.token)).statusCode).toBe(200);
  });
});

describe('the last use of a token is kept to the minute, with one UPDATE a minute at most', () => {
  it('records the first use, not the uses within the next minute, then the next one after it', async () => {
    at('2026-12-01T10:00:00Z');
    const issued = await issueApiToken(t.services.db, user.viewer.id, t.clock.now, { name: 'Busy' });
    expect(await lastUsed(issued.id)).toBeNull();
    await get(issued.token);
    expect(await lastUsed(issued.id)).toBe('2026-12-01T10:00:00.000Z');
    at('2026-12-01T10:00:59Z');
    await Promise.all([get(issued.token), get(issued.token), get(issued.token)]);
    expect(await lastUsed(issued.id)).toBe('2026-12-01T10:00:00.000Z');
    at('2026-12-01T10:01:00Z');
    await get(issued.token);
    expect(await lastUsed(issued.id)).toBe('2026-12-01T10:01:00.000Z');
    // A request that is refused is not a use.
    await revokeApiToken(t.services.db, user.viewer.id, issued.id, t.clock.now);
    at('2026-12-01T10:05:00Z');
    expect((await get(issued.token)).statusCode).toBe(401);
    expect(await lastUsed(issued.id)).toBe('2026-12-01T10:01:00.000Z');
    at('2026-12-01T09:00:00Z');
  });
});
