// Case studies of the restricted episode (issue 15) and the person's letters: drafted, read, edited, approved
// and downloaded, through the API and the pages, by every kind of user. A case study names no one, but its
// existence and its episode's id are the restricted record's: only those who may see the episode reach it.
import { expect } from 'vitest';
import type { ProbeModule } from './probe.ts';

let caseStudyId = '00000000-0000-4000-8000-000000000000';

export const probeModule: ProbeModule = {
  async prepare(t, ids, manager) {
    const made = await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/episodes/${ids.restrictedEpisodeId}/case-study`,
    });
    expect(made.statusCode, made.body).toBe(201);
    caseStudyId = made.json().id;
    const edited = await t.api(manager.token, {
      method: 'PUT',
      url: `/api/v1/case-studies/${caseStudyId}`,
      payload: { lessons: 'Plan for an unplanned release.' },
      headers: { 'if-match': '"1"' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const approved = await t.api(manager.token, { method: 'POST', url: `/api/v1/case-studies/${caseStudyId}/approve` });
    expect(approved.statusCode, approved.body).toBe(200);
  },
  probes: (ids) => [
    {
      route: 'POST /api/v1/episodes/:id/case-study',
      method: 'POST',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/case-study`,
    },
    { route: 'GET /api/v1/case-studies/:id', method: 'GET', url: () => `/api/v1/case-studies/${caseStudyId}` },
    {
      route: 'GET /api/v1/case-studies/:id',
      method: 'GET',
      url: () => `/api/v1/case-studies/${caseStudyId}?format=pdf`,
    },
    {
      route: 'PUT /api/v1/case-studies/:id',
      method: 'PUT',
      url: () => `/api/v1/case-studies/${caseStudyId}`,
      payload: () => ({ lessons: 'probe' }),
    },
    {
      route: 'POST /api/v1/case-studies/:id/approve',
      method: 'POST',
      url: () => `/api/v1/case-studies/${caseStudyId}/approve`,
    },
    {
      route: 'GET /episodes/:id/case-studies',
      method: 'GET',
      page: true,
      url: () => `/episodes/${ids().restrictedEpisodeId}/case-studies`,
    },
    { route: 'GET /case-studies/:id', method: 'GET', page: true, url: () => `/case-studies/${caseStudyId}` },
    {
      route: 'GET /case-studies/:id/download',
      method: 'GET',
      page: true,
      url: () => `/case-studies/${caseStudyId}/download`,
    },
    {
      route: 'GET /api/v1/episodes/:id/letters',
      method: 'GET',
      url: () => `/api/v1/episodes/${ids().restrictedEpisodeId}/letters?letter=plan`,
    },
    {
      route: 'GET /episodes/:id/letters',
      method: 'GET',
      page: true,
      url: () => `/episodes/${ids().restrictedEpisodeId}/letters`,
    },
    {
      route: 'GET /episodes/:id/letters/download',
      method: 'GET',
      page: true,
      url: () => `/episodes/${ids().restrictedEpisodeId}/letters/download?letter=appointments&format=easy_read`,
    },
  ],
  // The forms' POSTs are refused without the page's CSRF token before any record is read.
  notRecordRoutes: ['POST /episodes/:id/case-studies', 'POST /case-studies/:id', 'POST /case-studies/:id/approve'],
};
