// The allocation demo on top of the demo data: co-workers, unallocated episodes and one worker over the maximum.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { episodeCoWorkers } from '../db/schema.ts';
import { seedDemo } from './seedDemo.ts';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';
import { seedAllocationDemo } from './allocation.ts';
import { findUserByEmail, loadViewer } from '../auth/userRepository.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.services);
  await seedAllocationDemo(t.services);
}, 120_000);
afterAll(() => t.close());

describe('seedAllocationDemo', () => {
  it('adds co-workers, leaves episodes unallocated and puts the practitioner over the maximum', async () => {
    const [{ n }] = (await t.services.db.select({ n: count() }).from(episodeCoWorkers)) as [{ n: number }];
    expect(n).toBeGreaterThan(0);
    const manager = await loadViewer(
      t.services.db,
      (await findUserByEmail(t.services.db, 'manager@example.org'))!.id,
      t.clock.now,
    );
    const { team } = t.services;
    const birmingham = await t.services.db.transaction((tx) => team.view(tx, manager!, 'er-birmingham-solihull'));
    expect(birmingham.workers.some((w) => w.over)).toBe(true);
    const hampshire = await t.services.db.transaction((tx) => team.view(tx, manager!, 'reconnect-hampshire'));
    expect(hampshire.unallocatedCount).toBeGreaterThan(0);
    // Running it again changes nothing.
    await seedAllocationDemo(t.services);
    const [{ again }] = (await t.services.db.select({ again: count() }).from(episodeCoWorkers)) as [{ again: number }];
    expect(again).toBe(n);
  });
});
