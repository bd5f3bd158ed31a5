// createApp(services) builds the HTTP application; the composition root (services.ts) builds its
// dependencies, so a test can stand the whole thing up against a fresh database in one line.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { Services } from './services.ts';
import type { Viewer } from './access/viewer.ts';
import { abilities } from './access/policy.ts';
import type { NavCounter } from './web/navCounts.ts';
import { createTemplateEnvironment, nhsukDist } from './web/render.ts';
import { registerDeclineLetterPages } from './screening/declineLetterPages.ts';
import { errorsInPageWords, inPageWords, say } from './web/vocabulary.ts';
import { cleanInput, parseJsonBody } from './http/safeBody.ts';
import { registerErrorHandling } from './http/errorHandling.ts';
import { registerPathParamValidation } from './http/ids.ts';
import { registerTransportRules } from './http/transport.ts';
import { csrfBindingOf, registerAuthentication } from './auth/authentication.ts';
import { registerAuthRoutes } from './auth/routes.ts';
import { registerOidcRoutes } from './auth/oidcRoutes.ts';
import { registerSiteRoutes } from './sites/routes.ts';
import { registerReferralRoutes } from './referrals/routes.ts';
import { registerScreeningRoutes } from './screening/routes.ts';
import { registerReferralPages } from './referrals/pages.ts';
import { registerReferralFormPages } from './referrals/form/formRoutes.ts';
import { registerScreeningPages } from './screening/pages.ts';
import { registerHomePages } from './home/pages.ts';
import { registerAccessRoutes } from './access/routes.ts';
import { registerNotificationRoutes } from './notifications/routes.ts';
import { registerNotificationPages } from './notifications/pages.ts';
import { registerRetentionRoutes } from './retention/routes.ts';
import { registerAdminRoutes } from './admin/routes.ts';
import { registerEpisodeRoutes } from './episodes/routes.ts';
import { registerPersonBanner, showsPersonBanner } from './episodes/bannerPages.ts';
import { redirectSaved, savedMessage } from './web/saved.ts';
import type { SavedWhat } from './web/vocabulary.ts';
import { registerEpisodePages } from './episodes/pages.ts';
import { registerCaseloadPages } from './caseload/pages.ts';
import { registerCaseloadRoutes } from './caseload/routes.ts';
import { registerAllocationRoutes } from './allocation/routes.ts';
import { registerCareRoutes } from './care/routes.ts';
import { registerReleasePlanRoutes } from './releasePlanning/routes.ts';
import { registerHandoverRoutes } from './handovers/routes.ts';
import { registerWorklistRoutes } from './worklist/routes.ts';
import { registerOutboxRoutes } from './outbox/routes.ts';
import { registerPartnerRoutes } from './partners/routes.ts';
import { registerPartnerPages } from './partners/pages.ts';
import { registerMeetingRoutes } from './meetings/routes.ts';
import { registerMeetingPages } from './meetings/pages.ts';
import { registerChronologyRoutes } from './chronology/routes.ts';
import { registerChronologyPages } from './chronology/pages.ts';
import { registerSearchRoutes } from './search/routes.ts';
import { registerSearchPages } from './search/pages.ts';
import { registerOutcomeRoutes } from './outcomes/routes.ts';
import { registerOutcomePages } from './outcomes/pages.ts';
import { registerCaseStudyRoutes } from './caseStudies/routes.ts';
import { registerCaseStudyPages } from './caseStudies/pages.ts';
import { registerLetterRoutes } from './letters/routes.ts';
import { registerLetterPages } from './letters/pages.ts';
import { registerReportRoutes } from './reports/routes.ts';
import { registerReportPages } from './reports/pages.ts';
import { registerEvaluationRoutes } from './evaluation/routes.ts';
import { registerEvaluationPages } from './evaluation/pages.ts';
import { registerFhirRoutes } from './fhir/routes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | undefined;
    unreadNotifications: number;
    /** Counts beside the navigation's links (web/navCounts.ts), for signed-in page views. */
    navCounts: Record<string, number> | null;
  }
  interface FastifyInstance {
    navCounters: NavCounter[];
    /** Every route as "METHOD /path": the need-to-know test checks each one is walked. */
    routeCatalogue: string[];
  }
  interface FastifyReply {
    render(template: string, context?: Record<string, unknown>): FastifyReply;
    /** Redirect after a save (303), with the success banner's words for the page it lands on (web/saved.ts). */
    redirectSaved(what: SavedWhat, location: string): FastifyReply;
  }
}

const webAssets = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web', 'assets');

