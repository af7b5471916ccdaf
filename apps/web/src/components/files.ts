import { type Query, buildUrl, csrfToken, reauthorised, toApiError } from '../api/client.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One problem of a refused import, as the server reports it (row numbers as Excel shows them). */
export interface ImportProblem {
  row: number;
  column: string;
  value: string;
  reason: string;
}

/** What POST /api/v1/imports/:kind answers when the workbook is valid. */
export interface ImportOutcome {
  ok: boolean;
  kind: string;
  batchId: string;
  rows: number;
  inserted: number;
  updated: number;
  dryRun: boolean;
  problems: ImportProblem[];
  refused?: string;
}

function filenameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = disposition.match(/filename\*=UTF-8''([^;]+)/i);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      return star[1];
    }
  }
  return disposition.match(/filename="?([^";]+)"?/i)?.[1] ?? null;
}

/** Hands a blob to the browser as a file download. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

function headers(method: string, extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { ...extra };
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) h['x-csrf-token'] = token;
  }
  return h;
}

/**
 * Downloads what a route answers (a workbook, a Word file…) under the server's file name (content-disposition) or
 * `fallback`. Throws an ApiError when the server refuses.
 */
export async function download(path: string, opts: { query?: Query; json?: unknown; fallback: string; retried?: boolean }): Promise<void> {
  const method = opts.json === undefined ? 'GET' : 'POST';
  const res = await fetch(buildUrl(path, opts.query), {
    method,
    credentials: 'same-origin',
    headers: headers(method, opts.json === undefined ? {} : { 'content-type': 'application/json' }),
    body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
  });
  if (!res.ok) {
    const err = await toApiError(res);
    // Personal-data exports ask for the password again, then download.
    if (!opts.retried && (await reauthorised(err))) return download(path, { ...opts, retried: true });
    throw err;
  }
  saveBlob(await res.blob(), filenameOf(res.headers.get('content-disposition')) ?? opts.fallback);
}

/** Uploads a workbook as the raw request body; `dryRun` validates only. Throws an ApiError (validation_failed → problems). */
export async function uploadWorkbook(kind: string, file: Blob, dryRun: boolean): Promise<ImportOutcome> {
  const res = await fetch(buildUrl(`/api/v1/imports/${encodeURIComponent(kind)}`, { dryRun: dryRun ? 1 : undefined }), {
    method: 'POST',
    credentials: 'same-origin',
    headers: headers('POST', { 'content-type': XLSX_TYPE, accept: 'application/json' }),
    body: file,
  });
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as ImportOutcome;
}

/** The problems and refusal reason of a refused import (error.details of validation_failed), if that is what it is. */
export function importProblemsOf(details: unknown): { problems: ImportProblem[]; refused: string | null } | null {
  if (typeof details !== 'object' || details === null) return null;
  const d = details as { problems?: unknown; refused?: unknown };
  if (!Array.isArray(d.problems) && typeof d.refused !== 'string') return null;
  const problems: ImportProblem[] = [];
  for (const p of Array.isArray(d.problems) ? (d.problems as unknown[]) : []) {
    if (typeof p !== 'object' || p === null) continue;
    const o = p as Record<string, unknown>;
    problems.push({ row: Number(o.row) || 0, column: String(o.column ?? ''), value: String(o.value ?? ''), reason: String(o.reason ?? '') });
  }
  return { problems, refused: typeof d.refused === 'string' ? d.refused : null };
}

/**
 * The half of a bilingual server reason ("中文 / English") for the locale. More tolerant than localizeServerText: the
 * import reasons sometimes have no space before the slash ("日期不存在（如 2 月 30 日）/ no such date").
 */
export function bilingual(text: string, locale: string): string {
  const m = text.match(/\s*\/\s+(?=[A-Za-z0-9(])/);
  if (!m || m.index === undefined) return text;
  return locale === 'en-US' ? text.slice(m.index + m[0].length) : text.slice(0, m.index);
}
