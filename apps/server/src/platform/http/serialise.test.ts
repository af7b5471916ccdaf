import Fastify from 'fastify';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { defineRoute, registerRoutes } from './route.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** A hot route (`cache: true`) answering `value` under the response schema `response`. */
async function serve(response: z.ZodType, value: unknown) {
  const fastify = Fastify({ logger: false });
  fastify.decorate('routeTable', []);
  fastify.decorateRequest('actor', null);
  registerRoutes(fastify, t.ctx, [
    defineRoute({ method: 'GET', url: '/hot', summary: 'hot', auth: 'public', cache: true, response, handler: async () => value }),
  ]);
  const res = await fastify.inject({ method: 'GET', url: '/hot' });
  await fastify.close();
  return res;
}

describe('hot routes serialise through their compiled response schema', () => {
  it('writes the properties in the schema’s order, the same values JSON.stringify would', async () => {
    const res = await serve(z.object({ b: z.number(), a: z.string().nullable(), items: z.array(z.object({ id: z.number() })) }), {
      a: null,
      items: [{ id: 1 }],
      b: 2,
    });
    expect(res.statusCode).toBe(200);
    // JSON.stringify would keep the handler's order (a, items, b): the schema's order shows its serialiser ran.
    expect(res.body).toBe('{"b":2,"a":null,"items":[{"id":1}]}');
  });

  it('refuses a response its schema does not describe instead of changing it (a null coerced, a property dropped)', async () => {
    expect((await serve(z.object({ n: z.number() }), { n: null })).statusCode).toBe(500);
    expect((await serve(z.object({ n: z.number() }), { n: 1, extra: 'x' })).statusCode).toBe(500);
  });
});
