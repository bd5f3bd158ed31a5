import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';

export function registerAllocationRoutes(app: FastifyInstance, services: Services): void {
  void app;
  void services;
}
