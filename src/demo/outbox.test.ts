// The demo's outbox: one digest over the demo's worklist; running it again adds nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from './seedDemo.ts';
import { emailOutbox } from '../db/schema.ts';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';
import { seedOutboxDemo } from './outbox.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('seedOutboxDemo', () => {
  it("writes the digest of the demo worklist's urgent items, once", async () => {
    // seedDemo ends with the morning's digest.
    await seedDemo(t.services);
    const rows = await t.services.db.select().from(emailOutbox);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.toAddress)).toContain('manager@example.org');
    expect(await seedOutboxDemo(t.services)).toEqual({ newItems: 0, emails: 0 });
  }, 120_000); // the whole demo is seeded first (as allocation.test.ts does in its beforeAll)
});
