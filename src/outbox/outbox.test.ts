// The transactional outbox (issue: "Sent exactly once even across restarts"): written in the caller's
// transaction, claimed before sending, retried with the same Message-ID, never sent again once sent.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { emailOutbox } from '../db/schema.ts';
import { openTestDatabase } from '../../test/support/database.ts';
import { loadConfig } from '../config.ts';
import { buildServices, type Services } from '../services.ts';
import type { Database } from '../db/client.ts';
import { claim, enqueueEmail, findOutboxRow } from './repository.ts';
import type { OutboxSettings } from './service.ts';
import type { MailMessage, MailTransport } from './mailTransport.ts';

// The database and services only: no HTTP here.
let database: Database;
const t = { clock: { now: new Date('2026-11-10T09:00:00Z') }, services: undefined as unknown as Services };
beforeAll(async () => {
  database = await openTestDatabase();
  t.services = await buildServices(database, loadConfig({ NODE_ENV: 'test' }), () => t.clock.now);
});
afterAll(() => database.close());
beforeEach(async () => {
  await t.services.db.delete(emailOutbox);
});

const settings: OutboxSettings = {
  from: 'Reconnect <reconnect@example.org>',
  maxAttempts: 3,
  sendingTimeoutMinutes: 10,
};
const email = {
  to: 'manager@example.org',
  subject: 'Reconnect: 1 new urgent item on your worklist',
  text: 'A link: http://localhost:3000/worklist',
};

/** A mail server that records what it accepted, and fails while `failing` is set. */
function fakeTransport() {
  const accepted: MailMessage[] = [];
  const transport: MailTransport & { accepted: MailMessage[]; failing: string | undefined } = {
    kind: 'smtp',
    accepted,
    failing: undefined,
    send(message) {
      if (transport.failing) return Promise.reject(new Error(transport.failing));
      accepted.push(message);
      return Promise.resolve();
    },
    close() {
      /* nothing open */
    },
  };
  return transport;
}

const minutes = (n: number) => {
  t.clock.now = new Date(t.clock.now.getTime() + n * 60_000);
};
const enqueue = () => t.services.db.transaction((tx) => enqueueEmail(tx, email, t.clock.now, 'reconnect.example.org'));

describe('enqueueEmail', () => {
  it("writes nothing when the caller's transaction rolls back", async () => {
    await expect(
      t.services.db.transaction(async (tx) => {
        await enqueueEmail(tx, email, t.clock.now);
        throw new Error('the change it tells of failed');
      }),
    ).rejects.toThrow('the change it tells of failed');
    expect(await t.services.db.select().from(emailOutbox)).toEqual([]);
  });

  it('writes a pending row with a stable Message-ID when it commits', async () => {
    const { id, messageId } = await enqueue();
    expect(messageId).toBe(`<${id}@reconnect.example.org>`);
    expect(await findOutboxRow(t.services.db, id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      toAddress: email.to,
      messageId,
      sentAt: null,
    });
  });
});

describe('the outbox worker', () => {
  it('sends a row once, and a second run (or a restart) does not send it again', async () => {
    const { id, messageId } = await enqueue();
    const transport = fakeTransport();
    expect(await t.services.outbox.work(t.services.db, transport, settings)).toMatchObject({ sent: 1 });
    expect(transport.accepted).toEqual([
      { from: settings.from, to: email.to, subject: email.subject, text: email.text, messageId },
    ]);
    expect(await findOutboxRow(t.services.db, id)).toMatchObject({ status: 'sent', attempts: 1, sentAt: t.clock.now });

    minutes(60);
    const restarted = fakeTransport();
    expect(await t.services.outbox.work(t.services.db, restarted, settings)).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
      released: 0,
    });
    expect(restarted.accepted).toEqual([]);
  });

  it('never sends a row another worker has claimed', async () => {
    const { id } = await enqueue();
    expect(await claim(t.services.db, id, t.clock.now)).toBeDefined();
    expect(await claim(t.services.db, id, t.clock.now)).toBeUndefined();
    const transport = fakeTransport();
    await t.services.outbox.work(t.services.db, transport, settings);
    expect(transport.accepted).toEqual([]);
  });

  it('recovers a crash between claim and send: after the timeout the row goes again, with the same Message-ID', async () => {
    const { id, messageId } = await enqueue();
    await claim(t.services.db, id, t.clock.now); // the process stops here
    const transport = fakeTransport();
    minutes(5);
    await t.services.outbox.work(t.services.db, transport, settings);
    expect(transport.accepted).toEqual([]); // still inside the timeout: perhaps another process is sending it
    minutes(6);
    expect(await t.services.outbox.work(t.services.db, transport, settings)).toMatchObject({ released: 1, sent: 1 });
    expect(transport.accepted.map((m) => m.messageId)).toEqual([messageId]);
    expect(await findOutboxRow(t.services.db, id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('puts a failed attempt back with the error, spaces the retries, and marks it failed after the last', async () => {
    const { id } = await enqueue();
    const transport = fakeTransport();
    transport.failing = 'connect ECONNREFUSED 10.0.0.25:587';
    expect(await t.services.outbox.work(t.services.db, transport, settings)).toMatchObject({ retrying: 1 });
    expect(await findOutboxRow(t.services.db, id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: transport.failing,
    });

    expect(await t.services.outbox.work(t.services.db, transport, settings)).toMatchObject({ retrying: 0 }); // not due yet
    minutes(1);
    expect(await t.services.outbox.work(t.services.db, transport, settings)).toMatchObject({ retrying: 1 });
    minutes(1);
    expect(await t.services.outbox.work(t.services.db, transport, settings)).toMatchObject({ retrying: 0 }); // 2 minutes after the 2nd
    minutes(1);
    expect(await t.services.outbox.work(t.services.db, transport, settings)).toMatchObject({ failed: 1 });
    expect(await findOutboxRow(t.services.db, id)).toMatchObject({ status: 'failed', attempts: 3 });
    minutes(120);
    transport.failing = undefined;
    await t.services.outbox.work(t.services.db, transport, settings);
    expect(transport.accepted).toEqual([]);
  });

  it('a row abandoned on its last attempt ends as failed, not sent again', async () => {
    const { id } = await enqueue();
    await t.services.db
      .update(emailOutbox)
      .set({ attempts: settings.maxAttempts - 1 })
      .where(eq(emailOutbox.id, id));
    await claim(t.services.db, id, t.clock.now);
    minutes(11);
    const transport = fakeTransport();
    expect(await t.services.outbox.work(t.services.db, transport, settings)).toMatchObject({ released: 1, sent: 0 });
    expect(transport.accepted).toEqual([]);
    expect(await findOutboxRow(t.services.db, id)).toMatchObject({ status: 'failed' });
  });

  it('sends the oldest first, in batches', async () => {
    for (let i = 0; i < 3; i++) {
      await enqueue();
      minutes(1);
    }
    const transport = fakeTransport();
    expect(await t.services.outbox.work(t.services.db, transport, { ...settings, batchSize: 2 })).toMatchObject({
      sent: 2,
    });
    expect(await t.services.outbox.work(t.services.db, transport, { ...settings, batchSize: 2 })).toMatchObject({
      sent: 1,
    });
    const [row] = await t.services.db
      .select({ n: sql<number>`count(*)::int` })
      .from(emailOutbox)
      .where(eq(emailOutbox.status, 'sent'));
    expect(row?.n).toBe(3);
  });
});
