// The meetings pages: an episode's meetings with the open actions of all of them, recording a meeting with
// its attendees and actions, a meeting's record (which prints as the minutes), "my actions", and an action's
// page where it is closed with a note. Each form is the same service call as the JSON API.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { HttpError, type FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { str, type Posted } from '../web/formFields.ts';
import { actionFormItems, formAction, meetingBodyOf, meetingFormView, meetingInputId } from './forms.ts';
import { actionListSchema, actionUpdateSchema, meetingSchema } from './schema.ts';
import type { ActionStatus } from './rules.ts';

type WithId = { Params: { id: string } };

export function registerMeetingPages(app: FastifyInstance, services: Services): void {
  const { db, meetings, actions, sites } = services;
  const siteName = (code: string) => sites.get(code)?.name ?? code;

  app.navCounters.push({ name: 'actions', queries: (viewer, now) => actions.myOverdueCountQueries(viewer, now) });

  app.get<WithId>('/episodes/:id/meetings', { preHandler: requireSignIn }, async (req, reply) => {
    const page = await db.transaction((tx) => meetings.meetingsPage(tx, viewerOf(req), req.params.id));
    return reply.render('meetings/views/meetings.njk', {
      pageTitle: `Meetings: ${page.episode.personName}`,
      section: 'caseload',
      episodeNavCurrent: 'meetings',
      siteName: siteName(page.episode.siteCode),
      ...page,
    });
  });

  async function renderForm(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    posted: Posted,
    extra: {
      summary?: { text: string; href: string }[];
      ids?: ReadonlyMap<string, string>;
      addRow?: 'attendee' | 'action';
      status?: number;
    } = {},
  ) {
    const ctx = await db.transaction((tx) => meetings.formContext(tx, viewer, id));
    const formCtx = { teamName: siteName(ctx.episode.siteCode), partners: ctx.partners, staff: ctx.staff };
    const summary = extra.summary ?? [];
    return reply.status(extra.status ?? (summary.length ? 400 : 200)).render('meetings/views/meetingForm.njk', {
      pageTitle: 'Record a meeting',
      section: 'caseload',
      backHref: `/episodes/${id}/meetings`,
      episode: ctx.episode,
      siteName: formCtx.teamName,
      form: meetingFormView(posted, formCtx, extra.ids ?? new Map(), extra.addRow),
      errors: summary,
    });
  }

  app.get<WithId>('/episodes/:id/meetings/new', { preHandler: requireSignIn }, async (req, reply) =>
    renderForm(reply, viewerOf(req), req.params.id, {}),
  );

  app.post<WithId>(
    '/episodes/:id/meetings/new',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const id = req.params.id;
      const what = formAction(posted);
      if (what !== 'save')
        return renderForm(reply, viewer, id, posted, { addRow: what === 'add-attendee' ? 'attendee' : 'action' });
      const ctx = await db.transaction((tx) => meetings.formContext(tx, viewer, id));
      const parsed = meetingBodyOf(posted, {
        teamName: siteName(ctx.episode.siteCode),
        partners: ctx.partners,
        staff: ctx.staff,
      });
      const checked = meetingSchema.safeParse(parsed.body);
      const typed = new Set(parsed.errors.map((e) => e.field));
      let errors = [
        ...parsed.errors,
        ...(checked.success ? [] : fieldErrors(checked.error).filter((e) => !typed.has(e.field))),
      ];
      let status = 400;
      let meetingId: string | undefined;
      if (!errors.length && checked.success) {
        try {
          meetingId = (await db.transaction((tx) => meetings.record(tx, viewer, id, checked.data))).id;
        } catch (error) {
          if (!(error instanceof HttpError) || error.statusCode !== 400) throw error;
          errors = error.errors;
          status = error.statusCode;
        }
      }
      if (meetingId) return reply.redirectSaved('meeting', `/meetings/${meetingId}`);
      const located = errors.map((e) => ({ id: meetingInputId(e.field, parsed), message: e.message }));
      return renderForm(reply, viewer, id, posted, {
        summary: located.map((e) => ({ text: e.message, href: `#${e.id}` })),
        ids: new Map(located.map((e) => [e.id, e.message])),
        status,
      });
    },
  );

  app.get<WithId>('/meetings/:id', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    const page = await db.transaction(async (tx) => {
      const read = await meetings.meetingPage(tx, viewer, req.params.id);
      // A meeting is a page of the person's record: the banner says whom it is about (issue 10).
      return { ...read, personBanner: await services.personBanners.ofEpisode(tx, viewer, read.episode.id) };
    });
    return reply.render('meetings/views/meeting.njk', {
      pageTitle: `${page.meeting.title}: ${page.episode.personName}`,
      section: 'caseload',
      backHref: `/episodes/${page.episode.id}/meetings`,
      siteName: siteName(page.episode.siteCode),
      ...page,
    });
  });

  app.get('/actions', { preHandler: requireSignIn }, async (req, reply) => {
    const { status } = actionListSchema.catch({ status: 'open' }).parse(req.query ?? {});
    const page = await db.transaction((tx) => actions.myActionsPage(tx, viewerOf(req), status));
    return reply.render('meetings/views/myActions.njk', { pageTitle: 'My actions', section: 'actions', ...page });
  });

  async function renderAction(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    extra: { errors?: FieldError[]; posted?: Posted; status?: number } = {},
  ) {
    const page = await db.transaction(async (tx) => {
      const read = await actions.actionPage(tx, viewer, id);
      return { ...read, personBanner: await services.personBanners.ofEpisode(tx, viewer, read.episode.id) };
    });
    const errors = extra.errors ?? [];
    const posted = extra.posted ?? {};
    return reply.status(extra.status ?? (errors.length ? 400 : 200)).render('meetings/views/action.njk', {
      pageTitle: `Action: ${page.episode.personName}`,
      section: 'actions',
      backHref: `/meetings/${page.meeting.id}`,
      siteName: siteName(page.episode.siteCode),
      ...page,
      statusItems: actionFormItems(page.action.status as ActionStatus, str(posted, 'status')),
      note: str(posted, 'note'),
      noteError: errors.find((e) => e.field === 'note')?.message,
      errors: errors.map((e) => ({ text: e.message, href: e.field === 'note' ? '#note' : '#status' })),
    });
  }

  app.get<WithId>('/actions/:id', { preHandler: requireSignIn }, async (req, reply) =>
    renderAction(reply, viewerOf(req), req.params.id),
  );

  app.post<WithId>(
    '/actions/:id',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const input = actionUpdateSchema.safeParse({
        status: str(posted, 'status') || undefined,
        note: str(posted, 'note'),
      });
      if (!input.success)
        return renderAction(reply, viewer, req.params.id, { errors: fieldErrors(input.error), posted });
      try {
        await db.transaction((tx) =>
          actions.update(tx, viewer, req.params.id, input.data, Number(posted.version) || 0),
        );
      } catch (error) {
        if (!(error instanceof HttpError) || error.statusCode !== 412) throw error;
        return renderAction(reply, viewer, req.params.id, {
          status: 412,
          errors: [
            {
              field: 'status',
              message:
                'Someone else changed this action after you opened it. Nothing was saved; it is shown as it is now.',
            },
          ],
        });
      }
      return reply.redirectSaved('meetingAction', `/actions/${req.params.id}`);
    },
  );
}
