// Handover pages: the teams' incoming and outgoing requests, one request (accept or decline it, or withdraw
// it), and the episode's "Transfer or handover" part where the sending team asks. Every change goes through
// the handover service (the same calls as the JSON API); this file turns form fields into the API's bodies
// and the service's refusals into NHS error summaries.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { Forbidden, HttpError, type FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { dateFrom, str, type Posted } from '../web/formFields.ts';
import { canWorkAt, referralNames, staffOf } from '../episodes/episodeDisplay.ts';
import { CONSULTATION_ROLES } from '../episodes/schema.ts';
import { sitesCovering } from '../sites/policy.ts';
import type { HandoverService } from './handoverService.ts';
import type { HandoverView } from './presenter.ts';
import { releaseDestinationOf } from './repository.ts';
import { HANDOVER_KINDS, KIND_TEXT, STATUS_TEXT, kindBetween } from './rules.ts';
import { decisionSchema, requestHandoverSchema } from './schema.ts';

type IdParams = { Params: { id: string } };
type Extra = { errors?: FieldError[]; posted?: Posted; status?: number; message?: string };

const ATTENDEE_ROWS = 4;
const STALE =
  'Someone else changed this request after you opened it, so your change was not saved. Check the request below, then try again.';
const ROLE_TEXT: Record<(typeof CONSULTATION_ROLES)[number], string> = {
  com: 'Community offender manager (COM)',
  pom: 'Prison offender manager (POM)',
  practitioner: 'Enhanced RECONNECT practitioner',
  other: 'Other agency',
};

/** API field paths → ids of the inputs, for the error summary's links. */
function fieldId(field: string): string {
  if (field.startsWith('consultation.attendees')) return 'attendee-1-name';
  if (field === 'consultation.rationale') return 'rationale';
  if (field.startsWith('consultation')) return 'consultation-date-day';
  return field || 'main-content';
}

function summaryOf(extra: Extra) {
  const errors = (extra.errors ?? []).map((e) => ({ text: e.message, href: `#${fieldId(e.field)}` }));
  if (extra.message) errors.unshift({ text: extra.message, href: '#main-content' });
  return { errors, fieldErrors: Object.fromEntries((extra.errors ?? []).map((e) => [fieldId(e.field), e.message])) };
}

const version = (posted: Posted) => {
  const n = Number(str(posted, 'version'));
  return Number.isInteger(n) && n > 0 ? n : 0;
};

