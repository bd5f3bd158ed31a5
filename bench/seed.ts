// The benchmark's data set, loaded in bulk: multi-row INSERTs in one transaction, never HTTP. Going
// through referrals.submit() and screening.decide() one at a time costs ~20 statements per referral
// (people matching, the view it returns, the audit append): measured at 36 referrals/s on PGlite on a
// two-core machine, nearly five minutes for 10,000. So the rows are built here instead, with the application's own
// pure functions wherever it has one: the body is parsed by the API's schema, eligibility comes from
// the referral service's evaluate(), restriction from restrictedFromIntake(), and the rows take the
// shapes submit() and decide() give them (the same timeline summaries and audit details). Audit events
// are written unsealed, exactly as recordAudit() writes them; the application's verifyAuditChain() then
// seals them into the hash chain and checks it before any measurement.
// Keep in step with src/referrals/referralService.ts#submit and src/screening/screeningService.ts#decide.
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { SingleBar } from 'cli-progress';
import { createUser } from '../src/auth/accounts.ts';
import { issueApiToken } from '../src/auth/apiTokens.ts';
import { loadViewer } from '../src/auth/userRepository.ts';
import { entryMac, SYSTEM_ACTOR } from '../src/audit/auditLog.ts';
import { verifyAuditChain } from '../src/audit/chain.ts';
import { auditChainKeys } from '../src/audit/chainKey.ts';
import { canonicalJson } from '../src/audit/canonicalJson.ts';
import { actorOf, type Role, type Viewer } from '../src/access/viewer.ts';
import { auditEvents, informationRequests, people, referrals, timelineEvents } from '../src/db/schema.ts';
import type { Tx } from '../src/db/client.ts';
import { restrictedFromIntake } from '../src/access/rules.ts';
import { makeReferralBodySchema } from '../src/referrals/schema.ts';
import { parseOrThrow } from '../src/http/validation.ts';
import { fictionalReferral, type ExampleKind } from '../src/demo/fictionalReferrals.ts';
import type { Services } from '../src/services.ts';
import { searchNameOf } from '../src/identifiers/names.ts';
import { londonDate } from '../src/identifiers/dates.ts';

export const BENCH_SITES = [
  'er-birmingham-solihull',
  'er-lancashire-cumbria',
  'reconnect-hampshire',
  'reconnect-east-of-england',
];
/** A fresh random password each run: strong by any rule the application applies. */
const BENCH_PASSWORD = randomBytes(18).toString('base64url');

/** Referrals arrive evenly over this many days before "now"; those older than DECIDED_AFTER_DAYS are decided. */
const SPREAD_DAYS = 180;
const DECIDED_AFTER_DAYS = 21;
/**
 * The body schema as it stood when a referral arrived: it bounds dates by "today" (an expected release date
 * may not be in the past), so a body made for a day months ago is checked against that day, as it was then.
 * One per London date, built once.
 */
export function bodySchemaAt(): (at: Date) => ReturnType<typeof makeReferralBodySchema> {
  const byDay = new Map<string, ReturnType<typeof makeReferralBodySchema>>();
  return (at) => {
    const day = londonDate(at);
    let schema = byDay.get(day);
    if (!schema) byDay.set(day, (schema = makeReferralBodySchema(at)));
    return schema;
  };
}

/** Rows per INSERT statement (PostgreSQL allows 65,535 parameters; referrals have 22 columns). */
const CHUNK = 500;

/** The mix of eligibility outcomes, by seed: mostly eligible, some automatic (ER: priority group 1/2, restricted). */
const KINDS: ExampleKind[] = [
  'eligible',
  'eligible',
  'eligible',
  'eligible',
  'eligible',
  'eligible',
  'automatic',
  'discretionary',
  'discretionary',
  'ineligible',
];

/** src/screening/screeningService.ts SUMMARY. */
const DECISION_SUMMARY = {
  accept: 'Referral accepted at screening.',
  decline: 'Referral declined at screening. The referrer can see the reason and signposting.',
  more_information: 'More information requested from the referrer. The screening clock is paused until they answer.',
};

