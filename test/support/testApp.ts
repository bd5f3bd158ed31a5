// One line to stand the whole application up against a fresh database, with a clock the test controls.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { buildServices, type Services } from '../../src/services.ts';
import { createUser } from '../../src/auth/accounts.ts';
import { issueApiToken } from '../../src/auth/apiTokens.ts';
import { loadViewer } from '../../src/auth/userRepository.ts';
import { SYSTEM_ACTOR } from '../../src/audit/auditLog.ts';
import type { Role, Viewer } from '../../src/access/viewer.ts';
import { openMigratedTestDatabase } from './database.ts';

export interface TestUser {
  viewer: Viewer;
  token: string;
  email: string;
  password: string;
}

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  clock: { now: Date };
  user(role: Role, options?: { sites?: string[]; organisation?: string }): Promise<TestUser>;
  api(token: string | undefined, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

let counter = 0;
const NEVER = new Date('2999-01-01T00:00:00Z');

export async function createTestApp(
  start = new Date('2026-11-10T09:00:00Z'),
  env: NodeJS.ProcessEnv = {},
): Promise<TestApp> {
  const clock = { now: start };
  const database = await openMigratedTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const services = await buildServices(database, config, () => clock.now);
  const app = await createApp(services);
  await app.ready();
  return {
    app,
    services,
    clock,
    async user(role, options = {}) {
      const email = `${role}${++counter}-${Math.random().toString(36).slice(2, 8)}@example.org`;
      const password = 'a long enough secret phrase';
      const { id } = await createUser(
        services.db,
        services.sites,
        {
          email,
          name: `Test ${role} ${counter}`,
          role,
          siteCodes: options.sites ?? [],
          password,
          ...(options.organisation ? { organisation: options.organisation } : {}),
        },
        SYSTEM_ACTOR,
        clock.now,
      );
      // Tests move the clock by months and years: their tokens outlive any of them.
      const { token } = await issueApiToken(services.db, id, clock.now, { name: 'Test', expiresAt: NEVER });
      return { viewer: (await loadViewer(services.db, id))!, token, email, password };
    },
    api(token, options) {
      const headers = { ...(options.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) };
      return app.inject({ ...options, headers });
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
