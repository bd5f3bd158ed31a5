// Episode of care pages (PRODUCT.md journey, steps 3-4): one episode with its contact, release, recall,
// expected release date and extension forms, its recent contacts and its one timeline (newest or oldest
// first), and opening an episode from an accepted referral. Closure has its own page (closurePages.ts).
// Every change goes through the episode service (the same calls as the JSON API); this file only turns
// form fields into the API's bodies and the service's refusals into NHS error summaries.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodType } from 'zod';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { Forbidden, HttpError, type FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { londonDate } from '../identifiers/dates.ts';
import { readinessFor } from '../releasePlanning/queries.ts';
import { timelineQuerySchema } from './schema.ts';
import { isSiteManager } from './episodeAccess.ts';
import { recentContacts } from './contactQueries.ts';
import { presentContact } from './contactText.ts';
import { registerClosurePages } from './closurePages.ts';
import { CLOSURE_REASON_TEXT } from './closureRules.ts';
import type { ClosureReason } from './schema.ts';
import { dateFrom, londonInstant, str, timeFrom, type Posted } from '../web/formFields.ts';
import { STATUS_TEXT, canWorkAt, referralNames, releaseText, staffOf, userNames } from './episodeDisplay.ts';
import { episodeForReferral } from './episodeRepository.ts';
import {
  CONSULTATION_ROLES,
  CONTACT_OUTCOMES,
  CONTACT_TYPES,
  consultationSchema,
  contactSchema,
  expectedReleaseDateSchema,
  extensionSchema,
  recallSchema,
  releaseSchema,
} from './schema.ts';

type IdParams = { Params: { id: string } };
type Action = 'contact' | 'release' | 'recall' | 'extension' | 'releaseDate';

const ATTENDEE_ROWS = 4;

/** Field names of the API bodies → ids of the inputs on the episode page, for the error summary links. */
const FIELD_IDS: Record<Action, Record<string, string>> = {
  contact: {
    at: 'contact-date-day',
    date: 'contact-date-day',
    time: 'contact-time',
    type: 'contact-type',
    outcome: 'contact-outcome',
    durationMinutes: 'contact-duration',
    notes: 'contact-notes',
    present: 'contact-present',
    cancelledReason: 'contact-cancelled-reason',
  },
  release: { releasedOn: 'releasedOn-day', releasedFrom: 'releasedFrom' },
  recall: { on: 'recall-reason', reason: 'recall-reason' },
  extension: { until: 'until-day', reason: 'extension-reason' },
  releaseDate: { expectedReleaseDate: 'expectedReleaseDate-day', reason: 'release-date-reason' },
};
const FORM_ANCHOR: Record<Action, string> = {
  contact: 'record-contact',
  release: 'release',
  recall: 'recall',
  extension: 'extension',
  releaseDate: 'release-date',
};
/** The input of a field path: `present.2` is the "Who was present" box. */
const inputOf = (action: Action, field: string) =>
  FIELD_IDS[action][field] ?? FIELD_IDS[action][field.split('.')[0] ?? ''];

