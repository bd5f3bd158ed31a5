import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';

export function registerCareRoutes(app: FastifyInstance, services: Services): void {
  void app;
  void services;
}
