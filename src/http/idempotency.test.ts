// Issue 14, "Idempotency-Key": "a replay re-runs the whole write and rolls it back (burning reference numbers
// and logging errors), and the key ignores the path, so the same key on `/episodes/A/contacts` then
// `/episodes/B/contacts` answers B with A's contact and stores nothing. Key on method, path and user; return
// the stored response without running the handler."
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { aReferralBody, anOpenEpisode, type OpenEpisode, SITES } from '../../test/support/factories.ts';
import { contacts } from '../db/schema.ts';

const SITE = SITES.lancashire;
let t: TestApp;
let referrer: TestUser;
let manager: TestUser;
let a: OpenEpisode;
let b: OpenEpisode;

const referenceNumber = (reference: string) => Number(/\d+$/.exec(reference)![0]);
const submit = (key?: string, body: object = aReferralBody(t, SITE)) =>
  t.api(referrer.token, {
    method: 'POST',
    url: '/api/v1/referrals',
    payload: body,
    headers: key ? { 'idempotency-key': key } : {},
  });
const contact = () => ({ at: t.clock.now.toISOString(), type: 'phone', outcome: 'attended', notes: 'Called' });
const contactsOf = async (episodeId: string) =>
  (await t.services.db.select({ n: count() }).from(contacts).where(eq(contacts.episodeId, episodeId)))[0]!.n;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer');
  manager = await t.user('manager', { sites: [SITE] });
  a = await anOpenEpisode(t, { referrer, manager }, SITE);
  b = await anOpenEpisode(t, { referrer, manager }, SITE);
});
afterAll(() => t.close());

describe('a replay answers from the store, without running the handler', () => {
  it('does not call the service again, and burns no reference number', async () => {
    const body = aReferralBody(t, SITE);
    const first = await submit('replay-1', body);
    expect(first.statusCode).toBe(201);
    const submitted = vi.spyOn(t.services.referrals, 'submit');
    try {
      const again = await submit('replay-1', body);
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
      expect(submitted).not.toHaveBeenCalled();
    } finally {
      submitted.mockRestore();
    }
    const next = await submit();
    expect(referenceNumber(next.json().reference)).toBe(referenceNumber(first.json().reference) + 1);
  });

  it('replays the first answer to requests sent at the same moment, running the write once', async () => {
    const body = aReferralBody(t, SITE);
    const submitted = vi.spyOn(t.services.referrals, 'submit');
    let answers;
    try {
      answers = await Promise.all([submit('together-1', body), submit('together-1', body), submit('together-1', body)]);
      expect(submitted).toHaveBeenCalledTimes(1);
    } finally {
      submitted.mockRestore();
    }
    expect(answers.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((r) => r.json().id)).size).toBe(1);
    const next = await submit();
    expect(referenceNumber(next.json().reference)).toBe(referenceNumber(answers[0].json().reference) + 1);
  });

  it('replays the stored headers too (ETag and Location)', async () => {
    const body = aReferralBody(t, SITE);
    const first = await submit('headers-1', body);
    const again = await submit('headers-1', body);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers.location).toBe(first.headers.location);
  });
});

describe('the key is scoped to method, path and user', () => {
  it('the same key on /episodes/B/contacts after /episodes/A/contacts is refused, not answered with A’s contact', async () => {
    const body = contact();
    const onA = await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/episodes/${a.id}/contacts`,
      payload: body,
      headers: { 'idempotency-key': 'contact-1' },
    });
    expect(onA.statusCode).toBe(201);
    const before = await contactsOf(b.id);
    const onB = await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/episodes/${b.id}/contacts`,
      payload: body,
      headers: { 'idempotency-key': 'contact-1' },
    });
    expect(onB.statusCode).toBe(422);
    expect(onB.json().errors).toEqual([
      { field: 'Idempotency-Key', message: 'Already used for a different request (method, path or body)' },
    ]);
    expect(onB.body).not.toContain(onA.json().id);
    expect(await contactsOf(b.id)).toBe(before);
  });

  it('another user may use the same key on the same path', async () => {
    const other = await t.user('manager', { sites: [SITE] });
    const body = contact();
    for (const user of [manager, other]) {
      const res = await t.api(user.token, {
        method: 'POST',
        url: `/api/v1/episodes/${a.id}/contacts`,
        payload: body,
        headers: { 'idempotency-key': 'contact-per-user' },
      });
      expect(res.statusCode).toBe(201);
      expect(res.headers['idempotent-replayed']).toBeUndefined();
    }
  });

  it('a refused first try stores nothing, so the same key works once the request is right', async () => {
    const url = `/api/v1/episodes/${a.id}/contacts`;
    const refused = await t.api(manager.token, {
      method: 'POST',
      url,
      payload: { ...contact(), type: 'carrier pigeon' },
      headers: { 'idempotency-key': 'contact-retry' },
    });
    expect(refused.statusCode).toBe(400);
    const fixed = await t.api(manager.token, {
      method: 'POST',
      url,
      payload: contact(),
      headers: { 'idempotency-key': 'contact-retry' },
    });
    expect(fixed.statusCode).toBe(201);
  });
});
