// The email outbox page and API: admins only; the list, and one email's text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../db/schema.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { claim, enqueueEmail, markAttemptFailed, markSent } from './repository.ts';
import { SITES, staffAt } from '../../test/support/factories.ts';

let t: TestApp;
let admin: TestUser;
let manager: TestUser;
let emailId: string;
const text =
  'There is 1 new urgent item on the Reconnect worklist for you.\n\n- Screening overdue\n  http://localhost:3000/referrals/x';

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.user('admin');
  manager = await staffAt(t, SITES.lancashire, 'manager');
  ({ id: emailId } = await t.services.db.transaction((tx) =>
    enqueueEmail(
      tx,
      {
        userId: manager.viewer.id,
        to: manager.email,
        subject: 'Reconnect: 1 new urgent item on your worklist',
        text,
      },
      t.clock.now,
    ),
  ));
});
afterAll(() => t.close());

const signedIn = (user: TestUser): Promise<PageSession> => PageSession.signedIn(t.app, user);

describe('the email outbox page', () => {
  it("shows an admin every email, and one email's text", async () => {
    const session = await signedIn(admin);
    const page = await session.get('/admin/outbox');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="nhsuk-heading-l">Email outbox</h1>');
    expect(page.body).toContain(manager.email);
    expect(page.body).toContain(`href="/admin/outbox/${emailId}"`);
    expect(page.body).toContain('Waiting');
    expect(page.body).toContain('No mail server is set up');

    const one = await session.get(`/admin/outbox/${emailId}`);
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain('Reconnect: 1 new urgent item on your worklist');
    expect(one.body).toContain('- Screening overdue<br />');
    expect(one.body).toContain('href="/admin/outbox"');
    const audited = await t.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'outbox.email.read'), eq(auditEvents.recordId, emailId)));
    expect(audited).toHaveLength(1);

    expect((await session.get('/admin/outbox/not-an-id')).statusCode).toBe(404);
    expect((await session.get('/admin/outbox/6f0f6c9e-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('is for admins only', async () => {
    const session = await signedIn(manager);
    expect((await session.get('/admin/outbox')).statusCode).toBe(403);
    const one = await session.get(`/admin/outbox/${emailId}`);
    expect(one.statusCode).toBe(403);
    expect(one.body).not.toContain('Screening overdue');
    const signedOut = await new PageSession(t.app).get('/admin/outbox');
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toMatch(/^\/sign-in/);
  });
});

describe('GET /api/v1/admin/outbox', () => {
  it('lists the outbox for admins, and one email with its text', async () => {
    const list = await t.api(admin.token, { method: 'GET', url: '/api/v1/admin/outbox' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({
        id: emailId,
        to: manager.email,
        status: 'pending',
        attempts: 0,
        sentAt: null,
        createdAt: t.clock.now.toISOString(),
      }),
    ]);
    expect(list.json().items[0]).not.toHaveProperty('text');
    const one = await t.api(admin.token, { method: 'GET', url: `/api/v1/admin/outbox/${emailId}` });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: emailId, text });
  });

  it('refuses everyone else', async () => {
    expect((await t.api(manager.token, { method: 'GET', url: '/api/v1/admin/outbox' })).statusCode).toBe(403);
    expect((await t.api(manager.token, { method: 'GET', url: `/api/v1/admin/outbox/${emailId}` })).statusCode).toBe(
      403,
    );
    expect((await t.api(undefined, { method: 'GET', url: '/api/v1/admin/outbox' })).statusCode).toBe(401);
  });
});

/**
 * Issue 10, "Every email and the outbox page": "/admin/outbox/{id} is a 500 (a number passed to the summary
 * list); fix it and add a page test for every outbox entry kind". Each way an email can stand in the outbox,
 * opened by an admin as the page shows it.
 */
describe('one email in the outbox, in every state it can be in', () => {
  const write = (subject: string, body = 'Line one\nLine <two> & three') =>
    t.services.db.transaction((tx) =>
      enqueueEmail(tx, { userId: manager.viewer.id, to: manager.email, subject, text: body }, t.clock.now),
    );
  const take = async (id: string) => {
    const row = await claim(t.services.db, id, t.clock.now);
    if (!row) throw new Error('not claimed');
    return row;
  };
  const kinds: { kind: string; make: () => Promise<string>; shows: string[] }[] = [
    {
      kind: 'waiting, never tried',
      make: async () => (await write('Waiting email')).id,
      shows: ['Waiting', 'Not sent', 'Not tried yet', 'None'],
    },
    {
      kind: 'being sent (one attempt under way)',
      make: async () => (await take((await write('Sending email')).id)).id,
      shows: ['Sending', '1 attempt', 'Not sent'],
    },
    {
      kind: 'sent',
      make: async () => {
        const { id } = await write('Sent email');
        await take(id);
        await markSent(t.services.db, id, t.clock.now);
        return id;
      },
      shows: ['Sent', '1 attempt', '10 November 2026'],
    },
    {
      kind: 'waiting to be tried again after a failed attempt',
      make: async () => {
        const row = await take((await write('Retrying email')).id);
        await markAttemptFailed(t.services.db, row, 'Connection refused by mail.example.nhs.uk', 5);
        return row.id;
      },
      shows: ['Waiting', '1 attempt', 'Connection refused by mail.example.nhs.uk'],
    },
    {
      kind: 'failed after the last attempt',
      make: async () => {
        const row = await take((await write('Failed email')).id);
        await markAttemptFailed(t.services.db, row, '550 mailbox unavailable', 1);
        return row.id;
      },
      shows: ['Failed', '1 attempt', '550 mailbox unavailable', 'Not sent'],
    },
    {
      kind: 'to an address with no account (no user)',
      make: async () =>
        (
          await t.services.db.transaction((tx) =>
            enqueueEmail(tx, { to: 'referrals@example.org', subject: 'No user email', text: 'Hello' }, t.clock.now),
          )
        ).id,
      shows: ['referrals@example.org', 'Waiting'],
    },
  ];

  it.each(kinds)('opens an email that is $kind', async ({ make, shows }) => {
    const id = await make();
    const session = await signedIn(admin);
    const page = await session.get(`/admin/outbox/${id}`);
    expect(page.statusCode).toBe(200);
    const summary = /data-qa="email-summary"[\s\S]*?<\/dl>/.exec(page.body)?.[0] ?? '';
    for (const text of shows) expect(summary).toContain(text);
    expect(summary).toContain('Message-ID');
    expect(page.body).not.toContain('Line <two>');
    const list = await session.get('/admin/outbox');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/admin/outbox/${id}"`);
  });
});
