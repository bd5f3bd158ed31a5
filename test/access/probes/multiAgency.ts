// Multi-agency working (src/partners, src/meetings, src/chronology): every endpoint and page, walked by every
// kind of user against the restricted episode. Before the walk its site's manager records, on that episode, a
// professional, consent and a sharing entry, a partner note, and a MAPPA meeting with an action the team
// owns, each naming the restricted person: a partner note about a restricted person is restricted with it,
// and none of it may reach "my actions", the chronology or any list of someone who may not see the record.
import { expect } from 'vitest';
import type { ProbeModule } from './probe.ts';

const SECRET = 'Quarrington-Vesey';
const NO_SUCH = '00000000-0000-4000-8000-000000000000';
/** What the manager recorded, read when each probe runs. */
const made = { partnerId: NO_SUCH, memberId: NO_SUCH, meetingId: NO_SUCH, actionId: NO_SUCH };

export const probeModule: ProbeModule = {
  async prepare(t, ids, manager) {
    const call = async (method: 'POST' | 'PUT', url: string, payload: object) => {
      const res = await t.api(manager.token, { method, url, payload });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
      return res.json();
    };
    const e = `/api/v1/episodes/${ids.restrictedEpisodeId}`;
    made.partnerId = (
      await call('POST', '/api/v1/partners', {
        name: 'Probe Counter Terrorism Policing',
        kind: 'police',
        area: 'North West',
      })
    ).id;
    made.memberId = (
      await call('POST', `${e}/network`, {
        partnerId: made.partnerId,
        name: `${SECRET}'s police offender manager`,
        role: 'police_offender_manager',
        from: '2026-11-01',
      })
    ).id;
    await call('PUT', `${e}/consents/${made.partnerId}`, {
      given: true,
      recordedOn: '2026-11-09',
      scope: `Everything about ${SECRET}`,
    });
    await call('POST', `${e}/sharing`, {
      direction: 'sent',
      partnerId: made.partnerId,
      sharedOn: '2026-11-09',
      what: `${SECRET}'s risk summary`,
      lawfulBasis: 'consent',
    });
    await call('POST', `${e}/partner-notes`, {
      partnerId: made.partnerId,
      occurredAt: '2026-11-08T10:00:00Z',
      text: `${SECRET} was seen at the mosque.`,
    });
    const meeting = await call('POST', `${e}/meetings`, {
      kind: 'mappa',
      heldOn: '2026-11-09',
      mappaLevel: 3,
      mappaCategory: 4,
      attendees: [{ name: 'DS Probe', organisation: 'Counter Terrorism Policing', present: true }],
      summary: `MAPPA level 3 review of ${SECRET}.`,
      actions: [
        {
          description: `Tell ${SECRET}'s COM`,
          ownerName: 'The team',
          ownerOrganisation: 'Enhanced RECONNECT',
          ownedByTeam: true,
          dueOn: '2026-11-09',
        },
      ],
    });
    made.meetingId = meeting.id;
    made.actionId = meeting.actions[0].id;
  },
  probes: (ids) => {
    const api = () => `/api/v1/episodes/${ids().restrictedEpisodeId}`;
    const page = () => `/episodes/${ids().restrictedEpisodeId}`;
    const person = () => `/people/${ids().restrictedPersonId}/chronology`;
    return [
      { route: 'GET /api/v1/partners', method: 'GET', url: () => '/api/v1/partners?q=probe' },
      { route: 'GET /api/v1/partners/:id', method: 'GET', url: () => `/api/v1/partners/${made.partnerId}` },
      {
        route: 'POST /api/v1/partners',
        method: 'POST',
        url: () => '/api/v1/partners',
        payload: () => ({ name: 'Probe GP', kind: 'gp' }),
      },
      {
        route: 'PUT /api/v1/partners/:id',
        method: 'PUT',
        url: () => `/api/v1/partners/${made.partnerId}`,
        payload: () => ({ name: 'Probe Counter Terrorism Policing', kind: 'police' }),
      },
      { route: 'GET /api/v1/episodes/:id/network', method: 'GET', url: () => `${api()}/network` },
      {
        route: 'POST /api/v1/episodes/:id/network',
        method: 'POST',
        url: () => `${api()}/network`,
        payload: () => ({ partnerId: made.partnerId, name: 'Probe', role: 'gp', from: '2026-11-01' }),
      },
      {
        route: 'PATCH /api/v1/episodes/:id/network/:memberId',
        method: 'PATCH',
        url: () => `${api()}/network/${made.memberId}`,
        payload: () => ({ to: '2026-11-10' }),
      },
      { route: 'GET /api/v1/episodes/:id/consents', method: 'GET', url: () => `${api()}/consents` },
      {
        route: 'PUT /api/v1/episodes/:id/consents/:partnerId',
        method: 'PUT',
        url: () => `${api()}/consents/${made.partnerId}`,
        payload: () => ({ given: true, recordedOn: '2026-11-10' }),
      },
      { route: 'GET /api/v1/episodes/:id/sharing', method: 'GET', url: () => `${api()}/sharing` },
      {
        route: 'POST /api/v1/episodes/:id/sharing',
        method: 'POST',
        url: () => `${api()}/sharing`,
        payload: () => ({
          direction: 'received',
          partnerId: made.partnerId,
          sharedOn: '2026-11-10',
          what: 'probe',
          lawfulBasis: 'consent',
        }),
      },
      { route: 'GET /api/v1/episodes/:id/partner-notes', method: 'GET', url: () => `${api()}/partner-notes` },
      {
        route: 'POST /api/v1/episodes/:id/partner-notes',
        method: 'POST',
        url: () => `${api()}/partner-notes`,
        payload: () => ({ partnerId: made.partnerId, occurredAt: '2026-11-10', text: 'probe' }),
      },
      { route: 'GET /api/v1/episodes/:id/meetings', method: 'GET', url: () => `${api()}/meetings` },
      {
        route: 'POST /api/v1/episodes/:id/meetings',
        method: 'POST',
        url: () => `${api()}/meetings`,
        payload: () => ({
          kind: 'mdt',
          heldOn: '2026-11-10',
          attendees: [{ name: 'P', organisation: 'Q', present: true }],
          summary: 'probe',
        }),
      },
      { route: 'GET /api/v1/meetings/:id', method: 'GET', url: () => `/api/v1/meetings/${made.meetingId}` },
      { route: 'GET /api/v1/episodes/:id/actions', method: 'GET', url: () => `${api()}/actions?status=all` },
      { route: 'GET /api/v1/actions', method: 'GET', url: () => '/api/v1/actions?status=all' },
      { route: 'GET /api/v1/actions/:id', method: 'GET', url: () => `/api/v1/actions/${made.actionId}` },
      {
        route: 'PATCH /api/v1/actions/:id',
        method: 'PATCH',
        url: () => `/api/v1/actions/${made.actionId}`,
        payload: () => ({ status: 'done', note: 'probe' }),
      },
      { route: 'GET /api/v1/people/:personId/chronology', method: 'GET', url: person },
      {
        route: 'GET /api/v1/people/:personId/chronology',
        method: 'GET',
        url: () => `${person()}?q=${SECRET}&kind=partner_note`,
      },
      { route: 'GET /api/v1/people/:personId/chronology', method: 'GET', url: () => `${person()}?format=pdf` },
      { route: 'GET /partners', method: 'GET', page: true, url: () => '/partners?q=probe' },
      { route: 'GET /partners/new', method: 'GET', page: true, url: () => '/partners/new' },
      { route: 'GET /partners/:id', method: 'GET', page: true, url: () => `/partners/${made.partnerId}` },
      { route: 'GET /partners/:id/edit', method: 'GET', page: true, url: () => `/partners/${made.partnerId}/edit` },
      { route: 'GET /episodes/:id/partners', method: 'GET', page: true, url: () => `${page()}/partners` },
      { route: 'GET /episodes/:id/network/new', method: 'GET', page: true, url: () => `${page()}/network/new` },
      {
        route: 'GET /episodes/:id/partner-notes/new',
        method: 'GET',
        page: true,
        url: () => `${page()}/partner-notes/new`,
      },
      { route: 'GET /episodes/:id/sharing', method: 'GET', page: true, url: () => `${page()}/sharing` },
      { route: 'GET /episodes/:id/sharing/new', method: 'GET', page: true, url: () => `${page()}/sharing/new` },
      {
        route: 'GET /episodes/:id/consents/new',
        method: 'GET',
        page: true,
        url: () => `${page()}/consents/new?partnerId=${made.partnerId}`,
      },
      { route: 'GET /episodes/:id/meetings', method: 'GET', page: true, url: () => `${page()}/meetings` },
      { route: 'GET /episodes/:id/meetings/new', method: 'GET', page: true, url: () => `${page()}/meetings/new` },
      { route: 'GET /meetings/:id', method: 'GET', page: true, url: () => `/meetings/${made.meetingId}` },
      { route: 'GET /actions', method: 'GET', page: true, url: () => '/actions?status=all' },
      { route: 'GET /actions/:id', method: 'GET', page: true, url: () => `/actions/${made.actionId}` },
      { route: 'GET /episodes/:id/chronology', method: 'GET', page: true, url: () => `${page()}/chronology` },
      { route: 'GET /people/:personId/chronology', method: 'GET', page: true, url: person },
      {
        route: 'GET /people/:personId/chronology',
        method: 'GET',
        page: true,
        url: () => `${person()}?view=full&q=${SECRET}`,
      },
      {
        route: 'GET /people/:personId/chronology/print',
        method: 'GET',
        page: true,
        url: () => `${person()}/print?view=full`,
      },
      {
        route: 'GET /people/:personId/chronology.pdf',
        method: 'GET',
        page: true,
        url: () => `/people/${ids().restrictedPersonId}/chronology.pdf`,
      },
    ];
  },
  /** Form posts: each answers with a redirect or with the same page as the GET above it, which is walked. */
  notRecordRoutes: [
    'POST /partners/new',
    'POST /partners/:id/edit',
    'POST /episodes/:id/network/new',
    'POST /episodes/:id/network/:memberId/end',
    'POST /episodes/:id/partner-notes/new',
    'POST /episodes/:id/consents/new',
    'POST /episodes/:id/sharing/new',
    'POST /episodes/:id/meetings/new',
    'POST /actions/:id',
  ],
};
