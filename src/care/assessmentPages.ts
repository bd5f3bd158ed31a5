// The assessment pages: the NHS task list of domains with their statuses, starting and completing an
// assessment, earlier assessments, and one domain's form.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { NotFound, type FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { str, type Posted } from '../web/formFields.ts';
import {
  DOMAINS,
  NEED_LEVEL_LABELS,
  TASK_STATUS_TEXT,
  domainAnswerSchema,
  domainDefinition,
  isDomainCode,
  type DomainCode,
  type DomainDefinition,
} from './domains.ts';
import { answerLines, domainBodyFrom, domainErrorLinks } from './display.ts';
import { domainControls, valuesFromAnswer } from './domainForm.ts';
import type { CareService } from './careService.ts';
import type { AssessmentView } from './presenter.ts';
import { episodeHeader, refusal, versionFrom, type IdParams, type PageMessage } from './pageSupport.ts';

type DomainParams = { Params: { id: string; domain: string } };
const TAG_CLASSES: Record<string, string> = { not_started: 'nhsuk-tag--grey', incomplete: 'nhsuk-tag--blue' };

export function registerAssessmentPages(app: FastifyInstance, services: Services, care: CareService): void {
  const { db } = services;

  async function renderAssessment(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    extra: { number?: string; message?: PageMessage; anchor?: string } = {},
  ) {
    const ctx = await db.transaction(async (tx) => {
      const list = await care.assessments.list(tx, viewer, id);
      const header = await episodeHeader(services, tx, viewer, id);
      const asked = extra.number && list.some((a) => String(a.number) === extra.number) ? extra.number : undefined;
      const chosen = asked ?? String((list.find((a) => a.status === 'in_progress') ?? list[0])?.number ?? '');
      const current = chosen ? await care.assessments.read(tx, viewer, id, chosen) : undefined;
      return { ...header, list, current };
    });
    const { current } = ctx;
    const editable = ctx.canChange && current?.status === 'in_progress';
    const taskItems = current?.progress.items.map((item) => ({
      heading: { text: item.label },
      hint: { text: item.hint },
      ...(editable ? { href: `/episodes/${id}/assessment/${item.domain}` } : {}),
      status:
        item.status === 'completed'
          ? { text: TASK_STATUS_TEXT.completed }
          : { tag: { text: TASK_STATUS_TEXT[item.status], classes: TAG_CLASSES[item.status] } },
    }));
    const errors = extra.message ? [{ text: extra.message.text, href: `#${extra.anchor ?? 'assessment'}` }] : [];
    return reply.status(extra.message?.status ?? 200).render('care/views/assessment.njk', {
      pageTitle: `Assessment${ctx.person ? `: ${ctx.person.name}` : ''}`,
      section: 'caseload',
      backHref: `/episodes/${id}`,
      errors,
      ...ctx,
      taskItems,
      editable,
      findings: current ? findings(current) : [],
      latest: ctx.list[0],
      canStart: ctx.canChange && !ctx.list.some((a) => a.status === 'in_progress'),
      levelText: NEED_LEVEL_LABELS,
      needLabels: Object.fromEntries(DOMAINS.map((d) => [d.code, d.label])),
    });
  }

  app.get<IdParams & { Querystring: { number?: string } }>(
    '/episodes/:id/assessment',
    { preHandler: requireSignIn },
    async (req, reply) =>
      renderAssessment(reply, viewerOf(req), req.params.id, {
        ...(typeof req.query.number === 'string' ? { number: req.query.number } : {}),
      }),
  );

  app.post<IdParams>(
    '/episodes/:id/assessment/start',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const startFrom = str((req.body ?? {}) as Posted, 'startFrom') === 'previous' ? 'previous' : 'blank';
      try {
        await db.transaction((tx) => care.assessments.start(tx, viewer, req.params.id, { startFrom }));
      } catch (error) {
        const refused = refusal(error, 'this assessment');
        return renderAssessment(reply, viewer, req.params.id, {
          anchor: 'start',
          message: refused.message ?? { status: 400, text: refused.errors?.[0]?.message ?? 'There is a problem' },
        });
      }
      return reply.redirect(`/episodes/${req.params.id}/assessment`, 303);
    },
  );

  app.post<IdParams>(
    '/episodes/:id/assessment/complete',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const number = str(posted, 'number');
      try {
        await db.transaction((tx) => care.assessments.complete(tx, viewer, req.params.id, number, versionFrom(posted)));
      } catch (error) {
        const refused = refusal(error, 'this assessment');
        return renderAssessment(reply, viewer, req.params.id, {
          anchor: 'complete',
          message: refused.message ?? { status: 400, text: refused.errors?.[0]?.message ?? 'There is a problem' },
        });
      }
      return reply.redirect(`/episodes/${req.params.id}/assessment`, 303);
    },
  );

  async function renderDomain(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    domain: DomainDefinition,
    extra: { posted?: Posted; errors?: FieldError[]; message?: PageMessage } = {},
  ) {
    const ctx = await db.transaction(async (tx) => {
      const list = await care.assessments.list(tx, viewer, id);
      const header = await episodeHeader(services, tx, viewer, id);
      const open = list.find((a) => a.status === 'in_progress');
      return {
        ...header,
        current:
          open && header.canChange ? await care.assessments.read(tx, viewer, id, String(open.number)) : undefined,
      };
    });
    if (!ctx.current) return reply.redirect(`/episodes/${id}/assessment`, 303);
    const links = domainErrorLinks(extra.errors ?? []);
    const errors = [
      ...(extra.message ? [{ text: extra.message.text, href: '#domain-form' }] : []),
      ...links.map(({ text, href }) => ({ text, href })),
    ];
    const byId = Object.fromEntries(links.map((l) => [l.field, l.text]));
    const values = extra.posted ?? valuesFromAnswer(domain, ctx.current.domains[domain.code]);
    return reply.status(extra.message?.status ?? (errors.length ? 400 : 200)).render('care/views/domain.njk', {
      pageTitle: `${domain.label}: assessment ${ctx.current.number}`,
      section: 'caseload',
      backHref: `/episodes/${id}/assessment`,
      errors,
      ...ctx,
      domain,
      controls: domainControls(domain, values, byId),
    });
  }

  function domainOrThrow(code: string): DomainDefinition {
    if (!isDomainCode(code)) throw new NotFound();
    return domainDefinition(code)!;
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
          care.assessments.saveDomain(
            tx,
            viewer,
            req.params.id,
            str(posted, 'number'),
            domain.code as DomainCode,
            parsed.data,
            versionFrom(posted),
          ),
        );
      } catch (error) {
        const refused = refusal(error, 'this assessment');
        return renderDomain(reply, viewer, req.params.id, domain, {
          ...(refused.message?.status === 412 ? {} : { posted }),
          ...refused,
        });
      }
      return reply.redirect(`/episodes/${req.params.id}/assessment`, 303);
    },
  );
}

/** Each domain's answers as lines, for the summary of an assessment. */
function findings(current: AssessmentView) {
  return DOMAINS.map((d) => ({ code: d.code, label: d.label, lines: answerLines(d, current.domains[d.code]) }));
}
