// One row of the evaluation extract from the facts of one episode (issue 15 "The evaluation's minimum dataset").
// Pure: `now` is passed in (it decides which site policy is in force and whether a linkage window is still open).
//
// Every value is coded, a count or whole days between two events; nothing typed by a person is copied out, not
// even the local authority (matched to the names the sites cover, else "Other"). Columns: dictionary.ts.
import { ageOnIso, daysBetweenIso, londonDate } from '../identifiers/dates.ts';
import {
  engagementOfTally,
  linkageFacts,
  linkageOf,
  type ContactTally,
  type RecordedOutcome,
} from '../outcomes/rules.ts';
import {
  inCatchment,
  normaliseAreaName,
  policyInForce,
  ROSH_LEVELS,
  SOURCE_TYPES,
  type SiteDefinition,
} from '../sites/policy.ts';
import { CLOSURE_REASONS } from '../episodes/schema.ts';
import { ACCOMMODATION_STATUSES, RELEASE_TYPES } from '../releasePlanning/types.ts';
import type { AGE_BANDS } from './dictionary.ts';
import { EXTRACT_COLUMNS } from './dictionary.ts';
import { episodePseudonym, personPseudonym, type PersonIdentifiers } from './pseudonym.ts';
import type { QuasiValues } from './kAnonymity.ts';

export interface EpisodeExtractFacts {
  episodeId: string;
  siteCode: string;
  person: PersonIdentifiers;
  dateOfBirth: string;
  receivedAt: Date;
  decidedAt: Date | null;
  sourceType: string;
  priorityGroup: number | null;
  details: unknown;
  consultation: unknown;
  closedReason: string | null;
  plan: Record<string, unknown> | null;
  recorded: RecordedOutcome | undefined;
  /** Its released, recalled, closed and reopened events, in the order recorded. */
  events: { kind: string; on: string; reason?: string }[];
  /** Its contacts, counted against its first release (outcomes/rules.ts `tallyContacts`). */
  contacts: ContactTally;
  /** Both instruments, oldest first. */
  measures: { instrument: string; on: string; score: unknown }[];
}

export type ExtractValue = string | number | null;
export type ExtractRow = Record<string, ExtractValue>;

export function ageBandOf(dateOfBirth: string, on: string): (typeof AGE_BANDS)[number] | null {
  return ageBandOfAge(ageOnIso(dateOfBirth, on));
}

/** An age in whole years as its band; null under 18 (never a RECONNECT referral: PRODUCT.md, adults only). */
export function ageBandOfAge(age: number): (typeof AGE_BANDS)[number] | null {
  if (age < 18) return null;
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 55) return '45-54';
  if (age < 65) return '55-64';
  return '65+';
}

/**
 * The areas the sites' catchments name (local authorities, and the districts within them), by normalised name:
 * what a release address may be coded as. They come from the site configuration, never from what was typed.
 */
export function knownLocalAuthorities(sites: readonly SiteDefinition[]): Map<string, string> {
  const known = new Map<string, string>();
  for (const site of sites)
    for (const p of site.policies)
      for (const la of [...p.catchment, ...(p.catchmentPlaces ?? [])]) known.set(normaliseAreaName(la), la);
  return known;
}

/** A typed area as one of the known local authorities, "Other" for any other, null when none was recorded. */
export function localAuthorityOf(area: string | undefined, known: ReadonlyMap<string, string>): string | null {
  if (!area || area.trim() === '') return null;
  for (const part of [area, ...area.split(/[,/]/)]) {
    const hit = known.get(normaliseAreaName(part));
    if (hit) return hit;
  }
  return 'Other';
}

const yesNo = (v: boolean | null | undefined): string | null => (v === true ? 'yes' : v === false ? 'no' : null);
const oneOf = (v: unknown, allowed: readonly string[]): string | null =>
  typeof v === 'string' && allowed.includes(v) ? v : null;

function scoreOf(instrument: string, score: unknown): number | null {
  const s = score as { raw?: unknown; metric?: unknown } | null;
  const value = instrument === 'swemwbs' ? s?.metric : s?.raw;
  return typeof value === 'number' ? value : null;
}

function baselineAndLast(measures: EpisodeExtractFacts['measures'], instrument: string) {
  const scores = measures
    .filter((m) => m.instrument === instrument)
    .map((m) => scoreOf(instrument, m.score))
    .filter((v): v is number => v !== null);
  return { baseline: scores[0] ?? null, last: scores.length > 1 ? (scores[scores.length - 1] ?? null) : null };
}

function isClosed(events: EpisodeExtractFacts['events']): boolean {
  let closed = false;
  for (const e of [...events].sort((a, b) => a.on.localeCompare(b.on)))
    if (e.kind === 'closed') closed = true;
    else if (e.kind === 'reopened') closed = false;
  return closed;
}

export interface RowContext {
  key: string;
  now: Date;
  sites: ReadonlyMap<string, SiteDefinition>;
  localAuthorities: ReadonlyMap<string, string>;
}

