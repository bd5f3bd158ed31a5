// Loading the benchmark's data set straight through the service layer (never HTTP): the same code paths
// as a real submission and screening decision, so people matching, timeline events and the hash-chained
// audit trail all end up exactly as production would leave them, only without the HTTP round trips.
// Many referrals share one transaction (one commit, one fsync per batch), which is what makes it fast.
import { SingleBar } from 'cli-progress';
import { createUser } from '../src/auth/accounts.ts';
import { issueApiToken } from '../src/auth/apiTokens.ts';
import { loadViewer } from '../src/auth/userRepository.ts';
import { SYSTEM_ACTOR } from '../src/audit/auditLog.ts';
import { createReferralService } from '../src/referrals/referralService.ts';
import { createScreeningService } from '../src/screening/screeningService.ts';
import { fictionalReferral, type ExampleKind } from '../src/demo/fictionalReferrals.ts';
import { makeReferralBodySchema } from '../src/referrals/schema.ts';
import { parseOrThrow } from '../src/http/validation.ts';
import type { Services } from '../src/services.ts';
import type { Role, Viewer } from '../src/access/viewer.ts';

export const BENCH_SITES = ['er-birmingham-solihull', 'er-lancashire-cumbria', 'reconnect-hampshire', 'reconnect-east-of-england'];
export const BENCH_PASSWORD = 'reconnect-benchmark-password';

/** Referrals arrive evenly over this many days before "now"; those older than DECIDED_AFTER_DAYS are decided. */
const SPREAD_DAYS = 180;
const DECIDED_AFTER_DAYS = 21;
const BATCH = 250;

/** The mix of eligibility outcomes, by seed: mostly eligible, some automatic (ER: priority group 1/2, restricted). */
const KINDS: ExampleKind[] = ['eligible', 'eligible', 'eligible', 'eligible', 'eligible', 'eligible', 'automatic', 'discretionary', 'discretionary', 'ineligible'];

export interface BenchUsers {
  referrer: { viewer: Viewer; token: string };
  practitioner: { viewer: Viewer; token: string; email: string; password: string };
  manager: { viewer: Viewer };
}

async function makeUser(services: Services, role: Role, email: string, sites: string[], organisation?: string) {
  const { id } = await createUser(services.db, services.sites, {
    email, name: `Bench ${role}`, role, siteCodes: sites, password: BENCH_PASSWORD, ...(organisation ? { organisation } : {}),
  }, SYSTEM_ACTOR, services.clock());
  const { token } = await issueApiToken(services.db, id, services.clock());
  return { viewer: (await loadViewer(services.db, id))!, token, email, password: BENCH_PASSWORD };
}

export async function createBenchUsers(services: Services): Promise<BenchUsers> {
  const referrer = await makeUser(services, 'referrer', 'bench.referrer@example.org', [], 'Probation Service North West');
  const practitioner = await makeUser(services, 'practitioner', 'bench.practitioner@example.org', BENCH_SITES);
  const manager = await makeUser(services, 'manager', 'bench.manager@example.org', BENCH_SITES);
  return { referrer, practitioner, manager: { viewer: manager.viewer } };
}

export interface Loaded {
  /** Referrals the practitioner may see (restricted ones are need-to-know: managers only). */
  visibleIds: string[];
  total: number;
  restricted: number;
  byStatus: Record<string, number>;
  seconds: number;
}

/**
 * `count` referrals across the four sites, oldest first, each with the clock set to when it arrived; the
 * older ones decided (accepted, declined) by the practitioner (or the manager, for restricted ones), some
 * recent ones waiting for more information, the rest waiting for screening: a realistic open queue.
 */
export async function loadReferrals(services: Services, users: BenchUsers, count: number, label: string): Promise<Loaded> {
  const started = performance.now();
  const now = services.clock().getTime();
  let at = new Date(now);
  const core = { db: services.db, sites: services.sites, clock: () => at };
  const referrals = createReferralService(core);
  const screening = createScreeningService(core);
  const visibleIds: string[] = [];
  const byStatus: Record<string, number> = {};
  let restricted = 0;

  const bar = new SingleBar({
    format: `  loading ${label} [{bar}] {percentage}% | {value}/{total} referrals | {rate}/s | ETA {eta}s`,
    stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5000, hideCursor: true,
  });
  bar.start(count, 0, { rate: 0 });
  try {
    for (let start = 0; start < count; start += BATCH) {
      const end = Math.min(count, start + BATCH);
      await services.db.transaction(async (tx) => {
        for (let i = start; i < end; i++) {
          const seed = i + 1;
          const site = BENCH_SITES[i % BENCH_SITES.length]!;
          const ageMs = ((count - i) / count) * SPREAD_DAYS * 86_400_000;
          at = new Date(now - ageMs);
          // Parsed as the API would (normalised, unknown keys stripped), so the stored details match a real submission.
          const body = parseOrThrow(makeReferralBodySchema(at), fictionalReferral(site, seed, at, KINDS[seed % KINDS.length]));
          const created = await referrals.submit(tx, users.referrer.viewer, body);
          let status = created.status;
          const decider = created.restricted ? users.manager.viewer : users.practitioner.viewer;
          const ageDays = ageMs / 86_400_000;
          if (ageDays > DECIDED_AFTER_DAYS) {
            at = new Date(at.getTime() + 6 * 3_600_000);
            const decision = seed % 4 === 0 ? 'decline' : 'accept';
            const updated = await screening.decide(tx, decider, created.id, decision === 'decline'
              ? { decision, reason: 'The person does not meet the criteria for this service.', signposting: 'Community mental health team in the resettlement area.' }
              : { decision, reason: 'Meets the criteria; allocate at the next team meeting.' }, created.version);
            status = updated.status;
          } else if (seed % 4 === 1) {
            at = new Date(at.getTime() + 3 * 3_600_000);
            const updated = await screening.decide(tx, decider, created.id,
              { decision: 'more_information', reason: 'Where will the person live on release?' }, created.version);
            status = updated.status;
          }
          byStatus[status] = (byStatus[status] ?? 0) + 1;
          if (created.restricted) restricted++;
          else visibleIds.push(created.id);
        }
      });
      const seconds = (performance.now() - started) / 1000;
      bar.update(end, { rate: Math.round(end / Math.max(seconds, 0.001)) });
    }
  } finally {
    bar.stop();
  }
  return { visibleIds, total: count, restricted, byStatus, seconds: (performance.now() - started) / 1000 };
}