export interface BenchUsers {
  referrer: { viewer: Viewer; token: string };
  practitioner: { viewer: Viewer; token: string; email: string; password: string };
  manager: { viewer: Viewer };
  /** Issue 15: the national report (commissioner) and the evaluation extract (researcher). */
  commissioner: { token: string };
  researcher: { token: string };
}

export async function makeUser(services: Services, role: Role, email: string, sites: string[], organisation?: string) {
  const { id } = await createUser(
    services.db,
    services.sites,
    {
      email,
      name: `Bench ${role}`,
      role,
      siteCodes: sites,
      password: BENCH_PASSWORD,
      ...(organisation ? { organisation } : {}),
    },
    SYSTEM_ACTOR,
    services.clock(),
  );
  const { token } = await issueApiToken(services.db, id, services.clock());
  return { viewer: (await loadViewer(services.db, id))!, token, email, password: BENCH_PASSWORD };
}

/** `tag`: told apart from the users of an earlier run in a database that is re-used (the national data set). */
export async function createBenchUsers(services: Services, tag = ''): Promise<BenchUsers> {
  const referrer = await makeUser(
    services,
    'referrer',
    `bench.referrer${tag}@example.org`,
    [],
    'Probation Service North West',
  );
  const practitioner = await makeUser(services, 'practitioner', `bench.practitioner${tag}@example.org`, BENCH_SITES);
  const manager = await makeUser(services, 'manager', `bench.manager${tag}@example.org`, BENCH_SITES);
  const commissioner = await makeUser(services, 'commissioner', `bench.commissioner${tag}@example.org`, []);
  const researcher = await makeUser(services, 'researcher', `bench.researcher${tag}@example.org`, []);
  return {
    referrer,
    practitioner,
    manager: { viewer: manager.viewer },
    commissioner: { token: commissioner.token },
    researcher: { token: researcher.token },
  };
}

export interface Loaded {
  /** Referrals the practitioner may see (restricted ones are need-to-know: managers only). */
  visibleIds: string[];
  total: number;
  restricted: number;
  byStatus: Record<string, number>;
  auditEvents: number;
  seconds: number;
  /** Where the loading time went: building the rows in JS, inserting them, VACUUM ANALYZE, CHECKPOINT, sealing and verifying the chain. */
  phases: { buildSeconds: number; insertSeconds: number; verifySeconds: number };
}

type PersonRow = typeof people.$inferInsert;
type ReferralRow = typeof referrals.$inferInsert;
type TimelineRow = typeof timelineEvents.$inferInsert;
type InformationRequestRow = typeof informationRequests.$inferInsert;
interface PendingAudit {
  at: Date;
  actor: Viewer;
  action: string;
  recordId: string;
  details: Record<string, unknown>;
}

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, tick: (n: number) => void) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await insert(chunk);
    tick(chunk.length);
  }
}

/**
 * `count` referrals across the four sites, arriving evenly over SPREAD_DAYS; the older ones decided
 * (three accepted to one declined) by the practitioner, or the manager for restricted ones; a quarter of
 * the recent ones waiting for more information, the rest waiting for screening: a realistic open queue.
 */
