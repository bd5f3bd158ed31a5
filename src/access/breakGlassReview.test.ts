// Break-glass review (issue 14, "Left from the first pass": "a manager reviews each use (appropriate / not,
// with a note), unreviewed uses stay on the managers' worklist, and the review is audited").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { auditEvents } from '../db/schema.ts';
import { breakGlassItem } from '../worklist/rules.ts';
import { can } from './policy.ts';
import type { Viewer } from './viewer.ts';
import { SITES, aReferral, staffAt } from '../../test/support/factories.ts';

let t: TestApp;
let referrer: TestUser;
let manager: TestUser;
let secondManager: TestUser;
let practitioner: TestUser;
let outsider: TestUser;
let otherSiteManager: TestUser;

const SITE = SITES.hampshire;
const OTHER = SITES.eastOfEngland;

async function breakGlassUse(): Promise<{ referral: { id: string; reference: string }; grantId: string }> {
  const referral = await aReferral(t, referrer, SITE);
  const { reference } = (await t.api(manager.token, { method: 'GET', url: `/api/v1/referrals/${referral.id}` })).json<{
    reference: string;
  }>();
  const used = await t.api(outsider.token, {
    method: 'POST',
    url: '/api/v1/break-glass',
    payload: { reference, reason: 'Attended A&E out of hours, needed the risk summary' },
  });
  expect(used.statusCode).toBe(201);
  const uses = (await t.api(manager.token, { method: 'GET', url: '/api/v1/break-glass/uses' })).json<{
    items: { id: string; referralId: string }[];
  }>();
  const grantId = uses.items.find((u) => u.referralId === referral.id)!.id;
  return { referral: { id: referral.id, reference }, grantId };
}

const worklistRules = async (user: TestUser) =>
  (await t.api(user.token, { method: 'GET', url: '/api/v1/worklist' }))
    .json<{ items: { rule: string; referralId: string }[] }>()
    .items.filter((i) => i.rule === 'break_glass_unreviewed');

const review = (user: TestUser, grantId: string, payload: unknown) =>
  t.api(user.token, { method: 'POST', url: `/api/v1/break-glass/uses/${grantId}/review`, payload: payload as object });

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer');
  manager = await staffAt(t, SITE, 'manager');
  secondManager = await staffAt(t, SITE, 'manager');
  practitioner = await staffAt(t, SITE);
  outsider = await staffAt(t, OTHER);
  otherSiteManager = await staffAt(t, OTHER, 'manager');
});
afterAll(() => t.close());

describe('who reviews a break-glass use (access/policies/breakGlass.ts)', () => {
  const viewer = (role: Viewer['role'], siteCodes: string[], id = 'me'): Viewer =>
    ({ id, role, siteCodes, name: 'x', organisation: null, asOf: new Date() }) as unknown as Viewer;
  it.each([
    ['a manager of the site', viewer('manager', [SITE]), true],
    ['a manager of another site', viewer('manager', [OTHER]), false],
    ['a practitioner of the site', viewer('practitioner', [SITE]), false],
    ['the manager who used it', viewer('manager', [SITE], 'used-by'), false],
    ['an admin', viewer('admin', []), false],
    ['a referrer', viewer('referrer', []), false],
  ])('%s', (_who, v, allowed) => {
    expect(can(v, 'reviewBreakGlass', { siteCode: SITE, usedBy: 'used-by' })).toBe(allowed);
  });
});

describe('the worklist item (worklist/rules.ts breakGlassItem)', () => {
  const use = {
    grantId: 'g',
    referralId: 'r',
    reference: 'RC-1',
    personName: 'A B',
    siteCode: SITE,
    usedByName: 'Sam',
    usedAt: new Date('2026-11-10T09:00:00Z'),
  };
  it.each([
    ['before the use', new Date('2026-11-10T08:59:59Z'), false],
    ['at the use', new Date('2026-11-10T09:00:00Z'), true],
    ['a month later, still unreviewed', new Date('2026-12-10T09:00:00Z'), true],
  ])('%s', (_when, asOf, present) => {
    const item = breakGlassItem(use, asOf);
    expect(Boolean(item)).toBe(present);
    if (item) expect(item).toMatchObject({ rule: 'break_glass_unreviewed', link: '/break-glass/reviews/g' });
  });
});

