// Test data, built the way the team would build it: through the JSON API, as the users who would do it.
// Every test file reaches for these instead of a copy of its own (STYLE.md: factories build test data; no
// test depends on another's leftovers).
import { expect } from 'vitest';
import { fictionalReferral, type ExampleKind } from '../../src/demo/fictionalReferrals.ts';
import { londonDate } from '../../src/identifiers/dates.ts';
import type { ReferralBody } from '../../src/referrals/schema.ts';
import type { CONTACT_OUTCOMES, CONTACT_TYPES } from '../../src/episodes/schema.ts';
import type { Role } from '../../src/access/viewer.ts';
import type { TestApp, TestUser } from './testApp.ts';

/** The four built-in sites (PRODUCT.md "Sites and their rules"). */
export const SITES = {
  birmingham: 'er-birmingham-solihull',
  lancashire: 'er-lancashire-cumbria',
  hampshire: 'reconnect-hampshire',
  eastOfEngland: 'reconnect-east-of-england',
} as const;
export type SiteCode = (typeof SITES)[keyof typeof SITES];

export const isEnhanced = (site: string) => site.startsWith('er-');

/** Seeds for fictional people: distinct within a test file, and unlikely to meet another file's. */
let seed = 10_000 + Math.floor(Math.random() * 50_000);
export const nextSeed = () => seed++;

/** A user of the team at `site` (practitioner unless said). */
export function staffAt(t: TestApp, site: string, role: Extract<Role, 'practitioner' | 'manager'> = 'practitioner') {
  return t.user(role, { sites: [site] });
}

/** A valid referral body to `site`, shaped to land on `kind`, with its own invented person. */
export function aReferralBody(
  t: TestApp,
  site: string,
  options: { kind?: ExampleKind; restricted?: boolean; seed?: number } = {},
): ReferralBody {
  const body = fictionalReferral(site, options.seed ?? nextSeed(), t.clock.now, options.kind ?? 'eligible');
  return options.restricted ? { ...body, priorityGroup: 1 } : body;
}

export interface MadeReferral {
  id: string;
  reference: string;
  personId: string;
  version: number;
  body: ReferralBody;
  name: string;
}

/** A referral as `referrer` sent it, waiting for screening. */
export async function aReferral(
  t: TestApp,
  referrer: TestUser,
  site: string,
  options: { kind?: ExampleKind; restricted?: boolean; seed?: number; body?: ReferralBody } = {},
): Promise<MadeReferral> {
  const body = options.body ?? aReferralBody(t, site, options);
  const res = await t.api(referrer.token, { method: 'POST', url: '/api/v1/referrals', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  const made = res.json();
  return {
    id: made.id,
    reference: made.reference,
    personId: made.personId,
    version: made.version,
    body,
    name: `${body.person.givenName} ${body.person.familyName}`,
  };
}

/** A referral sent by `referrer` and accepted at screening by `screener` (a manager of the site). */
export async function anAcceptedReferral(
  t: TestApp,
  who: { referrer: TestUser; screener: TestUser },
  site: string,
  options: { kind?: ExampleKind; restricted?: boolean; seed?: number; body?: ReferralBody } = {},
): Promise<MadeReferral> {
  const made = await aReferral(t, who.referrer, site, options);
  const decided = await t.api(who.screener.token, {
    method: 'POST',
    url: `/api/v1/referrals/${made.id}/screening`,
    payload: { decision: 'accept' },
    headers: { 'if-match': `"${made.version}"` },
  });
  expect(decided.statusCode, decided.body).toBe(200);
  return { ...made, version: decided.json().version };
}

/** The consultation meeting an Enhanced RECONNECT episode opens from (seed 001: COM, POM and the team). */
export function aConsultation(t: TestApp) {
  return {
    date: londonDate(t.clock.now),
    decision: 'accept' as const,
    rationale: 'Complex needs; agrees to support.',
    attendees: [{ role: 'com' as const, name: 'Chris Offender-Manager', organisation: 'Probation North West' }],
  };
}

export interface OpenEpisode {
  id: string;
  referralId: string;
  reference: string;
  personId: string;
  name: string;
  version: number;
  body: ReferralBody;
  /** From the referral's sentence (null when it gave none): the release the episode was opened to prepare. */
  expectedReleaseDate: string | null;
}

/**
 * An episode of care opened by `manager` from an accepted referral (after its consultation meeting at an
 * Enhanced RECONNECT site), led by `lead` (the manager when absent; null leaves it unallocated).
 */
export async function anOpenEpisode(
  t: TestApp,
  who: { referrer: TestUser; manager: TestUser },
  site: string,
  options: {
    lead?: TestUser | null;
    restricted?: boolean;
    kind?: ExampleKind;
    seed?: number;
    body?: ReferralBody;
  } = {},
): Promise<OpenEpisode> {
  const referral = await anAcceptedReferral(t, { referrer: who.referrer, screener: who.manager }, site, options);
  const lead = options.lead === undefined ? who.manager : options.lead;
  const opened = await t.api(who.manager.token, {
    method: 'POST',
    url: '/api/v1/episodes',
    payload: {
      referralId: referral.id,
      ...(isEnhanced(site) ? { consultation: aConsultation(t) } : {}),
      ...(lead ? { leadWorkerId: lead.viewer.id } : {}),
    },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  let episode = opened.json();
  if (lead === null) {
    const unallocated = await t.api(who.manager.token, {
      method: 'PUT',
      url: `/api/v1/episodes/${episode.id}/allocation`,
      payload: { leadWorkerId: null },
      headers: { 'if-match': `"${episode.version}"` },
    });
    expect(unallocated.statusCode, unallocated.body).toBe(200);
    episode = unallocated.json();
  }
  return {
    id: episode.id,
    referralId: referral.id,
    reference: referral.reference,
    personId: referral.personId,
    name: referral.name,
    version: episode.version,
    body: referral.body,
    expectedReleaseDate: episode.expectedReleaseDate ?? null,
  };
}

export interface Release {
  releasedOn: string;
  releasedFrom?: 'prison' | 'court';
  destination?: { postcode?: string; localAuthority?: string };
}

/**
 * The person's actual release from custody on `releasedOn` (from prison unless said), recorded on the episode by
 * `by` (its lead or a manager of the site), as `POST /api/v1/episodes/{id}/release` does. Returns the episode.
 */
export async function recordRelease(t: TestApp, by: TestUser, episode: { id: string }, release: Release) {
  const released = await t.api(by.token, {
    method: 'POST',
    url: `/api/v1/episodes/${episode.id}/release`,
    payload: { releasedFrom: 'prison', ...release },
  });
  expect(released.statusCode, released.body).toBe(200);
  return released.json<{ id: string; version: number; releasedOn: string }>();
}

export interface Contact {
  at: string;
  type: (typeof CONTACT_TYPES)[number];
  outcome: (typeof CONTACT_OUTCOMES)[number];
  durationMinutes?: number;
  notes?: string;
}

/** A contact with the person recorded on the episode by `by`, as `POST /api/v1/episodes/{id}/contacts` does. */
export async function recordContact(t: TestApp, by: TestUser, episode: { id: string }, contact: Contact) {
  const res = await t.api(by.token, {
    method: 'POST',
    url: `/api/v1/episodes/${episode.id}/contacts`,
    payload: contact,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; version: number }>();
}