export async function loadReferrals(
  services: Services,
  users: BenchUsers,
  count: number,
  label: string,
): Promise<Loaded> {
  const started = performance.now();
  const now = services.clock().getTime();
  const service = services.referrals;
  const referrer = users.referrer.viewer;
  const schemaAt = bodySchemaAt();

  const personRows: PersonRow[] = [];
  const referralRows: ReferralRow[] = [];
  const timelineRows: TimelineRow[] = [];
  const requestRows: InformationRequestRow[] = [];
  const audits: PendingAudit[] = [];
  const knownPeople = new Map<string, string>();
  const visibleIds: string[] = [];
  const byStatus: Record<string, number> = {};
  let restricted = 0;

  for (let i = 0; i < count; i++) {
    const seed = i + 1;
    const site = services.sites.get(BENCH_SITES[i % BENCH_SITES.length]!)!;
    const ageMs = ((count - i) / count) * SPREAD_DAYS * 86_400_000;
    const at = new Date(now - ageMs);
    // Outcome and decision drawn from a hash of the index, independent of the site (i % 4) and of each other.
    const draw = Math.imul(seed, 0x9e3779b1) >>> 0;
    const body = parseOrThrow(schemaAt(at), fictionalReferral(site.code, seed, at, KINDS[draw % KINDS.length]));
    const eligibility = service.evaluate(body, at);
    const policy = site.policies.find((p) => p.version === eligibility.policyVersion)!;
    // resolvePerson(): an identifier and the date of birth identify a person already known.
    const p = body.person;
    const keys = [p.nhsNumber, p.prisonNumber, p.crn].filter(Boolean).map((k) => `${k}|${p.dateOfBirth}`);
    const known = keys.map((k) => knownPeople.get(k)).find(Boolean);
    const personId = known ?? randomUUID();
    if (!known) {
      personRows.push({
        id: personId,
        givenName: p.givenName,
        familyName: p.familyName,
        dateOfBirth: p.dateOfBirth,
        nhsNumber: p.nhsNumber ?? null,
        prisonNumber: p.prisonNumber ?? null,
        crn: p.crn ?? null,
        pncId: p.pncId ?? null,
        createdAt: at,
      });
      for (const k of keys) knownPeople.set(k, personId);
    }
    const id = randomUUID();
    const isRestricted = restrictedFromIntake(body.priorityGroup);
    const row: ReferralRow = {
      id,
      reference: `RC-${1001 + i}`,
      siteCode: site.code,
      personId,
      givenName: p.givenName,
      familyName: p.familyName,
      dateOfBirth: p.dateOfBirth,
      searchName: searchNameOf(p.givenName, p.familyName),
      submittedBy: referrer.id,
      status: 'awaiting_screening',
      sourceType: body.source.type,
      receivedAt: at,
      screeningDueAt: new Date(at.getTime() + policy.screeningHours * 3_600_000),
      details: body,
      eligibility,
      outcome: eligibility.outcome,
      priorityGroup: eligibility.priorityGroup,
      restricted: isRestricted,
      restrictionSource: isRestricted ? 'priority_group' : null,
      version: 1,
      updatedAt: at,
    };
    referralRows.push(row);
    timelineRows.push({
      at,
      personId,
      referralId: id,
      actorId: referrer.id,
      kind: 'referral.received',
      summary: `Referral received from ${referrer.name}${referrer.organisation ? ` (${referrer.organisation})` : ''}. Eligibility: ${eligibility.outcome}.`,
    });
    audits.push({
      at,
      actor: referrer,
      action: 'referral.submitted',
      recordId: id,
      details: {
        site: site.code,
        personId,
        joinedExistingPerson: !!known,
        outcome: eligibility.outcome,
        policyVersion: eligibility.policyVersion,
        restricted: isRestricted,
      },
    });

    const decider = isRestricted ? users.manager.viewer : users.practitioner.viewer;
    const decide = (decision: keyof typeof DECISION_SUMMARY, when: Date, reason: string, signposting?: string) => {
      const before = { status: row.status, version: row.version! };
      if (decision === 'more_information') {
        Object.assign(row, { status: 'information_requested', screeningPausedAt: when, updatedAt: when, version: 2 });
        requestRows.push({ id: randomUUID(), referralId: id, question: reason, askedBy: decider.id, askedAt: when });
      } else {
        Object.assign(row, {
          status: decision === 'accept' ? 'accepted' : 'declined',
          decision,
          decisionReason: reason,
          signposting: signposting ?? null,
          decidedBy: decider.id,
          decidedAt: when,
          screeningPausedAt: null,
          updatedAt: when,
          version: 2,
        });
      }
      timelineRows.push({
        at: when,
        personId,
        referralId: id,
        actorId: decider.id,
        kind: `screening.${decision}`,
        summary: DECISION_SUMMARY[decision],
      });
      audits.push({
        at: when,
        actor: decider,
        action: `referral.screening.${decision}`,
        recordId: id,
        details: { before, after: { status: row.status, version: row.version }, reason, signposting },
      });
    };
    if (ageMs / 86_400_000 > DECIDED_AFTER_DAYS) {
      const when = new Date(at.getTime() + 6 * 3_600_000);
      if ((draw >>> 8) % 4 === 0)
        decide(
          'decline',
          when,
          'The person does not meet the criteria for this service.',
          'Community mental health team in the resettlement area.',
        );
      else decide('accept', when, 'Meets the criteria; allocate at the next team meeting.');
    } else if ((draw >>> 8) % 4 === 1) {
      decide('more_information', new Date(at.getTime() + 3 * 3_600_000), 'Where will the person live on release?');
    }
    byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
    if (isRestricted) restricted++;
    else visibleIds.push(id);
  }
  audits.sort((a, b) => a.at.getTime() - b.at.getTime());
  const built = performance.now();

  const total = personRows.length + referralRows.length + timelineRows.length + requestRows.length + audits.length;
  const bar = new SingleBar({
    format: `  loading ${label} [{bar}] {percentage}% | {value}/{total} rows (${count} referrals) | ETA {eta}s`,
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 3000,
    hideCursor: true,
  });
  bar.start(total, 0);
  let done = 0;
  const tick = (n: number) => {
    bar.update((done += n));
  };
  try {
    await services.db.transaction(async (tx: Tx) => {
      await insertChunked(personRows, (c) => tx.insert(people).values(c), tick);
      await insertChunked(referralRows, (c) => tx.insert(referrals).values(c), tick);
      await insertChunked(timelineRows, (c) => tx.insert(timelineEvents).values(c), tick);
      await insertChunked(requestRows, (c) => tx.insert(informationRequests).values(c), tick);
      // recordAudit(): an unsealed event, in the same transaction as what it records.
      const keys = auditChainKeys();
      const auditRows = audits.map((a) => {
        const actor = actorOf(a.actor);
        const fields = {
          at: a.at,
          actorId: actor.id,
          actorLabel: actor.label,
          action: a.action,
          recordType: 'referral',
          recordId: a.recordId,
          details: canonicalJson(a.details),
          nonce: randomBytes(16).toString('hex'),
        };
        // The MAC recordAudit() gives every event as it is written (audit/auditLog.ts entryMac).
        return { ...fields, mac: entryMac(keys, fields) };
      });
      await insertChunked(auditRows, (c) => tx.insert(auditEvents).values(c), tick);
      // submit() numbers references from this sequence: carry on after the loaded ones.
      await tx.execute(sql`select setval('referral_reference_seq', ${1000 + count})`);
    });
  } finally {
    bar.stop();
  }
  const inserted = performance.now();
  // Seals every loaded event into the chain, then checks the whole chain.
  const chain = await verifyAuditChain(services.db);
  if (!chain.ok)
    throw new Error(`The loaded audit chain does not verify: event ${chain.brokenEventId} ${chain.problem}`);
  // What a restore would be followed by: fresh statistics, and the bulk load's dirty pages written out now
  // rather than by autovacuum and the checkpointer in the middle of a measurement.
  await services.db.execute(sql`vacuum analyze`);
  await services.db.execute(sql`checkpoint`).catch(() => undefined);
  const end = performance.now();
  return {
    visibleIds,
    total: count,
    restricted,
    byStatus,
    auditEvents: chain.count,
    seconds: (end - started) / 1000,
    phases: {
      buildSeconds: (built - started) / 1000,
      insertSeconds: (inserted - built) / 1000,
      verifySeconds: (end - inserted) / 1000,
    },
  };
}
