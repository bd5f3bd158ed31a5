import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';

export function registerReleasePlanRoutes(app: FastifyInstance, services: Services): void {
  void app;
  void services;
}
