// The case study pages (issue 15, seed 002): an episode's case studies and the button to draft one; a case
// study's page, where a manager edits the draft's sections ("someone else changed this" when stale), approves
// it (the NHS error summary names what still identifies the person), and downloads the approved PDF. The forms
// make the same service calls as the JSON API.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { HttpError, type FieldError } from '../http/errors.ts';
import { str, type Posted } from '../web/formFields.ts';
import { parseOrThrow } from '../http/validation.ts';
import { caseStudyEditSchema, SECTION_NAMES } from './schema.ts';

type IdParams = { Params: { id: string } };
type Extra = {
  errors?: FieldError[];
  posted?: Posted;
  status?: number;
  message?: string;
  approvedNow?: boolean;
};

const STALE =
  'Someone else changed this case study after you opened it, so your change was not saved. Check it below, then try again.';

export const SECTION_LABELS: Record<(typeof SECTION_NAMES)[number], { label: string; hint: string; rows: number }> = {
  title: { label: 'Title', hint: 'No names, places below region or dates', rows: 1 },
  background: {
    label: 'Background',
    hint: 'Age band, needs and the service: nothing that identifies the person',
    rows: 6,
  },
  whatHappened: { label: 'What happened', hint: 'Dates relative to release, agencies by type', rows: 14 },
  missedOpportunities: {
    label: 'Missed opportunities',
    hint: 'The safety-net items raised and when they were cleared',
    rows: 8,
  },
  lessons: { label: 'Lessons', hint: 'Write each lesson in place of “[Write here]”', rows: 10 },
};

export function registerCaseStudyPages(app: FastifyInstance, { db, caseStudies, sites }: Services): void {
  async function renderCaseStudy(reply: FastifyReply, viewer: Viewer, id: string, extra: Extra = {}) {
    const study = await db.transaction((tx) => caseStudies.read(tx, viewer, id));
    // Someone may have approved it since the form was opened: then there is no form to point at or to fill with
    // what was posted, and the page shows the approved text, its status first.
    const editable = study.status !== 'approved' && study.allowed.edit;
    const sectionField = (field: string) => editable && (SECTION_NAMES as readonly string[]).includes(field);
    const errors = (extra.errors ?? []).map((e) => ({
      text: e.message,
      href: sectionField(e.field) ? `#${e.field}` : editable ? '#case-study-form' : '#case-study-status',
    }));
    if (extra.message)
      errors.unshift({ text: extra.message, href: editable ? '#case-study-form' : '#case-study-status' });
    const values = Object.fromEntries(
      SECTION_NAMES.map((k) => [
        k,
        editable && typeof extra.posted?.[k] === 'string' ? extra.posted[k] : study.sections[k],
      ]),
    );
    return reply.status(extra.status ?? (errors.length ? 400 : 200)).render('caseStudies/views/caseStudy.njk', {
      pageTitle: study.sections.title,
      study,
      approved: study.status === 'approved',
      sections: SECTION_NAMES.map((name) => ({ name, ...SECTION_LABELS[name], value: values[name] })),
      errors,
      approvedNow: extra.approvedNow === true && study.status === 'approved',
      fieldErrors: Object.fromEntries((extra.errors ?? []).map((e) => [e.field, e.message])),
    });
  }

  app.get<IdParams>('/episodes/:id/case-studies', { preHandler: requireSignIn }, async (req, reply) => {
    const page = await db.transaction((tx) => caseStudies.listForEpisode(tx, viewerOf(req), req.params.id));
    return reply.render('caseStudies/views/list.njk', {
      pageTitle: `Case studies: ${page.episode.personName}`,
      siteName: sites.get(page.episode.siteCode)?.name ?? page.episode.siteCode,
      ...page,
    });
  });

  app.post<IdParams>(
    '/episodes/:id/case-studies',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const posted = (req.body ?? {}) as Posted;
      const chosen = str(posted, 'gender');
      const gender = chosen === 'male' || chosen === 'female' ? chosen : null;
      const made = await db.transaction((tx) => caseStudies.generate(tx, viewerOf(req), req.params.id, { gender }));
      return reply.redirect(`/case-studies/${made.id}`, 303);
    },
  );

  app.get<IdParams & { Querystring: { approved?: string } }>(
    '/case-studies/:id',
    { preHandler: requireSignIn },
    async (req, reply) =>
      renderCaseStudy(reply, viewerOf(req), req.params.id, {
        approvedNow: req.query.approved === '1',
      }),
  );

  app.post<IdParams>(
    '/case-studies/:id',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const id = req.params.id;
      const posted = (req.body ?? {}) as Posted;
      const edit = Object.fromEntries(SECTION_NAMES.map((k) => [k, str(posted, k)]));
      const version = Number(str(posted, 'version'));
      try {
        const body = parseOrThrow(caseStudyEditSchema, edit);
        await db.transaction((tx) =>
          caseStudies.update(tx, viewer, id, body, Number.isInteger(version) && version > 0 ? version : undefined),
        );
      } catch (error) {
        if (error instanceof HttpError && (error.statusCode === 412 || error.statusCode === 428))
          return renderCaseStudy(reply, viewer, id, { status: 412, message: STALE, posted });
        if (error instanceof HttpError && (error.statusCode === 400 || error.statusCode === 409))
          return renderCaseStudy(reply, viewer, id, { posted, errors: error.errors, status: error.statusCode });
        throw error;
      }
      // The success banner says it was saved (web/saved.ts), as after every other save.
      return reply.redirectSaved('caseStudy', `/case-studies/${id}`);
    },
  );

  app.post<IdParams>(
    '/case-studies/:id/approve',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const id = req.params.id;
      const posted = (req.body ?? {}) as Posted;
      const version = Number(str(posted, 'version'));
      try {
        await db.transaction((tx) =>
          caseStudies.approve(tx, viewer, id, Number.isInteger(version) && version > 0 ? version : undefined),
        );
      } catch (error) {
        if (error instanceof HttpError && error.statusCode === 412)
          return renderCaseStudy(reply, viewer, id, { status: 412, message: STALE });
        if (error instanceof HttpError && (error.statusCode === 400 || error.statusCode === 409))
          return renderCaseStudy(reply, viewer, id, { errors: error.errors, status: error.statusCode });
        throw error;
      }
      return reply.redirect(`/case-studies/${id}?approved=1`, 303);
    },
  );

  app.get<IdParams>('/case-studies/:id/download', { preHandler: requireSignIn }, async (req, reply) => {
    const pdf = await db.transaction((tx) => caseStudies.pdf(tx, viewerOf(req), req.params.id));
    return reply
      .type('application/pdf')
      .header('content-disposition', 'attachment; filename="case-study.pdf"')
      .header('cache-control', 'no-store')
      .send(pdf);
  });
}
