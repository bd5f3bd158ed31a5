// The formulation page: the current 5 Ps formulation, a form to revise it, and earlier revisions.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import type { FieldError } from '../http/errors.ts';
import { fieldErrors } from '../http/validation.ts';
import { str, type Posted } from '../web/formFields.ts';
import type { CareService } from './careService.ts';
import { formulationSchema } from './schema.ts';
import { episodeHeader, refusal, versionFrom, type IdParams, type PageMessage } from './pageSupport.ts';

/** The 5 Ps (issue), with the question each answers, in the person's terms where possible. */
export const FIVE_PS = [
  { name: 'presenting', label: 'Presenting', hint: 'What are the difficulties now, as the person sees them?' },
  {
    name: 'predisposing',
    label: 'Predisposing',
    hint: 'What in their history made them vulnerable, including trauma?',
  },
  { name: 'precipitating', label: 'Precipitating', hint: 'What triggered the current difficulties?' },
  { name: 'perpetuating', label: 'Perpetuating', hint: 'What keeps them going?' },
  { name: 'protective', label: 'Protective', hint: 'What strengths, people and resources help?' },
] as const;

export function registerFormulationPages(app: FastifyInstance, services: Services, care: CareService): void {
  const { db } = services;

  async function render(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    extra: { posted?: Posted; errors?: FieldError[]; message?: PageMessage } = {},
  ) {
    const ctx = await db.transaction(async (tx) => {
      const revisions = await care.formulations.list(tx, viewer, id);
      return { ...(await episodeHeader(services, tx, viewer, id)), revisions };
    });
    const [current, ...earlier] = ctx.revisions;
    const fieldIds: Record<string, string> = { writtenWithPerson: 'writtenWithPerson' };
    const errors = [
      ...(extra.message ? [{ text: extra.message.text, href: '#formulation-form' }] : []),
      ...(extra.errors ?? []).map((e) => ({ text: e.message, href: `#${fieldIds[e.field] ?? e.field}` })),
    ];
    const values: Posted =
      extra.posted ??
      (current
        ? {
            ...current,
            writtenWithPerson: current.writtenWithPerson ? 'yes' : 'no',
            personsView: current.personsView ?? '',
          }
        : {});
    return reply.status(extra.message?.status ?? (errors.length ? 400 : 200)).render('care/views/formulation.njk', {
      pageTitle: `Formulation${ctx.person ? `: ${ctx.person.name}` : ''}`,
      section: 'caseload',
      backHref: `/episodes/${id}`,
      errors,
      ...ctx,
      current,
      earlier,
      fiveParts: FIVE_PS,
      values,
      fieldErrors: Object.fromEntries((extra.errors ?? []).map((e) => [e.field, e.message])),
    });
  }

  app.get<IdParams>('/episodes/:id/formulation', { preHandler: requireSignIn }, async (req, reply) =>
    render(reply, viewerOf(req), req.params.id),
  );

  app.post<IdParams>(
    '/episodes/:id/formulation',
    { preHandler: requireSignIn, preValidation: app.csrfProtection },
    async (req, reply) => {
      const viewer = viewerOf(req);
      const posted = (req.body ?? {}) as Posted;
      const withPerson = str(posted, 'writtenWithPerson');
      const personsView = str(posted, 'personsView');
      const parsed = formulationSchema.safeParse({
        ...Object.fromEntries(FIVE_PS.map((p) => [p.name, str(posted, p.name)])),
        writtenWithPerson: withPerson === 'yes' ? true : withPerson === 'no' ? false : undefined,
        ...(personsView ? { personsView } : {}),
      });
      if (!parsed.success) return render(reply, viewer, req.params.id, { posted, errors: fieldErrors(parsed.error) });
      try {
        await db.transaction((tx) =>
          care.formulations.revise(tx, viewer, req.params.id, parsed.data, versionFrom(posted, 'basedOn')),
        );
      } catch (error) {
        const refused = refusal(error, 'this formulation');
        return render(reply, viewer, req.params.id, { posted, ...refused });
      }
      return reply.redirect(`/episodes/${req.params.id}/formulation`, 303);
    },
  );
}
