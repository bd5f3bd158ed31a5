// The evaluation's minimum dataset (issue 15): the dictionary and the extract, read as every kind of user. The
// extract holds no identifier of anyone, so the walk's own leak check cannot fail on it; what would leak there is
// the restricted person's pseudonym, which `prepare` proves absent from a researcher's extract, by API and page.
import { expect } from 'vitest';
import { PageSession } from '../../support/browserSession.ts';
import { personPseudonym } from '../../../src/evaluation/pseudonym.ts';
import type { ProbeModule } from './probe.ts';

export const probeModule: ProbeModule = {
  probes: () => [
    { route: 'GET /api/v1/evaluation/dictionary', method: 'GET', url: () => '/api/v1/evaluation/dictionary' },
    {
      route: 'GET /api/v1/evaluation/dictionary',
      method: 'GET',
      url: () => '/api/v1/evaluation/dictionary?format=csv',
    },
    { route: 'GET /api/v1/evaluation/extract', method: 'GET', url: () => '/api/v1/evaluation/extract' },
    {
      route: 'GET /api/v1/evaluation/extract',
      method: 'GET',
      url: () => '/api/v1/evaluation/extract?from=2026-01-01&to=2026-12-31',
    },
    { route: 'GET /evaluation', method: 'GET', page: true, url: () => '/evaluation' },
    { route: 'GET /evaluation/extract', method: 'GET', page: true, url: () => '/evaluation/extract' },
    { route: 'GET /evaluation/dictionary', method: 'GET', page: true, url: () => '/evaluation/dictionary' },
  ],
  notRecordRoutes: [],
  async prepare(t, ids) {
    const researcher = await t.user('researcher');
    const pseudonym = personPseudonym(t.services.config.pseudonymisationKey, {
      personId: ids.restrictedPersonId,
      nhsNumber: ids.restrictedPerson.nhsNumber,
      prisonNumber: ids.restrictedPerson.prisonNumber,
      crn: ids.restrictedPerson.crn,
      pncId: null,
    });
    const api = await t.api(researcher.token, { method: 'GET', url: '/api/v1/evaluation/extract' });
    expect(api.statusCode).toBe(200);
    expect(api.body.trim().split('\r\n').length, 'the extract has rows to look through').toBeGreaterThan(0);
    expect(api.body, 'the restricted person is in the extract').not.toContain(pseudonym);
    const page = await PageSession.signedIn(t.app, { email: researcher.email, password: researcher.password });
    expect((await page.get('/evaluation/extract')).body).not.toContain(pseudonym);
  },
};