export function registerEpisodePages(app: FastifyInstance, services: Services): void {
  const { db, episodes, referrals: referralService, sites } = services;

  async function renderEpisode(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    extra: {
      errors?: FieldError[];
      action?: Action;
      posted?: Posted;
      status?: number;
      message?: string;
      order?: 'oldest' | 'newest';
    } = {},
  ) {
    const order = extra.order ?? 'newest';
    const { view, timeline, names, leads, contacts, releaseDates, readiness } = await db.transaction(async (tx) => {
      const read = await episodes.read(tx, viewer, id);
      const recent = await recentContacts(tx, read.id);
      return {
        view: read,
        timeline: await episodes.timeline(tx, viewer, id, order),
        names: await referralNames(tx, viewer, [read.referralId]),
        leads: await userNames(tx, [
          ...(read.leadWorkerId ? [read.leadWorkerId] : []),
          ...recent.map((c) => c.recordedBy),
        ]),
        contacts: recent.map(presentContact),
        releaseDates: await episodes.expectedReleaseDates(tx, viewer, id),
        readiness:
          read.status === 'closed'
            ? undefined
            : (await readinessFor(tx, [read.id], sites.all(), services.clock())).get(read.id),
      };
    });
    const action = extra.action;
    const fieldId = (field: string) => (action ? inputOf(action, field) : undefined);
    const errors = (extra.errors ?? []).map((e) => ({
      text: e.message,
      href: `#${fieldId(e.field) ?? (action ? FORM_ANCHOR[action] : 'main-content')}`,
    }));
    if (extra.message)
      errors.unshift({ text: extra.message, href: `#${action ? FORM_ANCHOR[action] : 'main-content'}` });
    const consultation = consultationSchema.safeParse(view.consultation);
    const person = names.get(view.referralId);
    return reply.status(extra.status ?? (errors.length ? 400 : 200)).render('episodes/views/episode.njk', {
      pageTitle: `Episode of care${person ? `: ${person.name}` : ''}`,
      section: 'caseload',
      backHref: '/caseload',
      episode: view,
      person,
      statusText: STATUS_TEXT[view.status],
      releaseText: releaseText(view),
      closedReasonText: view.closedReason
        ? (CLOSURE_REASON_TEXT[view.closedReason as ClosureReason] ?? view.closedReason)
        : undefined,
      leadWorker: view.leadWorkerId ? leads.get(view.leadWorkerId) : undefined,
      consultation: consultation.success ? consultation.data : undefined,
      siteName: sites.get(view.site)?.name ?? view.site,
      timeline,
      order,
      errors,
      action,
      posted: extra.posted ?? {},
      fieldErrors: Object.fromEntries(
        (extra.errors ?? []).map((e) => [`${action}.${fieldId(e.field) ?? e.field}`, e.message]),
      ),
      canWork: canWorkAt(viewer, view.site),
      isManager: isSiteManager(viewer, view.site),
      today: londonDate(services.clock()),
      contactTypes: CONTACT_TYPES,
      contactOutcomes: CONTACT_OUTCOMES,
      contacts: contacts.map((c) => ({ ...c, by: leads.get(c.recordedBy) })),
      releaseDates,
      readiness,
    });
  }

  /** Newest first by default on the page (what happened lately matters most); `?order=oldest` reads it as a story. */
  app.get<IdParams>('/episodes/:id', { preHandler: requireSignIn }, async (req, reply) => {
    const query = timelineQuerySchema.safeParse(req.query);
    return renderEpisode(reply, viewerOf(req), req.params.id, {
      order: query.success ? (query.data.order ?? 'newest') : 'newest',
    });
  });

  /** Runs one change; refusals become the episode page again with the NHS error summary. */
  async function change(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    action: Action,
    posted: Posted,
    run: () => Promise<unknown>,
  ) {
    try {
      await run();
    } catch (error) {
      if (error instanceof HttpError && error.statusCode === 412) {
        return renderEpisode(reply, viewer, id, {
          action,
          status: 412,
          message:
            'Someone else changed this episode after you opened it, so your change was not saved. Check the episode below, then try again.',
        });
      }
      if (error instanceof HttpError && error.statusCode === 409)
        return renderEpisode(reply, viewer, id, { action, posted, status: 409, message: error.message });
      if (error instanceof HttpError && error.statusCode === 400)
        return renderEpisode(reply, viewer, id, { action, posted, errors: error.errors });
      throw error;
    }
    return reply.redirect(`/episodes/${id}#${action === 'contact' ? 'recent-contacts' : 'status'}`, 303);
  }

  function parsed<T>(schema: ZodType<T>, input: unknown): { data: T; errors?: undefined } | { errors: FieldError[] } {
    const result = schema.safeParse(input);
    return result.success ? { data: result.data } : { errors: fieldErrors(result.error) };
  }

  const version = (posted: Posted) => {
    const n = Number(str(posted, 'version'));
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };

  app.post<IdParams>(
    '/episodes/:id/contacts',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const errors: FieldError[] = [];
      const date = dateFrom(posted, 'contact-date', 'the date of the contact');
      if ('error' in date) errors.push({ field: 'date', message: date.error });
      const rawTime = str(posted, 'contact-time');
      const time = timeFrom(rawTime);
      if (!time)
        errors.push({
          field: 'time',
          message: rawTime ? 'Enter the time like 14:30 or 2:30pm' : 'Enter the time of the contact',
        });
      const type = str(posted, 'type');
      if (!(CONTACT_TYPES as readonly string[]).includes(type))
        errors.push({ field: 'type', message: 'Select the type of contact' });
      const outcome = str(posted, 'outcome');
      if (!(CONTACT_OUTCOMES as readonly string[]).includes(outcome))
        errors.push({ field: 'outcome', message: 'Select what happened' });
      const rawDuration = str(posted, 'durationMinutes');
      if (rawDuration && !/^\d+$/.test(rawDuration))
        errors.push({ field: 'durationMinutes', message: 'Enter the duration as a whole number of minutes, like 45' });
      const cancelledReason = str(posted, 'cancelledReason');
      if (outcome === 'cancelled' && !cancelledReason)
        errors.push({ field: 'cancelledReason', message: 'Enter why the contact was cancelled' });
      // One person a line (names and roles as the worker writes them).
      const present = str(posted, 'present')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
      if (errors.length) return renderEpisode(reply, viewer, req.params.id, { action: 'contact', posted, errors });
      const notes = str(posted, 'notes');
      const body = parsed(contactSchema, {
        at: 'iso' in date && time ? londonInstant(date.iso, time) : '',
        type,
        outcome,
        ...(rawDuration ? { durationMinutes: Number(rawDuration) } : {}),
        ...(notes ? { notes } : {}),
        ...(present.length ? { present } : {}),
        ...(outcome === 'cancelled' ? { cancelledReason } : {}),
      });
      if (body.errors)
        return renderEpisode(reply, viewer, req.params.id, { action: 'contact', posted, errors: body.errors });
      const at = new Date(body.data.at);
      if (at.getTime() > services.clock().getTime()) {
        return renderEpisode(reply, viewer, req.params.id, {
          action: 'contact',
          posted,
          errors: [{ field: 'date', message: 'The date and time of the contact must be now or in the past' }],
        });
      }
      return change(reply, viewer, req.params.id, 'contact', posted, () =>
        db.transaction((tx) => episodes.addContact(tx, viewer, req.params.id, body.data)),
      );
    },
  );

  app.post<IdParams>(
    '/episodes/:id/release',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const errors: FieldError[] = [];
      const date = dateFrom(posted, 'releasedOn', 'the date of release');
      if ('error' in date) errors.push({ field: 'releasedOn', message: date.error });
      const from = str(posted, 'releasedFrom');
      if (from !== 'prison' && from !== 'court')
        errors.push({ field: 'releasedFrom', message: 'Select where they were released from' });
      if (errors.length || !('iso' in date))
        return renderEpisode(reply, viewer, req.params.id, { action: 'release', posted, errors });
      const body = parsed(releaseSchema, { releasedOn: date.iso, releasedFrom: from });
      if (body.errors)
        return renderEpisode(reply, viewer, req.params.id, { action: 'release', posted, errors: body.errors });
      return change(reply, viewer, req.params.id, 'release', posted, () =>
        db.transaction((tx) => episodes.release(tx, viewer, req.params.id, body.data, version(posted))),
      );
    },
  );

  app.post<IdParams>(
    '/episodes/:id/recall',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const body = parsed(recallSchema, { reason: str(posted, 'reason') });
      if (body.errors)
        return renderEpisode(reply, viewer, req.params.id, { action: 'recall', posted, errors: body.errors });
      return change(reply, viewer, req.params.id, 'recall', posted, () =>
        db.transaction((tx) => episodes.recall(tx, viewer, req.params.id, body.data, version(posted))),
      );
    },
  );

  app.post<IdParams>(
    '/episodes/:id/extension',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const errors: FieldError[] = [];
      const date = dateFrom(posted, 'until', 'the new end of support');
      if ('error' in date) errors.push({ field: 'until', message: date.error });
      const reason = str(posted, 'reason');
      if (!reason) errors.push({ field: 'reason', message: 'Enter the reason for extending support' });
      if (errors.length || !('iso' in date))
        return renderEpisode(reply, viewer, req.params.id, { action: 'extension', posted, errors });
      const body = parsed(extensionSchema, { until: date.iso, reason });
      if (body.errors)
        return renderEpisode(reply, viewer, req.params.id, { action: 'extension', posted, errors: body.errors });
      return change(reply, viewer, req.params.id, 'extension', posted, () =>
        db.transaction((tx) => episodes.extend(tx, viewer, req.params.id, body.data, version(posted))),
      );
    },
  );

  app.post<IdParams>(
    '/episodes/:id/expected-release-date',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const errors: FieldError[] = [];
      const date = dateFrom(posted, 'expectedReleaseDate', 'the expected release date');
      if ('error' in date) errors.push({ field: 'expectedReleaseDate', message: date.error });
      const reason = str(posted, 'reason');
      if (!reason) errors.push({ field: 'reason', message: 'Enter the reason the expected release date changed' });
      if (errors.length || !('iso' in date))
        return renderEpisode(reply, viewer, req.params.id, { action: 'releaseDate', posted, errors });
      const body = parsed(expectedReleaseDateSchema, { expectedReleaseDate: date.iso, reason });
      if (body.errors)
        return renderEpisode(reply, viewer, req.params.id, { action: 'releaseDate', posted, errors: body.errors });
      return change(reply, viewer, req.params.id, 'releaseDate', posted, () =>
        db.transaction((tx) => episodes.setExpectedReleaseDate(tx, viewer, req.params.id, body.data, version(posted))),
      );
    },
  );

  registerClosurePages(app, services);

  // Opening an episode from an accepted referral.

  async function renderNew(
    reply: FastifyReply,
    viewer: Viewer,
    referralId: string,
    extra: { errors?: FieldError[]; posted?: Posted; status?: number; message?: string } = {},
  ) {
    const referral = await referralService.read(db, viewer, referralId);
    if (!canWorkAt(viewer, referral.site))
      throw new Forbidden('Only the site’s practitioners and managers can open an episode of care');
    const existing = await episodeForReferral(db, referral.id);
    if (existing && !extra.message) return reply.redirect(`/episodes/${existing.id}`, 303);
    const enhanced = sites.get(referral.site)?.model === 'ENHANCED_RECONNECT';
    const staff = enhanced ? [] : await staffOf(db, referral.site);
    const posted = extra.posted ?? {};
    const errors = (extra.errors ?? []).map((e) => ({ text: e.message, href: `#${e.field}` }));
    if (extra.message)
      errors.unshift({ text: extra.message, href: enhanced ? '#consultation-date-day' : '#leadWorkerId' });
    const chosenLead = str(posted, 'leadWorkerId') || viewer.id;
    return reply.status(extra.status ?? (errors.length ? 400 : 200)).render('episodes/views/new.njk', {
      pageTitle: enhanced ? 'Record the consultation meeting' : 'Open an episode of care',
      section: 'caseload',
      backHref: `/referrals/${referral.id}`,
      referral,
      enhanced,
      errors,
      posted,
      accepted: referral.status === 'accepted',
      fieldErrors: Object.fromEntries((extra.errors ?? []).map((e) => [e.field, e.message])),
      rows: Array.from({ length: ATTENDEE_ROWS }, (_, i) => i + 1),
      roles: CONSULTATION_ROLES.map((value) => ({ value, text: ROLE_TEXT[value] })),
      staff: staff.map((s) => ({
        value: s.id,
        text: s.id === viewer.id ? `${s.name} (you)` : s.name,
        checked: s.id === chosenLead,
      })),
    });
  }

  app.get<IdParams>('/referrals/:id/episode/new', { preHandler: requireSignIn }, async (req, reply) =>
    renderNew(reply, viewerOf(req), req.params.id),
  );

  app.post<IdParams>(
    '/referrals/:id/episode',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const referral = await referralService.read(db, viewer, req.params.id);
      const enhanced = sites.get(referral.site)?.model === 'ENHANCED_RECONNECT';
      let body: {
        referralId: string;
        consultation?: ReturnType<typeof consultationSchema.parse>;
        leadWorkerId?: string;
      };
      if (enhanced) {
        const errors: FieldError[] = [];
        const date = dateFrom(posted, 'consultation-date', 'the date of the meeting');
        if ('error' in date) errors.push({ field: 'consultation-date-day', message: date.error });
        const rowsUsed: number[] = [];
        const attendees = [];
        for (let row = 1; row <= ATTENDEE_ROWS; row++) {
          const attendee = {
            role: str(posted, `attendee-${row}-role`),
            name: str(posted, `attendee-${row}-name`),
            organisation: str(posted, `attendee-${row}-organisation`),
          };
          if (!attendee.name && !attendee.organisation) continue;
          rowsUsed.push(row);
          attendees.push(attendee);
        }
        const decision = str(posted, 'decision');
        if (decision !== 'accept' && decision !== 'decline')
          errors.push({ field: 'decision', message: 'Select the decision of the meeting' });
        const result = consultationSchema.safeParse({
          date: 'iso' in date ? date.iso : '2000-01-01',
          attendees,
          decision: decision || 'accept',
          rationale: str(posted, 'rationale'),
        });
        if (!result.success) {
          for (const e of fieldErrors(result.error)) {
            const [head, index, field] = e.field.split('.');
            if (head === 'attendees' && index !== undefined && field)
              errors.push({
                field: `attendee-${rowsUsed[Number(index)]}-${field}`,
                message: `Attendee ${rowsUsed[Number(index)]}: ${e.message}`,
              });
            else if (head === 'attendees')
              errors.push({ field: 'attendee-1-name', message: 'Enter at least one person who attended the meeting' });
            else if (head === 'rationale') errors.push({ field: 'rationale', message: e.message });
          }
        }
        if (errors.length || !result.success) return renderNew(reply, viewer, req.params.id, { posted, errors });
        body = { referralId: referral.id, consultation: result.data };
      } else {
        const lead = str(posted, 'leadWorkerId');
        body = { referralId: referral.id, ...(lead && lead !== viewer.id ? { leadWorkerId: lead } : {}) };
      }
      try {
        const result = await db.transaction((tx) => episodes.open(tx, viewer, body));
        if (result.declined) return reply.redirect(`/referrals/${referral.id}`, 303);
        return reply.redirect(`/episodes/${result.episode.id}`, 303);
      } catch (error) {
        if (error instanceof HttpError && error.statusCode === 409)
          return renderNew(reply, viewer, req.params.id, { posted, status: 409, message: error.message });
        if (error instanceof HttpError && error.statusCode === 400) {
          const errors = error.errors.map((e) => ({
            field:
              e.field === 'consultation.date'
                ? 'consultation-date-day'
                : e.field === 'leadWorkerId'
                  ? 'leadWorkerId'
                  : 'consultation-date-day',
            message:
              e.message === 'Must be today or in the past'
                ? 'The date of the meeting must be today or in the past'
                : e.message,
          }));
          return renderNew(reply, viewer, req.params.id, { posted, errors });
        }
        throw error;
      }
    },
  );
}

const ROLE_TEXT: Record<(typeof CONSULTATION_ROLES)[number], string> = {
  com: 'Community offender manager (COM)',
  pom: 'Prison offender manager (POM)',
  practitioner: 'Enhanced RECONNECT practitioner',
  other: 'Other agency',
};
