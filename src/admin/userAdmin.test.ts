import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, staffAt } from '../../test/support/factories.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { and, asc, eq } from 'drizzle-orm';
import { apiTokens, auditEvents, users } from '../db/schema.ts';
import { issueApiToken } from '../auth/apiTokens.ts';
import { sha256 } from '../auth/secrets.ts';

let t: TestApp;
let admin: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.user('admin');
});
afterAll(() => t.close());

const auditOf = (userId: string, action: string) =>
  t.services.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.recordId, userId), eq(auditEvents.action, action)))
    .orderBy(asc(auditEvents.id));
const tokenIdOf = (user: TestUser) => tokenRowOf(user.token).then((r) => r.id);
const tokenRowOf = async (token: string) =>
  (
    await t.services.db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.tokenHash, sha256(token)))
  )[0]!;

const act = (userId: string, action: string, as = admin) =>
  t.api(as.token, { method: 'POST', url: `/api/v1/users/${userId}/actions`, payload: { action } });

describe('admins manage users (ASVS 5.0 V7.4: ending sessions)', () => {
  // Issue 14: "a re-enabled user's old token works again … disabling a user revokes them."
  it('disabling a user ends their sessions and revokes their API tokens; enabling them brings no token back', async () => {
    const user = await staffAt(t, SITES.hampshire);
    const page = new PageSession(t.app);
    await page.signIn(user.email, user.password);
    expect((await page.get('/screening')).statusCode).toBe(200);
    expect((await act(user.viewer.id, 'disable')).statusCode).toBe(200);
    expect((await page.get('/screening')).headers.location).toMatch(/^\/sign-in/);
    expect((await t.api(user.token, { method: 'GET', url: '/api/v1/referrals' })).statusCode).toBe(401);
    await act(user.viewer.id, 'enable');
    expect((await t.api(user.token, { method: 'GET', url: '/api/v1/referrals' })).statusCode).toBe(401);
    expect((await new PageSession(t.app).signIn(user.email, user.password)).statusCode).toBe(303);
    const fresh = await issueApiToken(t.services.db, user.viewer.id, t.clock.now, { name: 'After' });
    expect((await t.api(fresh.token, { method: 'GET', url: '/api/v1/referrals' })).statusCode).toBe(200);
    const [audit] = await auditOf(user.viewer.id, 'user.disable');
    expect(JSON.parse(audit!.details)).toEqual({ revokedTokens: [await tokenIdOf(user)] });
  });

  // Issue 14: "ending sessions or resetting two-factor leaves them working".
  it.each(['end_sessions', 'reset_two_factor'])('%s revokes every API token of the user', async (action) => {
    const user = await staffAt(t, SITES.hampshire, 'manager');
    const second = await issueApiToken(t.services.db, user.viewer.id, t.clock.now, { name: 'Second' });
    for (const token of [user.token, second.token])
      expect((await t.api(token, { method: 'GET', url: '/api/v1/referrals' })).statusCode).toBe(200);
    expect((await act(user.viewer.id, action)).statusCode).toBe(200);
    for (const token of [user.token, second.token])
      expect((await t.api(token, { method: 'GET', url: '/api/v1/referrals' })).statusCode).toBe(401);
    const tokens = (await t.api(admin.token, { method: 'GET', url: `/api/v1/users/${user.viewer.id}/tokens` })).json();
    expect(tokens.items.map((x: { status: string }) => x.status)).toEqual(['revoked', 'revoked']);
    const [audit] = await auditOf(user.viewer.id, `user.${action}`);
    expect(JSON.parse(audit!.details).revokedTokens).toHaveLength(2);
  });

  it('ends a user’s sessions without disabling them', async () => {
    const user = await staffAt(t, SITES.hampshire, 'manager');
    const page = new PageSession(t.app);
    await page.signIn(user.email, user.password);
    await act(user.viewer.id, 'end_sessions');
    expect((await page.get('/screening')).headers.location).toMatch(/^\/sign-in/);
    expect((await new PageSession(t.app).signIn(user.email, user.password)).statusCode).toBe(303);
  });

  it('is for admins only, and refuses an unknown action with 400', async () => {
    const manager = await staffAt(t, SITES.hampshire, 'manager');
    expect((await act(admin.viewer.id, 'end_sessions', manager)).statusCode).toBe(403);
    expect((await t.api(manager.token, { method: 'GET', url: '/api/v1/users' })).statusCode).toBe(403);
    const bad = await act(manager.viewer.id, 'delete');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('action');
    expect((await act(admin.viewer.id, 'disable')).statusCode).toBe(400);
  });

  it('lists users with their status on a page', async () => {
    const page = new PageSession(t.app);
    await page.signIn(admin.email, admin.password);
    const res = await page.get('/admin/users');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(admin.email);
  });
});