export async function createApp(services: Services): Promise<FastifyInstance> {
  const { config } = services;

  const app = Fastify({
    logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    bodyLimit: 256 * 1024,
    // Behind a load balancer, the client's address comes from X-Forwarded-For only when TRUST_PROXY says whose.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
    routerOptions: { maxParamLength: 200 },
    // Request-by-request logs only at debug level; errors are always logged.
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' }),
  });

  const routeCatalogue: string[] = [];
  app.decorate('routeCatalogue', routeCatalogue);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeCatalogue.push(`${method} ${route.url}`);
  });
  registerPathParamValidation(app);

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  await app.register(fastifyFormbody);
  // Form bodies get the same hygiene as JSON (no NUL, well-formed unicode).
  app.addHook('preValidation', async (req) => {
    if (req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) req.body = cleanInput(req.body);
  });

  await app.register(fastifyCookie, { secret: config.cookieSecret });
  await app.register(fastifyCsrf, {
    cookieKey: config.secureCookies ? '__Host-reconnect-csrf' : 'reconnect-csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/' },
    // From the form body or a header, never the query string: a URL ends up in logs, history and Referer.
    getToken: (req: FastifyRequest) => {
      const body = req.body as Record<string, unknown> | undefined;
      const token = body?._csrf ?? req.headers['x-csrf-token'];
      return typeof token === 'string' ? token : undefined;
    },
    // Each token is bound to the session it was issued in (ASVS 5.0 V3.5.1).
    getUserInfo: csrfBindingOf,
    csrfOpts: { hmacKey: `${config.cookieSecret}:csrf` },
  });
  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        upgradeInsecureRequests: config.production ? [] : null,
      },
    },
    hsts: config.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyStatic, { root: path.join(nhsukDist, 'nhsuk'), prefix: '/nhsuk/', maxAge: '1d' });
  await app.register(fastifyStatic, { root: webAssets, prefix: '/static/', decorateReply: false });

  const templates = createTemplateEnvironment({ watch: config.watchTemplates });
  const siteName = (code: unknown): string =>
    typeof code === 'string' ? (services.sites.get(code)?.name ?? say(code)) : say(code);
  templates.addFilter('siteName', (code: unknown) =>
    Array.isArray(code) ? code.map(siteName).join(', ') : siteName(code),
  );
  app.decorateRequest('viewer', undefined);
  app.decorateRequest('unreadNotifications', 0);
  app.decorateRequest('navCounts', null);
  app.decorate('navCounters', [] as NavCounter[]);
  app.decorateReply(
    'render',
    function render(this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
      const req = this.request;
      const nonce = (this as unknown as { cspNonce?: { script?: string } }).cspNonce?.script;
      const html = templates.render(template, {
        viewer: req.viewer,
        abilities: abilities(req.viewer),
        csrfToken: this.generateCsrf({ userInfo: csrfBindingOf(req) }),
        cspNonce: nonce,
        unreadNotifications: req.unreadNotifications,
        navCounts: req.navCounts ?? {},
        now: services.clock(),
        sessionIdleMinutes: config.sessionIdleMinutes,
        personBanner: showsPersonBanner(this.statusCode) ? req.personBanner : undefined,
        saved: this.statusCode === 200 ? savedMessage(req, this) : undefined,
        // A refused form (400) shows its errors wherever the page puts them; other pages only in their error keys.
        ...(this.statusCode >= 400 ? inPageWords(context) : errorsInPageWords(context)),
      });
      return this.type('text/html; charset=utf-8').send(html);
    },
  );

  app.decorateReply('redirectSaved', function (this: FastifyReply, what: SavedWhat, location: string) {
    return redirectSaved(this, config.secureCookies, what, location);
  });

  registerErrorHandling(app);
  registerAuthentication(app, services);
  registerTransportRules(app);
  registerPersonBanner(app, services);
  app.get('/health', async () => ({ status: 'ok' }));

  registerAuthRoutes(app, services);
  registerOidcRoutes(app, services);
  registerHomePages(app, services);
  registerSiteRoutes(app, services);
  registerReferralRoutes(app, services);
  registerScreeningRoutes(app, services);
  registerReferralPages(app, services);
  registerReferralFormPages(app, services);
  registerScreeningPages(app, services);
  registerDeclineLetterPages(app, services);
  registerAccessRoutes(app, services);
  registerNotificationRoutes(app, services);
  registerNotificationPages(app, services);
  registerRetentionRoutes(app, services);
  registerAdminRoutes(app, services);
  registerEpisodeRoutes(app, services);
  registerEpisodePages(app, services);
  registerCaseloadRoutes(app, services);
  registerCaseloadPages(app, services);
  registerAllocationRoutes(app, services);
  registerCareRoutes(app, services);
  registerReleasePlanRoutes(app, services);
  registerHandoverRoutes(app, services);
  registerWorklistRoutes(app, services);
  registerOutboxRoutes(app, services);
  registerPartnerRoutes(app, services);
  registerPartnerPages(app, services);
  registerMeetingRoutes(app, services);
  registerMeetingPages(app, services);
  registerChronologyRoutes(app, services);
  registerChronologyPages(app, services);
  registerSearchRoutes(app, services);
  registerSearchPages(app, services);
  registerOutcomeRoutes(app, services);
  registerOutcomePages(app, services);
  registerCaseStudyRoutes(app, services);
  registerCaseStudyPages(app, services);
  registerLetterRoutes(app, services);
  registerLetterPages(app, services);
  registerReportRoutes(app, services);
  registerReportPages(app, services);
  registerEvaluationRoutes(app, services);
  registerEvaluationPages(app, services);
  registerFhirRoutes(app, services);
  return app;
}
