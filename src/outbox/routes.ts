import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';

export function registerOutboxRoutes(app: FastifyInstance, services: Services): void {
  void app;
  void services;
}