describe('admins see and revoke a user’s API tokens (issue 14)', () => {
  it('shows each token’s name, created, expires, last used and status on a page, never the secret', async () => {
    const user = await staffAt(t, SITES.hampshire);
    t.clock.now = new Date('2026-11-10T09:00:00Z');
    const issued = await issueApiToken(t.services.db, user.viewer.id, t.clock.now, { name: 'Probation <case> system' });
    t.clock.now = new Date('2026-11-10T10:30:00Z');
    await t.api(issued.token, { method: 'GET', url: '/api/v1/referrals' });
    const page = await PageSession.signedIn(t.app, admin);
    const users = await page.get('/admin/users');
    expect(users.body).toContain(`href="/admin/users/${user.viewer.id}/tokens"`);
    const listed = (await t.api(admin.token, { method: 'GET', url: '/api/v1/users' })).json();
    expect(listed.items.find((u: { id: string }) => u.id === user.viewer.id).activeTokens).toBe(2);
    const res = await page.get(`/admin/users/${user.viewer.id}/tokens`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Probation &lt;case&gt; system');
    expect(res.body).not.toContain('Probation <case>');
    expect(res.body).toContain('10 November 2026 at 9:00am');
    expect(res.body).toContain('8 February 2027 at 9:00am');
    expect(res.body).toContain('10 November 2026 at 10:30am');
    for (const secret of [issued.token, user.token, sha256(issued.token), sha256(user.token)])
      expect(res.body).not.toContain(secret);
    const api = await t.api(admin.token, { method: 'GET', url: `/api/v1/users/${user.viewer.id}/tokens` });
    expect(api.json().items.find((x: { id: string }) => x.id === issued.id)).toEqual({
      id: issued.id,
      name: 'Probation <case> system',
      createdAt: '2026-11-10T09:00:00.000Z',
      expiresAt: '2027-02-08T09:00:00.000Z',
      lastUsedAt: '2026-11-10T10:30:00.000Z',
      status: 'active',
      revokedAt: null,
      revokedReason: null,
    });
    expect(api.body).not.toContain(issued.token);
    expect(api.body).not.toContain(sha256(issued.token));
  });

  it('revokes one token from the page with the CSRF token, audited; without it nothing changes', async () => {
    const user = await staffAt(t, SITES.hampshire);
    const other = await issueApiToken(t.services.db, user.viewer.id, t.clock.now, { name: 'Other' });
    const tokenId = await tokenIdOf(user);
    const page = await PageSession.signedIn(t.app, admin);
    const from = `/admin/users/${user.viewer.id}/tokens`;
    const url = `${from}/${tokenId}/revoke`;
    const forged = await page.post(url, {}, from, { withCsrf: false });
    expect(forged.statusCode).toBe(403);
    expect((await t.api(user.token, { method: 'GET', url: '/api/v1/referrals' })).statusCode).toBe(200);
    const res = await page.post(url, {}, from);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${from}?revoked=1`);
    expect((await page.get(res.headers.location as string)).body).toContain('The token was revoked');
    expect((await t.api(user.token, { method: 'GET', url: '/api/v1/referrals' })).statusCode).toBe(401);
    expect((await t.api(other.token, { method: 'GET', url: '/api/v1/referrals' })).statusCode).toBe(200);
    const audits = await auditOf(user.viewer.id, 'api_token.revoked');
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actorId).toBe(admin.viewer.id);
    expect(JSON.parse(audits[0]!.details)).toEqual({ tokenId });
    expect((await tokenRowOf(user.token)).revokedReason).toBe('revoked');
    // Again (a second click): nothing more happens, and nothing more is audited.
    expect((await page.post(url, {}, from)).statusCode).toBe(303);
    expect(await auditOf(user.viewer.id, 'api_token.revoked')).toHaveLength(1);
  });

  it('revokes through the API: 204; another user’s token, a bad id or a non-admin get 404 or 403', async () => {
    const user = await staffAt(t, SITES.hampshire);
    const someoneElse = await staffAt(t, SITES.hampshire);
    const manager = await staffAt(t, SITES.hampshire, 'manager');
    const del = (userId: string, tokenId: string, as = admin) =>
      t.api(as.token, { method: 'DELETE', url: `/api/v1/users/${userId}/tokens/${tokenId}` });
    const tokenId = await tokenIdOf(user);
    expect((await del(someoneElse.viewer.id, tokenId)).statusCode).toBe(404);
    expect((await del(user.viewer.id, 'not-a-uuid')).statusCode).toBe(404);
    expect((await del('not-a-uuid', tokenId)).statusCode).toBe(404);
    expect((await del(user.viewer.id, tokenId, manager)).statusCode).toBe(403);
    expect(
      (await t.api(manager.token, { method: 'GET', url: `/api/v1/users/${user.viewer.id}/tokens` })).statusCode,
    ).toBe(403);
    expect((await t.api(user.token, { method: 'GET', url: '/api/v1/referrals' })).statusCode).toBe(200);
    expect((await del(user.viewer.id, tokenId)).statusCode).toBe(204);
    expect((await t.api(user.token, { method: 'GET', url: '/api/v1/referrals' })).statusCode).toBe(401);
    const page = await PageSession.signedIn(t.app, admin);
    expect((await page.get('/admin/users/not-a-uuid/tokens')).statusCode).toBe(404);
  });
});

describe('an admin clears a second-factor lock (issue 14: second-factor failures are counted on their own)', () => {
  it('shows the user as locked while codes are locked, and unlock clears both locks', async () => {
    const user = await staffAt(t, SITES.hampshire);
    const later = new Date(t.clock.now.getTime() + 15 * 60_000);
    await t.services.db
      .update(users)
      .set({ failedCodes: 5, codesLockedUntil: later })
      .where(eq(users.id, user.viewer.id));
    const listed = async () =>
      (await t.api(admin.token, { method: 'GET', url: '/api/v1/users' }))
        .json<{ items: { id: string; locked: boolean }[] }>()
        .items.find((u) => u.id === user.viewer.id);
    expect(await listed()).toMatchObject({ locked: true });
    expect((await act(user.viewer.id, 'unlock')).statusCode).toBe(200);
    expect(await listed()).toMatchObject({ locked: false });
    const [row] = await t.services.db.select().from(users).where(eq(users.id, user.viewer.id));
    expect(row).toMatchObject({ failedCodes: 0, codesLockedUntil: null });
  });
});
