// Test factory: an episode of care opened through the API, as the team would (referral, screening, opening).
import { expect } from 'vitest';
import { fictionalReferral } from '../demo/fictionalReferrals.ts';
import { londonDate } from '../identifiers/dates.ts';
import type { TestApp, TestUser } from '../../test/support/testApp.ts';

export interface OpenedEpisode {
  id: string;
  referralId: string;
  reference: string;
  name: string;
  version: number;
}

let seed = 5000;

/** Opens an episode at `site` led by `lead` (the manager when absent; null leaves it unallocated). */
export async function openEpisode(
  t: TestApp,
  who: { referrer: TestUser; manager: TestUser },
  site: string,
  options: { lead?: TestUser | null; restricted?: boolean; seed?: number } = {},
): Promise<OpenedEpisode> {
  const body = fictionalReferral(site, options.seed ?? seed++, t.clock.now, 'eligible');
  if (options.restricted) body.priorityGroup = 1;
  const made = await t.api(who.referrer.token, { method: 'POST', url: '/api/v1/referrals', payload: body });
  expect(made.statusCode).toBe(201);
  const { id: referralId, version, reference } = made.json();
  const decided = await t.api(who.manager.token, {
    method: 'POST',
    url: `/api/v1/referrals/${referralId}/screening`,
    payload: { decision: 'accept' },
    headers: { 'if-match': `"${version}"` },
  });
  expect(decided.statusCode).toBe(200);
  const consultation = site.startsWith('er-')
    ? {
        date: londonDate(t.clock.now),
        decision: 'accept',
        rationale: 'Complex needs; agrees to support.',
        attendees: [{ role: 'com', name: 'Chris Offender-Manager', organisation: 'Probation North West' }],
      }
    : undefined;
  const lead = options.lead === undefined ? who.manager : options.lead;
  const opened = await t.api(who.manager.token, {
    method: 'POST',
    url: '/api/v1/episodes',
    payload: {
      referralId,
      ...(consultation ? { consultation } : {}),
      ...(lead ? { leadWorkerId: lead.viewer.id } : {}),
    },
  });
  expect(opened.statusCode).toBe(201);
  let episode = opened.json();
  if (lead === null) {
    const unallocated = await t.api(who.manager.token, {
      method: 'PUT',
      url: `/api/v1/episodes/${episode.id}/allocation`,
      payload: { leadWorkerId: null },
      headers: { 'if-match': `"${episode.version}"` },
    });
    expect(unallocated.statusCode).toBe(200);
    episode = unallocated.json();
  }
  return {
    id: episode.id,
    referralId,
    reference,
    name: `${body.person.givenName} ${body.person.familyName}`,
    version: episode.version,
  };
}
