import { sql } from 'kysely';
import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.ts';
import { buildOpenApi } from './openapi.ts';

export const systemRoutes = [
  defineRoute({
    method: 'GET',
    url: '/healthz',
    summary: 'Process is up',
    tags: ['system'],
    auth: 'public',
    response: z.object({ status: z.literal('ok') }),
    handler: async () => ({ status: 'ok' as const }),
  }),
  defineRoute({
    method: 'GET',
    url: '/readyz',
    summary: 'Database reachable',
    tags: ['system'],
    auth: 'public',
    response: z.object({ status: z.literal('ready'), database: z.string() }),
    async handler({ app }) {
      await sql`select 1`.execute(app.db);
      return { status: 'ready' as const, database: app.dialect };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/openapi.json',
    summary: 'This document',
    tags: ['system'],
    auth: 'public',
    async handler({ req }) {
      return buildOpenApi(req.server.routeTable);
    },
  }),
];
