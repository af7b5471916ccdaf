import type { z } from 'zod';
import { jsonSchemaOf } from '../../platform/http/json-schema.ts';
import type { RouteSpec } from '../../platform/http/route.ts';

const ErrorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {}, requestId: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
};

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => jsonSchemaOf(schema, io);

/** OpenAPI 3 document generated from the route table's zod schemas. */
export function buildOpenApi(routes: readonly RouteSpec[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const js = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
      }
    }
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: r.tags ?? [],
      operationId: `${r.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters,
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: r.response ? jsonSchema(r.response, 'output') : {} } } },
        default: { description: 'Error', content: { 'application/json': { schema: ErrorSchema } } },
      },
      'x-ability': r.ability ?? null,
      security: r.auth === 'public' ? [] : [{ session: [] }],
    };
    if (r.body && !r.raw) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } };
    if (r.raw) op.requestBody = { required: true, content: { 'multipart/form-data': { schema: { type: 'object' } } } };
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Taizhang API',
      version: '1',
      description: 'Ideological-work responsibility system platform. State-changing requests need the x-csrf-token header.',
    },
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'tz_session' } } },
    paths,
  };
}
