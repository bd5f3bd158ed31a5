// Outcomes of the restricted episode (issue 15): its measures and linkage, read and written by every kind of
// user through the API and the pages.
import { expect } from 'vitest';
import type { ProbeModule } from './probe.ts';

const swemwbs = { instrument: 'swemwbs', administeredOn: '2026-11-09', answers: [3, 3, 3, 3, 3, 3, 3] };

export const probeModule: ProbeModule = {
  async prepare(t, ids, manager) {
    const res = await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/episodes/${ids.restrictedEpisodeId}/measures`,
      payload: swemwbs,
    });
    expect(res.statusCode, res.body).toBe(201);
    const put = await t.api(manager.token, {
      method: 'PUT',
      url: `/api/v1/episodes/${ids.restrictedEpisodeId}/outcomes`,
      payload: { accommodationNow: 'unsettled' },
    });
    expect(put.statusCode, put.body).toBe(200);
  },
  probes: (ids) => [
    {
      route: 'POST /api/v1/episodes/:id/measures',
      method: 'POST',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/measures`,
      payload: () => swemwbs,
    },
    {
      route: 'GET /api/v1/episodes/:id/measures',
      method: 'GET',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/measures`,
    },
    {
      route: 'GET /api/v1/episodes/:id/outcomes',
      method: 'GET',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/outcomes`,
    },
    {
      route: 'PUT /api/v1/episodes/:id/outcomes',
      method: 'PUT',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/outcomes`,
      payload: () => ({ accommodationNow: 'settled' }),
    },
    {
      route: 'GET /episodes/:id/outcomes',
      method: 'GET',
      page: true,
      url: () => `/episodes/${ids().restrictedEpisodeId}/outcomes`,
    },
    {
      route: 'GET /episodes/:id/measures/new',
      method: 'GET',
      page: true,
      url: () => `/episodes/${ids().restrictedEpisodeId}/measures/new?instrument=core10`,
    },
  ],
  // The forms' POSTs are refused without the page's CSRF token before any record is read.
  notRecordRoutes: ['POST /episodes/:id/outcomes', 'POST /episodes/:id/measures/new'],
};
