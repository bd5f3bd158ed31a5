// Restriction, grants by name, break-glass and the access log, through the JSON API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, aReferral, staffAt } from '../../test/support/factories.ts';

let t: TestApp;
let referrer: TestUser;
let manager: TestUser;
let practitioner: TestUser;
let outsider: TestUser;
let otherSiteManager: TestUser;

const SITE = SITES.hampshire;
const get = (u: TestUser, id: string) => t.api(u.token, { method: 'GET', url: `/api/v1/referrals/${id}` });
const newReferral = (site: string = SITE) => aReferral(t, referrer, site);

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer');
  manager = await staffAt(t, SITE, 'manager');
  practitioner = await staffAt(t, SITE);
  outsider = await staffAt(t, SITES.eastOfEngland);
  otherSiteManager = await staffAt(t, SITES.eastOfEngland, 'manager');
});
afterAll(() => t.close());

describe('a manager restricts a record', () => {
  it('hides it from the team but not from the manager or the referrer, and can lift it again', async () => {
    const r = await newReferral();
    const res = await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/referrals/${r.id}/restriction`,
      payload: { restricted: true, reason: 'Staff member’s relative' },
      headers: { 'if-match': '"1"' },
    });
    expect(res.statusCode).toBe(200);
    expect((await get(practitioner, r.id)).statusCode).toBe(404);
    expect((await get(manager, r.id)).statusCode).toBe(200);
    expect((await get(referrer, r.id)).statusCode).toBe(200);
    const lift = await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/referrals/${r.id}/restriction`,
      payload: { restricted: false, reason: 'No longer needed' },
      headers: { 'if-match': '"2"' },
    });
    expect(lift.statusCode).toBe(200);
    expect((await get(practitioner, r.id)).statusCode).toBe(200);
  });

  it('is refused to a practitioner (403) and to another site’s manager (404)', async () => {
    const r = await newReferral();
    const body = { restricted: true, reason: 'x' };
    expect(
      (
        await t.api(practitioner.token, {
          method: 'POST',
          url: `/api/v1/referrals/${r.id}/restriction`,
          payload: body,
          headers: { 'if-match': '"1"' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.api(otherSiteManager.token, {
          method: 'POST',
          url: `/api/v1/referrals/${r.id}/restriction`,
          payload: body,
          headers: { 'if-match': '"1"' },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('never lifts the restriction of a priority group 1 referral', async () => {
    const r = await aReferral(t, referrer, SITES.lancashire, { kind: 'automatic', restricted: true });
    const lancsManager = await staffAt(t, SITES.lancashire, 'manager');
    const res = await t.api(lancsManager.token, {
      method: 'POST',
      url: `/api/v1/referrals/${r.id}/restriction`,
      payload: { restricted: false, reason: 'x' },
      headers: { 'if-match': '"1"' },
    });
    expect(res.statusCode).toBe(409);
  });
});

describe('access by name', () => {
  it('lets a named person see a restricted record until the grant ends or is revoked', async () => {
    const r = await newReferral();
    await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/referrals/${r.id}/restriction`,
      payload: { restricted: true, reason: 'Need to know' },
      headers: { 'if-match': '"1"' },
    });
    const grant = await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/referrals/${r.id}/access-grants`,
      payload: { email: practitioner.email, reason: 'Covering the case', expiresOn: '2026-11-20' },
    });
    expect(grant.statusCode).toBe(201);
    expect((await get(practitioner, r.id)).statusCode).toBe(200);
    const notices = (await t.api(practitioner.token, { method: 'GET', url: '/api/v1/notifications' })).json().items;
    expect(notices[0].message).toMatch(/gave you access/);

    const start = t.clock.now;
    t.clock.now = new Date('2026-11-21T09:00:00Z');
    expect((await get(practitioner, r.id)).statusCode).toBe(404);
    t.clock.now = start;

    await t.api(manager.token, { method: 'DELETE', url: `/api/v1/referrals/${r.id}/access-grants/${grant.json().id}` });
    expect((await get(practitioner, r.id)).statusCode).toBe(404);
  });

  it.each([
    [{ email: 'nobody@example.org', reason: 'x', expiresOn: '2026-12-01' }, 'email'],
    [{ email: 'x', reason: '', expiresOn: '2026-12-01' }, 'reason'],
    [{ email: 'x', reason: 'x', expiresOn: '2026-02-31' }, 'expiresOn'],
  ])('refuses %j naming %s', async (payload, field) => {
    const r = await newReferral();
    const res = await t.api(manager.token, { method: 'POST', url: `/api/v1/referrals/${r.id}/access-grants`, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

describe('break-glass', () => {
  it('opens an unrestricted record at another site for an hour, audited, with the site’s managers told', async () => {
    const r = await newReferral();
    expect((await get(outsider, r.id)).statusCode).toBe(404);
    const res = await t.api(outsider.token, {
      method: 'POST',
      url: '/api/v1/break-glass',
      payload: { reference: r.reference, reason: 'Released early to our area, at A&E now' },
    });
    expect(res.statusCode).toBe(201);
    expect((await get(outsider, r.id)).statusCode).toBe(200);
    const notices = (await t.api(manager.token, { method: 'GET', url: '/api/v1/notifications' })).json().items;
    expect(
      notices.some(
        (n: { kind: string; message: string }) => n.kind === 'break_glass' && n.message.includes(r.reference),
      ),
    ).toBe(true);
    const log = (await t.api(manager.token, { method: 'GET', url: `/api/v1/referrals/${r.id}/access-log` })).json()
      .items;
    expect(log.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['referral.break_glass', 'referral.viewed']),
    );

    const start = t.clock.now;
    t.clock.now = new Date(start.getTime() + 61 * 60_000);
    expect((await get(outsider, r.id)).statusCode).toBe(404);
    t.clock.now = start;
  });

  it('answers a restricted record and a missing one with the same words', async () => {
    const r = await newReferral();
    await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/referrals/${r.id}/restriction`,
      payload: { restricted: true, reason: 'x' },
      headers: { 'if-match': '"1"' },
    });
    const restricted = await t.api(outsider.token, {
      method: 'POST',
      url: '/api/v1/break-glass',
      payload: { reference: r.reference, reason: 'x' },
    });
    const missing = await t.api(outsider.token, {
      method: 'POST',
      url: '/api/v1/break-glass',
      payload: { reference: 'RC-0', reason: 'x' },
    });
    expect(restricted.statusCode).toBe(400);
    expect(restricted.json()).toEqual(missing.json());
  });

  it('is not for referrers', async () => {
    const res = await t.api(referrer.token, {
      method: 'POST',
      url: '/api/v1/break-glass',
      payload: { reference: 'RC-1001', reason: 'x' },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('who has seen this record', () => {
  it('lists every view for the site’s managers only', async () => {
    const r = await newReferral();
    await get(practitioner, r.id);
    const log = await t.api(manager.token, { method: 'GET', url: `/api/v1/referrals/${r.id}/access-log` });
    expect(log.statusCode).toBe(200);
    const viewers = log
      .json()
      .items.filter((e: { action: string }) => e.action === 'referral.viewed')
      .map((e: { actor: string }) => e.actor);
    expect(viewers.some((a: string) => a.includes(practitioner.email))).toBe(true);
    expect(
      (await t.api(practitioner.token, { method: 'GET', url: `/api/v1/referrals/${r.id}/access-log` })).statusCode,
    ).toBe(403);
  });
});