/**
 * What a row's quasi-identifiers are worked out from: the episode, its referral (the person's age in whole years
 * on the London day it was received) and its release plan. The k-anonymity check reads them counted alike.
 */
export interface QuasiFacts {
  siteCode: string;
  ageOnReferral: number;
  priorityGroup: number | null;
  /** The release plan's `releaseType` and `destination.localAuthority`, as stored. */
  releaseType: unknown;
  localAuthority: unknown;
}

/** The quasi-identifiers of an episode (kAnonymity.ts), which the k-anonymity check counts, as its row gives them. */
export function quasiOf(f: QuasiFacts, ctx: Pick<RowContext, 'localAuthorities'>): QuasiValues {
  return {
    site: f.siteCode,
    age_band: ageBandOfAge(f.ageOnReferral),
    local_authority: localAuthorityOf(areaOf(f.localAuthority), ctx.localAuthorities),
    release_type: oneOf(f.releaseType, RELEASE_TYPES),
    priority_group: f.priorityGroup === null ? null : String(f.priorityGroup),
  };
}

const areaOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function extractRowOf(f: EpisodeExtractFacts, ctx: RowContext): ExtractRow {
  const today = londonDate(ctx.now);
  const receivedOn = londonDate(f.receivedAt);
  const site = ctx.sites.get(f.siteCode);
  const plan = (f.plan ?? {}) as { releaseType?: unknown; destination?: { localAuthority?: unknown } };
  const area = areaOf(plan.destination?.localAuthority);
  const quasi = quasiOf(
    {
      siteCode: f.siteCode,
      ageOnReferral: ageOnIso(f.dateOfBirth, receivedOn),
      priorityGroup: f.priorityGroup,
      releaseType: plan.releaseType,
      localAuthority: area,
    },
    ctx,
  );
  const policy = site ? policyInForce(site, ctx.now) : undefined;
  const facts = linkageFacts({ plan: f.plan, events: f.events, contacts: [], details: f.details }, f.recorded);
  const linkage = linkageOf(facts, today);
  const engagement = engagementOfTally(f.contacts, facts.releasedOn);
  const released = facts.releasedOn;
  const consultationOn = (f.consultation as { date?: unknown } | null)?.date;
  const details = f.details as { roshLevel?: unknown } | null;
  const swemwbs = baselineAndLast(f.measures, 'swemwbs');
  const core10 = baselineAndLast(f.measures, 'core10');
  const closed = isClosed(f.events);
  const closureEvent = [...f.events].reverse().find((e) => e.kind === 'closed');
  return {
    person: personPseudonym(ctx.key, f.person),
    episode: episodePseudonym(ctx.key, f.episodeId),
    site: quasi.site,
    service_model: site?.model ?? null,
    age_band: quasi.age_band,
    local_authority: quasi.local_authority,
    out_of_area: area && policy ? yesNo(!inCatchment(policy, area)) : null,
    priority_group: quasi.priority_group,
    rosh: oneOf(details?.roshLevel, ROSH_LEVELS),
    source_type: oneOf(f.sourceType, SOURCE_TYPES),
    release_type: quasi.release_type,
    days_referral_to_screening: f.decidedAt ? daysBetweenIso(receivedOn, londonDate(f.decidedAt)) : null,
    days_referral_to_consultation:
      typeof consultationOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(consultationOn)
        ? daysBetweenIso(receivedOn, consultationOn)
        : null,
    released: yesNo(released !== null),
    days_release_to_first_contact: engagement.firstContactAfterReleaseDays,
    days_release_to_gp_registration: linkage.gpRegistered.daysFromRelease,
    gp_registered_by_day_7: released ? yesNo(linkage.gpRegistered.within7Days) : null,
    substance_misuse_need: yesNo(linkage.substanceMisuseEngaged.needed),
    days_release_to_substance_misuse_treatment: linkage.substanceMisuseEngaged.daysFromRelease,
    substance_misuse_treatment_within_21_days:
      released && linkage.substanceMisuseEngaged.needed ? yesNo(linkage.substanceMisuseEngaged.within21Days) : null,
    accommodation_on_release: oneOf(linkage.accommodation.onRelease, ACCOMMODATION_STATUSES),
    accommodation_now: oneOf(linkage.accommodation.now, ACCOMMODATION_STATUSES),
    recalled: yesNo(facts.recalled),
    contacts_attended: engagement.attended,
    contacts_did_not_attend: engagement.didNotAttend,
    swemwbs_baseline: swemwbs.baseline,
    swemwbs_last: swemwbs.last,
    core10_baseline: core10.baseline,
    core10_last: core10.last,
    status: closed ? 'closed' : 'open',
    closure_reason: closed ? oneOf(f.closedReason ?? closureEvent?.reason, CLOSURE_REASONS) : null,
  };
}

/** The row's cells in the dictionary's column order. */
export function rowCells(row: ExtractRow): ExtractValue[] {
  return EXTRACT_COLUMNS.map((c) => row[c] ?? null);
}
