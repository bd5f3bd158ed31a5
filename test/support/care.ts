// Care test data: a complete, valid answer for every assessment domain, and saving them all through the
// API. Episodes come from the shared factories (factories.ts `anOpenEpisode`).
import { expect } from 'vitest';
import { DOMAIN_CODES } from '../../src/care/domains.ts';
import type { TestApp, TestUser } from './testApp.ts';

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
