import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { can } from '../access/policy.ts';

export function registerHomePages(app: FastifyInstance, _services: Services): void {
  app.get('/', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    if (can(viewer, 'viewScreeningQueue')) return reply.redirect('/screening', 303);
    if (can(viewer, 'refer')) return reply.redirect('/referrals', 303);
    if (can(viewer, 'manageUsers')) return reply.redirect('/admin/users', 303);
    // Researchers: the evaluation's minimum dataset (issue 15), which links to the reports too.
    if (can(viewer, 'extractEvaluation')) return reply.redirect('/evaluation', 303);
    // Commissioners: the national report (issue 15), which links to each site's.
    if (can(viewer, 'readReports')) return reply.redirect('/reports', 303);
    return reply.render('error.njk', {
      pageTitle: `Welcome, ${viewer.name}`,
      paragraphs: ['There is nothing for your role here yet. Performance reports and data extracts will appear here.'],
    });
  });

  app.get('/accessibility', async (_req, reply) =>
    reply.render('error.njk', {
      pageTitle: 'Accessibility statement',
      paragraphs: [
        'Reconnect is built on the NHS design system and aims to meet WCAG 2.2 at level AA.',
        'Every page works without JavaScript. Every page is checked automatically with axe for WCAG 2.2 AA issues.',
        'If you find a problem, tell your team manager.',
      ],
    }),
  );
}
