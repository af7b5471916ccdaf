import { AppError } from '../errors.ts';

/** A keyset position: the sort value of the last row of a page and its id (the tie-breaker). */
export type Cursor = readonly [string | number, number];

/** Opaque to clients: base64url of the JSON pair. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

/** The `after` query parameter back to a position; anything else is `validation_failed` on `query.after`. */
export function decodeCursor(raw: string): Cursor {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    v = null;
  }
  if (Array.isArray(v) && v.length === 2 && (typeof v[0] === 'string' || typeof v[0] === 'number') && Number.isSafeInteger(v[1])) {
    return [v[0], v[1]];
  }
  throw new AppError('validation_failed', { fields: [{ field: 'query.after', message: 'invalid cursor / 无效的分页位置' }] });
}

/** The cursor after a page: its last row's position, when the page is full (a short page is the last). */
export function nextCursorOf<R>(rows: readonly R[], pageSize: number, position: (r: R) => Cursor): string | null {
  const last = rows.at(-1);
  return last !== undefined && rows.length === pageSize ? encodeCursor(position(last)) : null;
}
