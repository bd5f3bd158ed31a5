// The FHIR R4 facade of API.md ("FHIR R4 (/fhir/R4)"): its own encapsulated context, so its answers are FHIR
// (application/fhir+json, OperationOutcome on every failure, 401 included) while the JSON API stays as it is.
// Thin like every route: parse the search, one service call in one transaction, send the resource.
import { createHash } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { HttpError } from '../http/errors.ts';
import { parseJsonBody } from '../http/safeBody.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { requiredIfMatch } from '../http/versions.ts';
import { capabilityStatement, smartConfiguration, type SupportedType } from './capability.ts';
import { FhirError, operationOutcome } from './outcome.ts';
import { acceptsFhirJson, parseSearch } from './rules.ts';
import type { Resource } from './resources.ts';

export const FHIR_MEDIA_TYPE = 'application/fhir+json';
const VERSION = '1.0.0';
type WithId = { Params: { id: string } };
type WithSlug = { Params: { slug: string } };
const CARE_TYPES = ['CarePlan', 'Goal', 'Task', 'Observation', 'QuestionnaireResponse'] as const;

/** Where this request was made: fullUrl and paging links point back at it (behind a proxy, TRUST_PROXY decides). */
const baseUrlOf = (req: FastifyRequest) => `${req.protocol}://${req.host}/fhir/R4`;

function sendResource(reply: FastifyReply, resource: Resource, status = 200): FastifyReply {
  if (resource.meta?.versionId) reply.header('etag', `W/"${resource.meta.versionId}"`);
  if (resource.meta?.lastUpdated) reply.header('last-modified', new Date(resource.meta.lastUpdated).toUTCString());
  return reply.status(status).send(resource);
}

function outcomeOf(error: FastifyError): { status: number; errors: { field: string; message: string }[] } {
  if (error instanceof FhirError) return { status: error.statusCode, errors: error.errors };
  if (error instanceof HttpError)
    // The JSON API's field names (If-Match, Idempotency-Key) are not FHIRPath: said in the words instead.
    return {
      status: error.statusCode,
      errors: error.errors.map((e) => ({ field: '', message: e.field ? `${e.field}: ${e.message}` : e.message })),
    };
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const message =
      status === 413
        ? 'The body is too large'
        : status === 429
          ? 'Too many requests: wait and try again'
          : 'The request is not valid';
    return { status, errors: [{ field: '', message }] };
  }
  return { status: 500, errors: [{ field: '', message: 'Something went wrong. Nothing was saved. Try again later.' }] };
}