describe('reviewing through the API', () => {
  it('an unreviewed use is on the site managers’ worklist only, until a manager reviews it; the review is audited', async () => {
    const { referral, grantId } = await breakGlassUse();
    expect((await worklistRules(manager)).map((i) => i.referralId)).toContain(referral.id);
    expect((await worklistRules(secondManager)).map((i) => i.referralId)).toContain(referral.id);
    expect(await worklistRules(practitioner)).toEqual([]);
    expect(await worklistRules(otherSiteManager)).toEqual([]);
    expect(await worklistRules(outsider)).toEqual([]);

    const notices = (await t.api(manager.token, { method: 'GET', url: '/api/v1/notifications' })).json<{
      items: { kind: string; link: string }[];
    }>();
    expect(notices.items.filter((n) => n.kind === 'break_glass').map((n) => n.link)).toContain(
      `/break-glass/reviews/${grantId}`,
    );

    const res = await review(manager, grantId, {
      outcome: 'not_appropriate',
      note: 'Could have phoned the duty worker',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: grantId,
      referralId: referral.id,
      usedBy: { id: outsider.viewer.id },
      reason: 'Attended A&E out of hours, needed the risk summary',
      review: {
        outcome: 'not_appropriate',
        note: 'Could have phoned the duty worker',
        reviewedBy: { id: manager.viewer.id },
      },
    });
    expect((await worklistRules(manager)).map((i) => i.referralId)).not.toContain(referral.id);
    expect((await worklistRules(secondManager)).map((i) => i.referralId)).not.toContain(referral.id);

    const [audited] = await t.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'referral.break_glass_reviewed'), eq(auditEvents.recordId, referral.id)));
    expect(audited).toMatchObject({ actorId: manager.viewer.id, recordType: 'referral' });
    expect(JSON.parse(audited!.details)).toMatchObject({
      grantId,
      outcome: 'not_appropriate',
      usedBy: outsider.viewer.id,
    });

    const listed = await t.api(manager.token, { method: 'GET', url: '/api/v1/break-glass/uses?status=reviewed' });
    expect(listed.json<{ items: { id: string }[] }>().items.map((u) => u.id)).toContain(grantId);
    const open = await t.api(manager.token, { method: 'GET', url: '/api/v1/break-glass/uses' });
    expect(open.json<{ items: { id: string }[] }>().items.map((u) => u.id)).not.toContain(grantId);
  });

  it('is reviewed once: a second review is 409 and changes nothing', async () => {
    const { grantId } = await breakGlassUse();
    expect((await review(manager, grantId, { outcome: 'appropriate', note: 'Emergency' })).statusCode).toBe(200);
    const again = await review(secondManager, grantId, { outcome: 'not_appropriate', note: 'No' });
    expect(again.statusCode).toBe(409);
    const shown = await t.api(manager.token, { method: 'GET', url: `/api/v1/break-glass/uses/${grantId}` });
    expect(shown.json()).toMatchObject({ review: { outcome: 'appropriate', reviewedBy: { id: manager.viewer.id } } });
  });

  it.each([
    [{}, ['note', 'outcome']],
    [{ outcome: 'fine', note: 'x' }, ['outcome']],
    [{ outcome: 'appropriate', note: '   ' }, ['note']],
    [{ outcome: 'appropriate', note: 'x'.repeat(2001) }, ['note']],
    [{ outcome: ['appropriate'], note: 7 }, ['note', 'outcome']],
  ])('bad input (case %#) is a 400 naming the fields, and nothing is stored', async (payload, fields) => {
    const { grantId } = await breakGlassUse();
    const res = await review(manager, grantId, payload);
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(fields);
    expect(
      (await t.api(manager.token, { method: 'GET', url: `/api/v1/break-glass/uses/${grantId}` })).json(),
    ).toMatchObject({
      review: null,
    });
  });

  it('is refused to everyone but the site’s managers: 403 by role, 404 for a use they may not see', async () => {
    const { grantId } = await breakGlassUse();
    const body = { outcome: 'appropriate', note: 'x' };
    expect((await review(practitioner, grantId, body)).statusCode).toBe(403);
    expect((await review(outsider, grantId, body)).statusCode).toBe(403);
    expect((await review(referrer, grantId, body)).statusCode).toBe(403);
    expect((await review(otherSiteManager, grantId, body)).statusCode).toBe(404);
    expect(
      (await t.api(otherSiteManager.token, { method: 'GET', url: `/api/v1/break-glass/uses/${grantId}` })).statusCode,
    ).toBe(404);
    expect(
      (await t.api(otherSiteManager.token, { method: 'GET', url: '/api/v1/break-glass/uses?status=all' }))
        .json<{ items: { id: string }[] }>()
        .items.map((u) => u.id),
    ).not.toContain(grantId);
    expect((await review(manager, 'not-a-uuid', body)).statusCode).toBe(404);
    expect((await review(manager, '00000000-0000-4000-8000-000000000000', body)).statusCode).toBe(404);
    expect((await t.api(undefined, { method: 'GET', url: '/api/v1/break-glass/uses' })).statusCode).toBe(401);
    expect((await t.api(manager.token, { method: 'GET', url: '/api/v1/break-glass/uses?status=x' })).statusCode).toBe(
      400,
    );
  });
});

