// Test data for the care tests: an open Enhanced RECONNECT episode and a complete answer for every domain.
import { expect } from 'vitest';
import { fictionalReferral } from '../demo/fictionalReferrals.ts';
import { londonDate } from '../identifiers/dates.ts';
import type { TestApp, TestUser } from '../../test/support/testApp.ts';
import { DOMAIN_CODES } from './domains.ts';

export const ER = 'er-lancashire-cumbria';
let seed = 5200;

/** Referred by `referrer`, accepted and opened (after its consultation meeting) by `worker`. */
export async function openEpisode(
  t: TestApp,
  referrer: TestUser,
  worker: TestUser,
): Promise<{ episodeId: string; referralId: string }> {
  const made = await t.api(referrer.token, {
    method: 'POST',
    url: '/api/v1/referrals',
    payload: fictionalReferral(ER, seed++, t.clock.now, 'eligible'),
  });
  expect(made.statusCode).toBe(201);
  const { id, version } = made.json();
  const decided = await t.api(worker.token, {
    method: 'POST',
    url: `/api/v1/referrals/${id}/screening`,
    payload: { decision: 'accept' },
    headers: { 'if-match': `"${version}"` },
  });
  expect(decided.statusCode).toBe(200);
  const opened = await t.api(worker.token, {
    method: 'POST',
    url: '/api/v1/episodes',
    payload: {
      referralId: id,
      consultation: {
        date: londonDate(t.clock.now),
        decision: 'accept',
        rationale: 'High risk of harm and complex needs; agrees to support.',
        attendees: [{ role: 'com', name: 'Chris Offender-Manager', organisation: 'Probation North West' }],
      },
    },
  });
  expect(opened.statusCode).toBe(201);
  return { episodeId: opened.json().id, referralId: id };
}

/** A complete, valid answer for each domain: mental health and accommodation rated high, the rest low. */
export function completeAnswer(domain: string): object {
  switch (domain) {
    case 'communication':
      return {
        complete: true,
        level: 'medium',
        fields: {
          hearingNeeds: true,
          literacyNeeds: true,
          firstLanguage: 'English',
          interpreterNeeded: false,
          formats: ['easy_read'],
        },
      };
    case 'accommodation':
      return { complete: true, level: 'high', fields: { onRelease: 'none', dutyToReferMade: false } };
    case 'risk_to_others':
      return { complete: true, level: 'high', fields: { rosh: 'high', mappaCategory: '2', mappaLevel: '2' } };
    case 'strengths':
      return { complete: true, fields: { strengths: 'Close to his sister; a good cook; wants to work' } };
    case 'mental_health':
      return {
        complete: true,
        level: 'high',
        notes: 'Low mood since his mother died.',
        fields: { secondaryCare: false },
      };
    case 'money':
      return { complete: true, level: 'no_need', fields: { bankAccount: true } };
    default:
      return { complete: true, level: 'low' };
  }
}

/** Saves every domain of an assessment with If-Match, returning the final version. */
export async function completeEveryDomain(
  t: TestApp,
  user: TestUser,
  episodeId: string,
  number: number,
  version: number,
): Promise<number> {
  let v = version;
  for (const code of DOMAIN_CODES) {
    const res = await t.api(user.token, {
      method: 'PUT',
      url: `/api/v1/episodes/${episodeId}/assessments/${number}/domains/${code}`,
      payload: completeAnswer(code),
      headers: { 'if-match': `"${v}"` },
    });
    expect(res.statusCode, `${code}: ${res.body}`).toBe(200);
    v = res.json().version;
  }
  return v;
}
