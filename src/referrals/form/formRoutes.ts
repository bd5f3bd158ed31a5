// The referral form pages: start, one page per step, check your answers, confirmation.
// Every page works without JavaScript; errors use the NHS error summary linked to each field.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { requireSignIn, viewerOf } from '../../access/request.ts';
import type { Viewer } from '../../access/viewer.ts';
import { can } from '../../access/policy.ts';
import { Forbidden, NotFound, type FieldError } from '../../http/errors.ts';
import { fieldErrors } from '../../http/validation.ts';
import { formatDate } from '../../web/format.ts';
import { eligibilityFactsSchema, makeReferralBodySchema } from '../schema.ts';
import { displayAnswer, displayValues, fieldId, readStep, textOf, type Data } from './fieldCodec.ts';
import { stepsFor, type Step } from './steps.ts';
import { policyInForce } from '../../sites/policy.ts';

type IdParams = { Params: { id: string; slug?: string } };

function errorSummary(errors: FieldError[], steps: Step[]) {
  return errors.map((e) => {
    // "At least one identifier" is reported on `person`; it belongs to the NHS number on the identifiers page.
    if (e.field === 'person') e = { ...e, field: 'person.nhsNumber' };
    const step = steps.find((s) => s.fields.some((f) => e.field.startsWith(f.name)));
    const field = step?.fields.find((f) => e.field.startsWith(f.name));
    const anchor = field ? fieldId(field.name) + (field.kind === 'date' ? '-day' : '') : fieldId(e.field);
    return { text: e.message, href: `#${anchor}`, field: e.field, step: step?.slug };
  });
}

/** Which schema issues belong on this step's page. "At least one identifier" sits on the identifiers page. */
function issuesForStep(all: FieldError[], step: Step): FieldError[] {
  return all.filter(
    (e) =>
      step.fields.some((f) => e.field === f.name || e.field.startsWith(`${f.name}.`)) ||
      (step.slug === 'identifiers' && e.field === 'person'),
  );
}

