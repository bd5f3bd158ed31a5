// What a failure looks like to the user (ASVS 5.0 V16.5): nothing internal, whatever was thrown.
import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { registerErrorHandling } from './errorHandling.ts';

async function appThrowing(error: unknown) {
  const app = Fastify({ logger: false });
  registerErrorHandling(app);
  app.get('/api/v1/boom', () => {
    throw error;
  });
  await app.ready();
  return app;
}

describe('an unexpected error', () => {
  it.each([
    ['an error without a code (a driver’s)', new Error('relation "secret_table" does not exist')],
    ['an error whose code is not text', Object.assign(new Error('column "nhs_number" is ambiguous'), { code: 42702 })],
    ['something thrown that is not an error', 'select * from people'],
  ])('%s is a 500 saying nothing was saved, with nothing internal', async (_why, error) => {
    const app = await appThrowing(error);
    const res = await app.inject({ method: 'GET', url: '/api/v1/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      errors: [{ field: '', message: 'Something went wrong. Nothing was saved. Try again later.' }],
    });
    expect(res.body).not.toMatch(/secret_table|nhs_number|select|people/);
    await app.close();
  });
});
