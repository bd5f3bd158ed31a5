// API.md "Partners, meetings and the chronology": the partner directory, the network of an episode, consent
// to share, the information-sharing log and partner notes. Thin: validate, one service call in one
// transaction (POSTs through runIdempotent), present.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { viewerOf } from '../access/request.ts';
import { parseOrThrow } from '../http/validation.ts';
import { runIdempotent } from '../http/idempotency.ts';
import { etag, requiredIfMatch } from '../http/versions.ts';
import {
  consentSchema,
  networkEndSchema,
  networkMemberSchema,
  partnerNoteSchema,
  partnerQuerySchema,
  partnerSchema,
  sharingSchema,
} from './schema.ts';

type WithId = { Params: { id: string } };

export function registerPartnerRoutes(app: FastifyInstance, services: Services): void {
  const { db, partners, network, sharing } = services;

  app.post('/api/v1/partners', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(partnerSchema, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const { created, possibleDuplicates } = await partners.create(tx, viewer, body, { allowDuplicates: true });
      if (!created) throw new Error('The API always stores the partner');
      return {
        status: 201,
        body: { ...created, possibleDuplicates },
        headers: { etag: etag(created.version), location: `/api/v1/partners/${created.id}` },
      };
    });
  });

  app.get('/api/v1/partners', async (req) => {
    const query = parseOrThrow(partnerQuerySchema, req.query);
    return { items: await db.transaction((tx) => partners.list(tx, viewerOf(req), query)) };
  });

  app.get<WithId>('/api/v1/partners/:id', async (req, reply) => {
    const partner = await db.transaction((tx) => partners.read(tx, viewerOf(req), req.params.id));
    return reply.header('etag', etag(partner.version)).send(partner);
  });

  app.put<WithId>('/api/v1/partners/:id', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(partnerSchema, req.body);
    const version = requiredIfMatch(req);
    const { partner, possibleDuplicates } = await db.transaction((tx) =>
      partners.update(tx, viewer, req.params.id, body, version),
    );
    return reply.header('etag', etag(partner.version)).send({ ...partner, possibleDuplicates });
  });

  app.post<WithId>('/api/v1/episodes/:id/network', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(networkMemberSchema, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => {
      const member = await network.addMember(tx, viewer, req.params.id, body);
      return { status: 201, body: member, headers: { etag: etag(member.version) } };
    });
  });

  app.get<WithId>('/api/v1/episodes/:id/network', async (req) => ({
    items: await db.transaction((tx) => network.network(tx, viewerOf(req), req.params.id)),
  }));

  app.patch<{ Params: { id: string; memberId: string } }>(
    '/api/v1/episodes/:id/network/:memberId',
    async (req, reply) => {
      const viewer = viewerOf(req);
      const body = parseOrThrow(networkEndSchema, req.body);
      const version = requiredIfMatch(req);
      const member = await db.transaction((tx) =>
        network.endMember(tx, viewer, req.params.id, req.params.memberId, body.to, version),
      );
      return reply.header('etag', etag(member.version)).send(member);
    },
  );

  app.put<{ Params: { id: string; partnerId: string } }>('/api/v1/episodes/:id/consents/:partnerId', async (req) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(consentSchema, req.body);
    return db.transaction((tx) => sharing.setConsent(tx, viewer, req.params.id, req.params.partnerId, body));
  });

  app.get<WithId>('/api/v1/episodes/:id/consents', async (req) =>
    db.transaction((tx) => sharing.consents(tx, viewerOf(req), req.params.id)),
  );

  app.post<WithId>('/api/v1/episodes/:id/sharing', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(sharingSchema, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => ({
      status: 201,
      body: await sharing.share(tx, viewer, req.params.id, body),
    }));
  });

  app.get<WithId>('/api/v1/episodes/:id/sharing', async (req) => ({
    items: await db.transaction((tx) => sharing.log(tx, viewerOf(req), req.params.id)),
  }));

  app.post<WithId>('/api/v1/episodes/:id/partner-notes', async (req, reply) => {
    const viewer = viewerOf(req);
    const body = parseOrThrow(partnerNoteSchema, req.body);
    return runIdempotent(db, req, reply, viewer.id, async (tx) => ({
      status: 201,
      body: await network.addNote(tx, viewer, req.params.id, body),
    }));
  });

  app.get<WithId>('/api/v1/episodes/:id/partner-notes', async (req) => ({
    items: await db.transaction((tx) => network.notes(tx, viewerOf(req), req.params.id)),
  }));
}
