import { type RawBuilder, type SqlBool, sql } from 'kysely';

/** Escapes LIKE wildcards so user text matches literally (an underscore stays an underscore). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `column LIKE pattern ESCAPE '\'`, the same on SQLite and PostgreSQL; `mode` places the wildcards. */
export function like(column: string, text: string, mode: 'contains' | 'prefix' = 'contains', lower = false): RawBuilder<SqlBool> {
  const pattern = mode === 'contains' ? `%${escapeLike(text)}%` : `${escapeLike(text)}%`;
  const ref = lower ? sql`lower(${sql.ref(column)})` : sql.ref(column);
  return sql<SqlBool>`${ref} like ${lower ? pattern.toLowerCase() : pattern} escape '\\'`;
}
