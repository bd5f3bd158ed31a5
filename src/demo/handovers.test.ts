// The demo's handovers: one waiting out-of-area request and one accepted step up, on top of the main demo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from './seedDemo.ts';
import { loadViewer } from '../auth/userRepository.ts';
import { eq } from 'drizzle-orm';
import { handovers, users } from '../db/schema.ts';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';
import { seedHandoverDemo } from './handovers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('seedHandoverDemo', () => {
  it('adds a waiting out-of-area request and an accepted step up', async () => {
    await seedDemo(t.services);
    const idOf = async (email: string) =>
      (await t.services.db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]!.id;
    const practitioner = (await loadViewer(t.services.db, await idOf('practitioner@example.org')))!;
    const manager = (await loadViewer(t.services.db, await idOf('manager@example.org')))!;
    await seedHandoverDemo(t.services, { practitioner, manager });
    const rows = await t.services.db.select({ kind: handovers.kind, status: handovers.status }).from(handovers);
    expect(rows).toEqual(
      expect.arrayContaining([
        { kind: 'step_up', status: 'accepted' },
        { kind: 'out_of_area', status: 'requested' },
      ]),
    );
  }, 120_000); // the whole demo is seeded first (as allocation.test.ts does in its beforeAll)
});