describe('the review pages', () => {
  it('list the uses to review, and a review with bad input shows the NHS error summary; a good one is recorded', async () => {
    const { referral, grantId } = await breakGlassUse();
    const page = await PageSession.signedIn(t.app, manager);
    const list = await page.get('/break-glass/reviews');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/break-glass/reviews/${grantId}`);
    expect(list.body).toContain(referral.reference);

    const url = `/break-glass/reviews/${grantId}`;
    const form = await page.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Was this use of emergency access appropriate?');

    const bad = await page.post(url, { note: '' }, url);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('nhsuk-error-summary');
    expect(bad.body).toContain('href="#outcome"');
    expect(bad.body).toContain('href="#note"');
    expect(bad.body).toContain('Enter a note about the use');

    const good = await page.post(url, { outcome: 'appropriate', note: 'Out-of-hours emergency <b>ok</b>' }, url);
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toBe('/break-glass/reviews');
    const after = await page.get(url);
    expect(after.body).toContain('reviewed by');
    expect(after.body).toContain('&lt;b&gt;ok&lt;/b&gt;');
    expect(after.body).not.toContain('<b>ok</b>');
  });

  it('a review someone else recorded first is a 409 with the error summary, and the first review stands', async () => {
    const { grantId } = await breakGlassUse();
    const url = `/break-glass/reviews/${grantId}`;
    const page = await PageSession.signedIn(t.app, secondManager);
    const token = await page.csrfToken(url);
    expect((await review(manager, grantId, { outcome: 'appropriate', note: 'First' })).statusCode).toBe(200);
    const late = await page.post(url, { outcome: 'not_appropriate', note: 'Second', _csrf: token }, undefined, {
      withCsrf: false,
    });
    expect([late.statusCode, late.body.includes('nhsuk-error-summary')]).toEqual([409, true]);
    expect(late.body).toContain('already been reviewed');
  });

  it('are refused to a practitioner (403) and another site’s manager (404)', async () => {
    const { grantId } = await breakGlassUse();
    const practitionerPage = await PageSession.signedIn(t.app, practitioner);
    expect((await practitionerPage.get('/break-glass/reviews')).statusCode).toBe(403);
    expect((await practitionerPage.get(`/break-glass/reviews/${grantId}`)).statusCode).toBe(403);
    const other = await PageSession.signedIn(t.app, otherSiteManager);
    expect((await other.get(`/break-glass/reviews/${grantId}`)).statusCode).toBe(404);
    expect((await other.get('/break-glass/reviews/not-a-uuid')).statusCode).toBe(404);
  });
});
