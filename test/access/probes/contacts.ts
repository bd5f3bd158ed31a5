// A contact's own page (issue 10: "Contact notes are stored but never shown"): the restricted episode's
// contact, whose notes name the person, read by every kind of user; and another episode's contact asked
// for through the restricted episode.
import { expect } from 'vitest';
import type { ProbeModule } from './probe.ts';

const SECRET = 'Quarrington-Vesey';
const made = { contactId: '' };

export const probeModule: ProbeModule = {
  async prepare(t, ids, manager) {
    const res = await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/episodes/${ids.restrictedEpisodeId}/contacts`,
      payload: {
        at: '2026-11-10T09:00:00Z',
        type: 'in_prison',
        outcome: 'attended',
        durationMinutes: 45,
        notes: `Met ${SECRET} on the wing.\nTalked about the Channel Panel.`,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    made.contactId = res.json().id;
  },
  probes: (ids) => [
    {
      route: 'GET /episodes/:id/contacts/:contactId',
      method: 'GET',
      page: true,
      url: () => `/episodes/${ids().restrictedEpisodeId}/contacts/${made.contactId}`,
    },
    {
      route: 'GET /episodes/:id/contacts/:contactId',
      method: 'GET',
      page: true,
      url: () => `/episodes/${ids().restrictedEpisodeId}/contacts/not-a-contact`,
    },
  ],
  notRecordRoutes: [],
};
