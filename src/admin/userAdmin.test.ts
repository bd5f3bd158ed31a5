import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';

let t: TestApp;
let admin: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.user('admin');
});
afterAll(() => t.close());

const act = (userId: string, action: string, as = admin) =>
  t.api(as.token, { method: 'POST', url: `/api/v1/users/${userId}/actions`, payload: { action } });

describe('admins manage users (ASVS 5.0 V7.4: ending sessions)', () => {
  it('disabling a user ends their sessions and their API access at once; enabling lets them back', async () => {
    const user = await t.user('practitioner', { sites: ['reconnect-hampshire'] });
    const page = new PageSession(t.app);
    await page.signIn(user.email, user.password);
    expect((await page.get('/screening')).statusCode).toBe(200);
    expect((await act(user.viewer.id, 'disable')).statusCode).toBe(200);
    expect((await page.get('/screening')).headers.location).toMatch(/^\/sign-in/);
    expect((await t.api(user.token, { method: 'GET', url: '/api/v1/referrals' })).statusCode).toBe(401);
    await act(user.viewer.id, 'enable');
    expect((await t.api(user.token, { method: 'GET', url: '/api/v1/referrals' })).statusCode).toBe(200);
  });

  it('ends a user’s sessions without disabling them', async () => {
    const user = await t.user('manager', { sites: ['reconnect-hampshire'] });
    const page = new PageSession(t.app);
    await page.signIn(user.email, user.password);
    await act(user.viewer.id, 'end_sessions');
    expect((await page.get('/screening')).headers.location).toMatch(/^\/sign-in/);
    expect((await new PageSession(t.app).signIn(user.email, user.password)).statusCode).toBe(303);
  });

  it('is for admins only, and refuses an unknown action with 400', async () => {
    const manager = await t.user('manager', { sites: ['reconnect-hampshire'] });
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
