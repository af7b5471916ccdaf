import { z } from 'zod';

/**
 * The JSON Schema of a zod schema (types zod cannot express become "any"), without `$schema`: for the OpenAPI
 * document (2020-12, the default) and for Fastify's compiled response serialiser (draft-07, what it reads).
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output', target?: 'draft-7'): Record<string, unknown> {
  try {
    const s = z.toJSONSchema(schema, { io, unrepresentable: 'any', ...(target ? { target } : {}) }) as Record<string, unknown>;
    delete s.$schema;
    return s;
  } catch {
    return {};
  }
}
