// The assessment pages: the NHS task list of domains with their statuses, starting and completing an
// assessment, earlier assessments, and one domain's form.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { NotFound, type FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { str, type Posted } from '../web/formFields.ts';
import { domainOf, type DomainDefinition } from './domains.ts';
import { domainAnswerSchema } from './schema.ts';
import { domainBodyFrom, domainFormView } from './assessmentForms.ts';
import { refusal, versionFrom, type PageMessage } from './forms.ts';

type IdParams = { Params: { id: string } };
type DomainParams = { Params: { id: string; domain: string } };

function domainOrThrow(code: string) {
  const domain = domainOf(code);
  if (!domain) throw new NotFound();
  return domain;
}

export function registerAssessmentPages(app: FastifyInstance, { db, assessments }: Services): void {
  async function renderAssessment(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    extra: { number?: string | undefined; message?: PageMessage; anchor?: string } = {},
  ) {
    const model = await db.transaction((tx) => assessments.page(tx, viewer, id, extra.number));
    const errors = extra.message ? [{ text: extra.message.text, href: `#${extra.anchor ?? 'assessment'}` }] : [];
    return reply.status(extra.message?.status ?? 200).render('care/views/assessment.njk', { ...model, errors });
  }

  /** A refused start or completion: its message on the assessment page, by the form that was refused. */
  function refused(reply: FastifyReply, viewer: Viewer, id: string, anchor: string, error: unknown) {
    const { message, errors } = refusal(error, 'this assessment');
    return renderAssessment(reply, viewer, id, {
      anchor,
      message: message ?? { status: 400, text: errors?.[0]?.message ?? 'There is a problem' },
    });
  }

  app.get<IdParams & { Querystring: { number?: string } }>(
    '/episodes/:id/assessment',
    { preHandler: requireSignIn },
    async (req, reply) =>
      renderAssessment(reply, viewerOf(req), req.params.id, {
        number: typeof req.query.number === 'string' ? req.query.number : undefined,
      }),
  );

  app.post<IdParams>(
    '/episodes/:id/assessment/start',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const startFrom = str((req.body ?? {}) as Posted, 'startFrom') === 'previous' ? 'previous' : 'blank';
      try {
        await db.transaction((tx) => assessments.start(tx, viewer, req.params.id, { startFrom }));
      } catch (error) {
        return refused(reply, viewer, req.params.id, 'start', error);
      }
      return reply.redirectSaved('assessmentStarted', `/episodes/${req.params.id}/assessment`);
    },
  );

  app.post<IdParams>(
    '/episodes/:id/assessment/complete',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      try {
        await db.transaction((tx) =>
          assessments.complete(tx, viewer, req.params.id, str(posted, 'number'), versionFrom(posted)),
        );
      } catch (error) {
        return refused(reply, viewer, req.params.id, 'complete', error);
      }
      return reply.redirectSaved('assessmentCompleted', `/episodes/${req.params.id}/assessment`);
    },
  );

  async function renderDomain(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    domain: DomainDefinition,
    extra: { posted?: Posted | undefined; errors?: FieldError[] | undefined; message?: PageMessage | undefined } = {},
  ) {
    const model = await db.transaction((tx) => assessments.domainPage(tx, viewer, id, domain));
    if (!model) return reply.redirect(`/episodes/${id}/assessment`, 303);
    const { status, ...form } = domainFormView(domain, model.current.domains[domain.code], extra);
    return reply.status(status).render('care/views/domain.njk', { ...model, ...form });
  }

  app.get<DomainParams>('/episodes/:id/assessment/:domain', { preHandler: requireSignIn }, async (req, reply) =>
    renderDomain(reply, viewerOf(req), req.params.id, domainOrThrow(req.params.domain)),
  );

  app.post<DomainParams>(
    '/episodes/:id/assessment/:domain',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const domain = domainOrThrow(req.params.domain);
      const posted = (req.body ?? {}) as Posted;
      const parsed = domainAnswerSchema(domain).safeParse(domainBodyFrom(domain, posted));
      if (!parsed.success)
        return renderDomain(reply, viewer, req.params.id, domain, { posted, errors: fieldErrors(parsed.error) });
      try {
        await db.transaction((tx) =>
          assessments.saveDomain(
            tx,
            viewer,
            req.params.id,
            str(posted, 'number'),
            domain.code,
            parsed.data,
            versionFrom(posted),
          ),
        );
      } catch (error) {
        const refused = refusal(error, 'this assessment');
        // A stale form shows the assessment as it is now; any other refusal keeps what was typed.
        return renderDomain(reply, viewer, req.params.id, domain, {
          ...(refused.message?.status === 412 ? {} : { posted }),
          ...refused,
        });
      }
      return reply.redirectSaved('assessmentSaved', `/episodes/${req.params.id}/assessment`);
    },
  );
}
