import { z } from 'zod';

export const IdParam = z.object({ id: z.coerce.number().int().positive() });
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export const OkResponse = z.object({ ok: z.literal(true) });
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export function paged<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    /** Lists with keyset paging: pass as `after` for the page that follows (null on the last page). */
    nextCursor: z.string().nullable().optional(),
  });
}

/** Keyset paging: the `nextCursor` of the previous page; the page then starts after it and `page` is ignored. */
export const AfterCursor = z.string().max(400).optional();
