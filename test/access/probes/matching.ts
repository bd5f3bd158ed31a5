// Person matching (issue: trust, second pass, critical): a referral that names the restricted person by an
// exact identifier and their date of birth, with invented names, as every kind of submitter. The response
// may repeat what the caller sent (the identifier) and nothing else; the caller's list, pages and queue,
// read straight after, show no trace of the person either.
import { fictionalReferral } from '../../../src/demo/fictionalReferrals.ts';
import type { Probe, ProbeModule } from './probe.ts';

const IDENTIFIERS = ['nhsNumber', 'prisonNumber', 'crn'] as const;

export const probeModule: ProbeModule = {
  probes: (ids) => {
    const exactMatch = (identifier: (typeof IDENTIFIERS)[number], seed: number) => () => {
      const { site, restrictedPerson: person } = ids();
      const body = fictionalReferral(site, seed, new Date('2026-11-10T09:00:00Z'), 'eligible');
      return {
        ...body,
        priorityGroup: 3,
        person: {
          givenName: 'Invented',
          familyName: `Name${seed}`,
          dateOfBirth: person.dateOfBirth,
          nhsNumber: null,
          prisonNumber: null,
          crn: null,
          [identifier]: person[identifier],
        },
      };
    };
    const submissions: Probe[] = IDENTIFIERS.map((identifier, i) => ({
      route: 'POST /api/v1/referrals',
      method: 'POST',
      url: () => '/api/v1/referrals',
      payload: exactMatch(identifier, 7100 + i),
      echoes: () => [ids().restrictedPerson[identifier]],
    }));
    const afterwards: Probe[] = [
      { route: 'GET /api/v1/referrals', method: 'GET', url: () => '/api/v1/referrals' },
      { route: 'GET /referrals', method: 'GET', page: true, url: () => '/referrals' },
      { route: 'GET /screening', method: 'GET', page: true, url: () => `/screening?site=${ids().site}` },
      { route: 'GET /', method: 'GET', page: true, url: () => '/' },
      { route: 'GET /notifications', method: 'GET', page: true, url: () => '/notifications' },
    ];
    return [...submissions, ...afterwards];
  },
  notRecordRoutes: [],
};