export function registerFhirRoutes(app: FastifyInstance, services: Services): void {
  const { db, fhir, clock } = services;

  void app.register(
    (r4, _options, registered) => {
      r4.addContentTypeParser(FHIR_MEDIA_TYPE, { parseAs: 'string' }, (_req, body, done) => {
        try {
          done(null, parseJsonBody(body as string));
        } catch (error) {
          done(error as Error, undefined);
        }
      });
      r4.setErrorHandler((error: FastifyError, req, reply) => {
        const { status, errors } = outcomeOf(error);
        if (status >= 500) req.log.error({ err: error }, 'unhandled error');
        return reply.status(status).type(FHIR_MEDIA_TYPE).send(operationOutcome(status, errors));
      });
      r4.setNotFoundHandler((_req, reply) =>
        reply
          .status(404)
          .type(FHIR_MEDIA_TYPE)
          .send(operationOutcome(404, [{ field: '', message: 'This server has no such resource type or operation' }])),
      );
      // Content negotiation (FHIR R4 http.html#mime-type): JSON only, in FHIR's own media type.
      r4.addHook('preHandler', (req, _reply, done) => {
        const format = (req.query as Record<string, unknown> | undefined)?._format;
        if (!acceptsFhirJson(req.headers.accept, typeof format === 'string' ? format : undefined))
          done(new FhirError(406, 'This server answers in application/fhir+json only'));
        else done();
      });
      r4.addHook('onSend', async (_req, reply, payload) => {
        const type = String(reply.getHeader('content-type') ?? '');
        if (type.startsWith('application/json') || type === '') reply.type(`${FHIR_MEDIA_TYPE}; charset=utf-8`);
        return payload;
      });

      r4.get('/metadata', (req) => capabilityStatement(baseUrlOf(req), { version: VERSION }, clock().toISOString()));
      r4.get('/.well-known/smart-configuration', (_req, reply) =>
        reply.type('application/json').send(smartConfiguration(services.config.email.publicUrl)),
      );

      const search = (type: SupportedType, req: FastifyRequest) =>
        parseSearch(type, req.query as Record<string, unknown>);

      // As GET /api/v1/search runs (search/routes.ts): its reads need no transaction, and each audit event
      // commits on its own before the answer is sent, so no connection is held across the awaits between them.
      r4.get('/Patient', async (req) => fhir.searchPatients(db, viewerOf(req), baseUrlOf(req), search('Patient', req)));
      r4.get<WithId>('/Patient/:id', async (req, reply) =>
        sendResource(reply, await fhir.readPatient(db, viewerOf(req), req.params.id)),
      );

      r4.get<WithId>('/Patient/:id/$everything', async (req) =>
        db.transaction((tx) => fhir.everything(tx, viewerOf(req), baseUrlOf(req), req.params.id)),
      );

      r4.get('/ServiceRequest', async (req) =>
        db.transaction((tx) =>
          fhir.searchServiceRequests(tx, viewerOf(req), baseUrlOf(req), search('ServiceRequest', req)),
        ),
      );
      r4.get<WithId>('/ServiceRequest/:id', async (req, reply) =>
        sendResource(reply, await fhir.readServiceRequest(db, viewerOf(req), req.params.id)),
      );
      /**
       * Creates a referral as POST /api/v1/referrals does. `If-None-Exist` (FHIR R4 http.html#ccreate) is kept
       * as the request's idempotency key: the same caller sending the same condition again gets the first answer.
       */
      r4.post('/ServiceRequest', async (req, reply) => {
        const viewer = viewerOf(req);
        const condition = req.headers['if-none-exist'];
        if (typeof condition === 'string' && condition.trim()) {
          req.headers['idempotency-key'] =
            `fhir-if-none-exist:${createHash('sha256').update(condition.trim()).digest('hex')}`;
        }
        return runIdempotent(db, req, reply, viewer.id, async (tx) => {
          const created = await fhir.createServiceRequest(tx, viewer, req.body);
          const version = created.meta?.versionId ?? '1';
          return {
            status: 201,
            body: created,
            headers: {
              etag: `W/"${version}"`,
              location: `${baseUrlOf(req)}/ServiceRequest/${created.id ?? ''}/_history/${version}`,
            },
          };
        });
      });

      r4.get('/EpisodeOfCare', async (req) =>
        db.transaction((tx) =>
          fhir.searchEpisodesOfCare(tx, viewerOf(req), baseUrlOf(req), search('EpisodeOfCare', req)),
        ),
      );
      r4.get<WithId>('/EpisodeOfCare/:id', async (req, reply) =>
        sendResource(reply, await fhir.readEpisodeOfCare(db, viewerOf(req), req.params.id)),
      );

      r4.get('/Encounter', async (req) =>
        db.transaction((tx) => fhir.searchEncounters(tx, viewerOf(req), baseUrlOf(req), search('Encounter', req))),
      );
      r4.get<WithId>('/Encounter/:id', async (req, reply) =>
        sendResource(reply, await fhir.readEncounter(db, viewerOf(req), req.params.id)),
      );

      r4.get('/Organization', async (req) =>
        fhir.searchOrganizations(db, viewerOf(req), baseUrlOf(req), search('Organization', req)),
      );
      r4.get<WithSlug>('/Organization/:slug', async (req, reply) =>
        sendResource(reply, await fhir.readOrganization(db, viewerOf(req), req.params.slug)),
      );

      r4.get<WithId>('/Practitioner/:id', async (req, reply) => {
        viewerOf(req);
        return sendResource(reply, await fhir.readPractitioner(db, req.params.id));
      });

      // The care record: the support plan, its goals, plan and meeting actions, and wellbeing measures.
      for (const type of CARE_TYPES) {
        r4.get(`/${type}`, async (req) =>
          db.transaction((tx) => fhir.searchCare(tx, viewerOf(req), baseUrlOf(req), type, search(type, req))),
        );
        r4.get<WithId>(`/${type}/:id`, async (req, reply) =>
          sendResource(reply, await db.transaction((tx) => fhir.readCare(tx, viewerOf(req), type, req.params.id))),
        );
      }
      /** FHIR R4 http.html#update with If-Match (http.html#concurrency): 428 without it, 412 when stale. */
      r4.put<WithId>('/Task/:id', async (req, reply) => {
        const viewer = viewerOf(req);
        const version = requiredIfMatch(req);
        const task = await db.transaction((tx) => fhir.updateTask(tx, viewer, req.params.id, req.body, version));
        return sendResource(reply, task);
      });
      registered();
    },
    { prefix: '/fhir/R4' },
  );
}