export function registerHandoverPages(app: FastifyInstance, services: Services, handovers: HandoverService): void {
  const { db, sites, episodes } = services;
  const siteName = (code: string) => sites.get(code)?.name ?? code;
  const row = (h: HandoverView) => ({
    ...h,
    kindText: KIND_TEXT[h.kind],
    statusText: STATUS_TEXT[h.status],
    fromName: siteName(h.fromSite),
    toName: siteName(h.toSite),
  });

  /** Refusals come back as the same page with the NHS error summary; anything else is thrown on. */
  async function orRender(
    run: () => Promise<FastifyReply>,
    render: (extra: Extra) => Promise<FastifyReply>,
    posted: Posted,
  ): Promise<FastifyReply> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (error.statusCode === 412) return render({ status: 412, message: STALE });
      if (error.statusCode === 409) return render({ posted, status: 409, message: error.message });
      if (error.statusCode === 400) return render({ posted, errors: error.errors });
      throw error;
    }
  }

  app.get('/handovers', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    if (viewer.role !== 'practitioner' && viewer.role !== 'manager')
      throw new Forbidden('Handovers are for the teams’ practitioners and managers');
    const [incoming, outgoing] = await db.transaction(async (tx) => [
      await handovers.list(tx, viewer, { direction: 'incoming' }),
      await handovers.list(tx, viewer, { direction: 'outgoing' }),
    ]);
    return reply.render('handovers/views/list.njk', {
      pageTitle: 'Handovers',
      section: 'handovers',
      incoming: incoming.map(row),
      outgoing: outgoing.map(row),
      waiting: incoming.filter((h) => h.status === 'requested').length,
    });
  });

  async function renderHandover(reply: FastifyReply, viewer: Viewer, id: string, extra: Extra = {}) {
    const h = await db.transaction((tx) => handovers.read(tx, viewer, id));
    const toModel = sites.get(h.toSite)?.model;
    const canDecide = h.status === 'requested' && h.viewerIs.receiving && canWorkAt(viewer, h.toSite);
    const canWithdraw = h.status === 'requested' && h.viewerIs.sending && canWorkAt(viewer, h.fromSite);
    const posted = extra.posted ?? {};
    const staff = canDecide ? await staffOf(db, h.toSite) : [];
    const chosenLead = str(posted, 'leadWorkerId') || viewer.id;
    return reply.status(extra.status ?? (extra.errors?.length ? 400 : 200)).render('handovers/views/handover.njk', {
      pageTitle: `${KIND_TEXT[h.kind]}: ${h.person.givenName} ${h.person.familyName}`,
      section: 'handovers',
      backHref: '/handovers',
      handover: row(h),
      canDecide,
      canWithdraw,
      enhanced: toModel === 'ENHANCED_RECONNECT',
      posted,
      ...summaryOf(extra),
      staff: staff.map((s) => ({
        value: s.id,
        text: s.id === viewer.id ? `${s.name} (you)` : s.name,
        checked: s.id === chosenLead,
      })),
      rows: Array.from({ length: ATTENDEE_ROWS }, (_, i) => i + 1),
      roles: CONSULTATION_ROLES.map((value) => ({ value, text: ROLE_TEXT[value] })),
    });
  }

  app.get<IdParams>('/handovers/:id', { preHandler: requireSignIn }, async (req, reply) =>
    renderHandover(reply, viewerOf(req), req.params.id),
  );

  /** The decision form's fields as the API's body; the consultation only for an Enhanced RECONNECT acceptance. */
  function decisionBody(posted: Posted, enhanced: boolean): { body?: unknown; errors: FieldError[] } {
    const errors: FieldError[] = [];
    const decision = str(posted, 'decision');
    if (decision !== 'accept' && decision !== 'decline')
      return { errors: [{ field: 'decision', message: 'Select whether your team takes the person on' }] };
    const note = str(posted, 'note');
    const lead = str(posted, 'leadWorkerId');
    const body: Record<string, unknown> = {
      decision,
      ...(note ? { note } : {}),
      ...(decision === 'accept' && lead ? { leadWorkerId: lead } : {}),
    };
    if (decision === 'accept' && enhanced) {
      const date = dateFrom(posted, 'consultation-date', 'the date of the consultation meeting');
      if ('error' in date) errors.push({ field: 'consultation.date', message: date.error });
      const attendees = [];
      for (let r = 1; r <= ATTENDEE_ROWS; r++) {
        const a = {
          role: str(posted, `attendee-${r}-role`) || 'other',
          name: str(posted, `attendee-${r}-name`),
          organisation: str(posted, `attendee-${r}-organisation`),
        };
        if (a.name || a.organisation) attendees.push(a);
      }
      body.consultation = {
        date: 'iso' in date ? date.iso : '2000-01-01',
        attendees,
        decision: 'accept',
        rationale: str(posted, 'rationale'),
      };
    }
    const parsed = decisionSchema.safeParse(body);
    if (!parsed.success)
      errors.push(
        ...fieldErrors(parsed.error).map((e) =>
          e.field.startsWith('consultation.attendees') ? { ...e, message: `Who attended: ${e.message}` } : e,
        ),
      );
    return { body: parsed.success ? parsed.data : undefined, errors };
  }

  app.post<IdParams>(
    '/handovers/:id/decision',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const id = req.params.id;
      const h = await db.transaction((tx) => handovers.read(tx, viewer, id));
      const { body, errors } = decisionBody(posted, sites.get(h.toSite)?.model === 'ENHANCED_RECONNECT');
      const render = (extra: Extra) => renderHandover(reply, viewer, id, extra);
      if (errors.length || !body) return render({ posted, errors });
      return orRender(
        async () => {
          const decided = await db.transaction((tx) =>
            handovers.decide(tx, viewer, id, body as Parameters<HandoverService['decide']>[3], version(posted)),
          );
          return reply.redirect(
            decided.receivingEpisodeId ? `/episodes/${decided.receivingEpisodeId}` : `/handovers/${id}`,
            303,
          );
        },
        render,
        posted,
      );
    },
  );

  app.post<IdParams>(
    '/handovers/:id/withdraw',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const id = req.params.id;
      const note = str(posted, 'note');
      return orRender(
        async () => {
          const withdrawn = await db.transaction((tx) =>
            handovers.withdraw(tx, viewer, id, note || undefined, version(posted) || undefined),
          );
          return reply.redirect(withdrawn.episodeId ? `/episodes/${withdrawn.episodeId}/handover` : '/handovers', 303);
        },
        (extra) => renderHandover(reply, viewer, id, extra),
        posted,
      );
    },
  );

  // The sending side: the episode's "Transfer or handover" part.

  async function renderEpisodeHandover(reply: FastifyReply, viewer: Viewer, id: string, extra: Extra = {}) {
    const now = services.clock();
    const { episode, person, requests, destination } = await db.transaction(async (tx) => {
      const read = await episodes.read(tx, viewer, id);
      return {
        episode: read,
        person: (await referralNames(tx, viewer, [read.referralId])).get(read.referralId),
        requests: await handovers.list(tx, viewer, { direction: 'outgoing', episodeId: read.id }),
        destination: await releaseDestinationOf(tx, read.id),
      };
    });
    const own = sites.get(episode.site);
    const covering = destination?.localAuthority
      ? sitesCovering(destination.localAuthority, sites.all(), now).filter((s) => s.code !== episode.site)
      : [];
    const coveringCodes = new Set(covering.map((s) => s.code));
    const posted = extra.posted ?? {};
    const chosenSite = str(posted, 'toSite') || covering[0]?.code || '';
    const others = sites.all().filter((s) => s.code !== episode.site);
    const siteItems = [
      { value: '', text: 'Choose a team' },
      ...[...covering, ...others.filter((s) => !coveringCodes.has(s.code))].map((s) => ({
        value: s.code,
        text: `${s.name}${coveringCodes.has(s.code) ? ` (covers ${destination?.localAuthority})` : ''}`,
        selected: s.code === chosenSite,
      })),
    ];
    const suggestedKind =
      covering[0] && own
        ? own.model === covering[0].model
          ? 'out_of_area'
          : kindBetween(own.model, covering[0].model)
        : '';
    const chosenKind = str(posted, 'kind') || suggestedKind;
    const open = requests.find((r) => r.status === 'requested');
    return reply
      .status(extra.status ?? (extra.errors?.length ? 400 : 200))
      .render('handovers/views/episodeHandover.njk', {
        pageTitle: `Transfer or handover${person ? `: ${person.name}` : ''}`,
        section: 'caseload',
        backHref: `/episodes/${episode.id}`,
        episode,
        person,
        siteName: own?.name ?? episode.site,
        requests: requests.map(row),
        open: open ? row(open) : undefined,
        canRequest: canWorkAt(viewer, episode.site) && episode.status !== 'closed' && !open,
        canWork: canWorkAt(viewer, episode.site),
        destination,
        covering: covering.map((s) => s.name),
        posted,
        ...summaryOf(extra),
        siteItems,
        kindItems: HANDOVER_KINDS.map((k) => ({ value: k, text: KIND_TEXT[k], checked: k === chosenKind })),
      });
  }

  app.get<IdParams>('/episodes/:id/handover', { preHandler: requireSignIn }, async (req, reply) =>
    renderEpisodeHandover(reply, viewerOf(req), req.params.id),
  );

  app.post<IdParams>(
    '/episodes/:id/handover',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const id = req.params.id;
      const render = (extra: Extra) => renderEpisodeHandover(reply, viewer, id, extra);
      const parsed = requestHandoverSchema.safeParse({
        kind: str(posted, 'kind') || undefined,
        toSite: str(posted, 'toSite'),
        reason: str(posted, 'reason'),
        summary: str(posted, 'summary'),
        consentToShare: str(posted, 'consentToShare') === 'yes',
      });
      if (!parsed.success) {
        return render({
          posted,
          errors: fieldErrors(parsed.error).map((e) =>
            e.field === 'kind'
              ? { ...e, message: 'Select what kind of handover this is' }
              : e.field === 'toSite'
                ? { ...e, message: 'Choose the team to hand over to' }
                : e,
          ),
        });
      }
      return orRender(
        async () => {
          const made = await db.transaction((tx) => handovers.request(tx, viewer, id, parsed.data));
          return reply.redirect(`/episodes/${id}/handover#request-${made.id}`, 303);
        },
        render,
        posted,
      );
    },
  );
}
