import { isErrorCode } from '@taizhang/shared/errors';
import type { UiErrorCode } from '../i18n/index.ts';

export interface FieldProblem {
  field: string;
  message: string;
}

/** Any failed API call: the stable code (translated by the UI), HTTP status, details and request id. */
export class ApiError extends Error {
  readonly code: UiErrorCode;
  readonly status: number;
  readonly details: unknown;
  readonly requestId: string | null;

  constructor(code: UiErrorCode, status: number, details: unknown = null, requestId: string | null = null) {
    super(code);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
    this.requestId = requestId;
  }

  /** validation_failed field problems, with the `body.`/`query.` prefix removed. */
  get fields(): FieldProblem[] {
    const d = this.details;
    if (this.code !== 'validation_failed' || typeof d !== 'object' || d === null || !('fields' in d) || !Array.isArray(d.fields)) return [];
    const out: FieldProblem[] = [];
    for (const f of d.fields as unknown[]) {
      if (typeof f !== 'object' || f === null) continue;
      const field = 'field' in f && typeof f.field === 'string' ? f.field.replace(/^(body|query|params)\.?/, '') : '';
      const message = 'message' in f && typeof f.message === 'string' ? f.message : '';
      out.push({ field, message });
    }
    return out;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** True when the error is a stale-version conflict: someone saved the record meanwhile (the user should reload). */
export function isConflict(err: unknown): err is ApiError {
  return err instanceof ApiError && err.code === 'conflict';
}

interface ClientHooks {
  /** Current CSRF token (from the session); sent on every state-changing request. */
  csrfToken(): string | null | undefined;
  /** A call came back 401: the session is gone. */
  onUnauthenticated(): void;
  /** A call came back password_change_required, mfa_required or mfa_setup_required: a step is pending. */
  onSessionGate(): void;
}

let hooks: ClientHooks = {
  csrfToken: () => null,
  onUnauthenticated: () => {},
  onSessionGate: () => {},
};

/** The session's CSRF token, for state-changing calls made outside `request` (raw uploads). */
export function csrfToken(): string | null | undefined {
  return hooks.csrfToken();
}

export function configureApiClient(h: ClientHooks): void {
  hooks = h;
}

let reauthHandler: (() => Promise<boolean>) | null = null;

/**
 * Who asks for the password when the server answers reauth_required (the shell's ReauthHost). It resolves true once
 * the password was accepted; the refused call is then sent once more.
 */
export function setReauthHandler(h: (() => Promise<boolean>) | null): void {
  reauthHandler = h;
}

/** Asks for the password again if `err` is reauth_required; true when the caller should retry. */
export async function reauthorised(err: ApiError): Promise<boolean> {
  return err.code === 'reauth_required' && reauthHandler !== null && (await reauthHandler());
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Do not trigger the global 401 / password-change handling (login, session probe). */
  quiet?: boolean;
  /** Set on the retry after a re-authentication, so a second refusal is not asked again. */
  retried?: boolean;
  signal?: AbortSignal;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const GATE_CODES: ReadonlySet<string> = new Set(['password_change_required', 'mfa_required', 'mfa_setup_required']);

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function statusCode(status: number): UiErrorCode {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'payload_too_large';
  if (status === 429) return 'rate_limited';
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  if (status >= 500) return 'internal_error';
  return 'bad_request';
}

/** The ApiError of a failed response (for calls that bypass `request`, e.g. binary uploads and downloads). */
export async function toApiError(res: Response): Promise<ApiError> {
  const headerId = res.headers.get('x-request-id');
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (proxy error page): fall back to the status
  }
  if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object' && body.error !== null) {
    const e = body.error as { code?: unknown; details?: unknown; requestId?: unknown };
    const code = isErrorCode(e.code) ? e.code : statusCode(res.status);
    return new ApiError(code, res.status, e.details ?? null, typeof e.requestId === 'string' ? e.requestId : headerId);
  }
  return new ApiError(statusCode(res.status), res.status, null, headerId);
}

/** The one way the web app talks to the server. */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (STATE_CHANGING.has(method)) {
    const token = hooks.csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError('network_error', 0);
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (!opts.quiet) {
      if (err.code === 'unauthenticated') hooks.onUnauthenticated();
      else if (GATE_CODES.has(err.code)) hooks.onSessionGate();
    }
    if (!opts.retried && (await reauthorised(err))) return request<T>(method, path, { ...opts, retried: true });
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  del: <T>(path: string) => request<T>('DELETE', path),
};