export function registerReferralFormPages(app: FastifyInstance, services: Services): void {
  const { db, drafts, referrals, sites, clock } = services;

  const siteOptions = () =>
    sites.all().map((s) => ({
      value: s.code,
      text: s.name,
      hint: s.model === 'ENHANCED_RECONNECT' ? 'Enhanced RECONNECT' : 'RECONNECT',
    }));
  const stepsOf = (data: Data) =>
    stepsFor(sites.get(textOf(data.site))?.model).map((s) =>
      s.slug === 'site' ? { ...s, fields: s.fields.map((f) => ({ ...f, options: siteOptions() })) } : s,
    );
  const screeningHoursOf = (code: string) => {
    const site = sites.get(code);
    return site ? policyInForce(site, clock())?.screeningHours : undefined;
  };
  const validate = (data: Data): FieldError[] => {
    const result = makeReferralBodySchema(clock()).safeParse(data);
    return result.success ? [] : fieldErrors(result.error);
  };
  const guard = (req: FastifyRequest) => {
    const viewer = viewerOf(req);
    if (!can(viewer, 'refer')) throw new Forbidden('Your role cannot make referrals');
    return viewer;
  };

  app.get('/referrals/new', { preHandler: requireSignIn }, async (req, reply) => {
    guard(req);
    return reply.render('referrals/form/views/start.njk', {
      pageTitle: 'Make a referral',
      section: 'referrals',
      backHref: '/referrals',
    });
  });

  app.post('/referrals/new', { preHandler: requireSignIn, preValidation: app.csrfProtection }, async (req, reply) => {
    const viewer = guard(req);
    const initial: Data = {
      source: { organisation: viewer.organisation ?? undefined, name: viewer.name, email: viewer.email },
    };
    const draft = await db.transaction((tx) => drafts.start(tx, viewer, initial));
    return reply.redirect(`/referrals/drafts/${draft.id}/site`, 303);
  });

  const renderStep = (
    reply: FastifyReply,
    draftId: string,
    version: number,
    data: Data,
    step: Step,
    extra: { posted?: Data; errors?: FieldError[]; change?: boolean },
  ) => {
    const steps = stepsOf(data);
    const index = steps.findIndex((s) => s.slug === step.slug);
    const errors = extra.errors ?? [];
    return reply.status(errors.length ? 400 : 200).render('referrals/form/views/question.njk', {
      pageTitle: step.title,
      section: 'referrals',
      step,
      draftId,
      version,
      change: extra.change,
      stepNumber: index + 1,
      stepCount: steps.length,
      backHref: extra.change
        ? `/referrals/drafts/${draftId}/check`
        : index > 0
          ? `/referrals/drafts/${draftId}/${steps[index - 1]?.slug ?? ''}`
          : '/referrals/new',
      values: displayValues(step, data, extra.posted),
      errors: errorSummary(errors, [step]),
      fieldErrors: Object.fromEntries(errors.map((e) => [issuesKey(e, step), e.message])),
    });
  };

  /** A sent draft reached again (Back after sending): where it went, never "page not found". */
  const renderSent = async (reply: FastifyReply, viewer: Viewer, draftId: string, referralId: string) => {
    const referral = await referrals.read(db, viewer, referralId);
    return reply.render('referrals/form/views/sent.njk', {
      pageTitle: `This referral was sent as ${referral.reference}`,
      section: 'referrals',
      backHref: '/referrals',
      draftId,
      referral,
    });
  };

  app.get<IdParams>('/referrals/drafts/:id/:slug', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = guard(req);
    const draft = await drafts.get(db, viewer, req.params.id);
    if (draft.sentReferralId) return renderSent(reply, viewer, draft.id, draft.sentReferralId);
    const data = draft.data as Data;
    if (req.params.slug === 'check') return renderCheck(reply, draft.id, draft.version, data);
    const step = stepsOf(data).find((s) => s.slug === req.params.slug);
    if (!step) throw new NotFound();
    return renderStep(reply, draft.id, draft.version, data, step, { change: (req.query as Data).change === '1' });
  });

  app.post<IdParams>(
    '/referrals/drafts/:id/:slug',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = guard(req);
      const draft = await drafts.get(db, viewer, req.params.id);
      if (draft.sentReferralId) return reply.redirect(`/referrals/drafts/${draft.id}/sent`, 303);
      // The posted page goes on top of the draft as it is now, whichever copy of the page it came from.
      const data = structuredClone(draft.data as Data);
      const posted = (req.body ?? {}) as Data;
      if (req.params.slug === 'submit') return submit(req, reply, draft.id, draft.version, data);
      const step = stepsOf(data).find((s) => s.slug === req.params.slug);
      if (!step) throw new NotFound();
      const formErrors = readStep(step, posted, data);
      const errors = formErrors.length ? formErrors : issuesForStep(validate(data), step);
      const change = posted.change === '1';
      if (errors.length)
        return renderStep(reply, draft.id, draft.version, draft.data as Data, step, { posted, errors, change });
      await db.transaction((tx) => drafts.save(tx, viewer, draft.id, data, draft.version));
      const steps = stepsOf(data);
      const next = steps[steps.findIndex((s) => s.slug === step.slug) + 1];
      const target = change || !next ? 'check' : next.slug;
      return reply.redirect(`/referrals/drafts/${draft.id}/${target}`, 303);
    },
  );

  function renderCheck(reply: FastifyReply, draftId: string, version: number, data: Data, errors?: FieldError[]) {
    const steps = stepsOf(data);
    const sections = steps.map((step) => ({
      title: step.title,
      rows: step.fields.map((field) => ({
        key: { text: field.summaryLabel ?? field.label },
        value: { text: displayAnswer(field, data, formatDate) },
        actions: {
          items: [
            {
              href: `/referrals/drafts/${draftId}/${step.slug}?change=1`,
              text: 'Change',
              visuallyHiddenText: (field.summaryLabel ?? field.label).toLowerCase(),
            },
          ],
        },
      })),
    }));
    const facts = eligibilityFactsSchema.safeParse(data);
    const eligibility =
      facts.success && facts.data.site && sites.get(facts.data.site)
        ? referrals.evaluate(facts.data, clock())
        : undefined;
    const problems = errors ?? [];
    const summary = errorSummary(problems, steps).map((e) => ({
      ...e,
      href: e.step ? `/referrals/drafts/${draftId}/${e.step}?change=1` : e.href,
    }));
    return reply.status(problems.length ? 400 : 200).render('referrals/form/views/check-answers.njk', {
      pageTitle: 'Check your answers before sending the referral',
      section: 'referrals',
      draftId,
      version,
      sections,
      eligibility,
      screeningHours: screeningHoursOf(textOf(data.site)),
      errors: summary,
      backHref: `/referrals/drafts/${draftId}/${steps.at(-1)?.slug ?? ''}`,
    });
  }

  async function submit(req: FastifyRequest, reply: FastifyReply, draftId: string, version: number, data: Data) {
    const viewer = guard(req);
    const parsed = makeReferralBodySchema(clock()).safeParse(data);
    if (!parsed.success) return renderCheck(reply, draftId, version, data, fieldErrors(parsed.error));
    const view = await db.transaction(async (tx) => {
      const created = await referrals.submit(tx, viewer, parsed.data);
      await drafts.markSent(tx, viewer, draftId, created.id);
      return created;
    });
    return reply.redirect(`/referrals/${view.id}/confirmation`, 303);
  }
}

function issuesKey(e: FieldError, step: Step): string {
  const field = step.fields.find((f) => e.field === f.name || e.field.startsWith(`${f.name}.`));
  return field ? fieldId(field.name) : step.slug === 'identifiers' ? fieldId('person.nhsNumber') : fieldId(e.field);
}
