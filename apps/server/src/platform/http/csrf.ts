import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';

/** The origin the app is served from: configured, or derived from the request's own Host. */
export function appOrigin(app: AppContext, req: FastifyRequest): string {
  if (app.config.PUBLIC_ORIGIN) return new URL(app.config.PUBLIC_ORIGIN).origin;
  return `${req.protocol}://${req.host}`;
}

function sameOrigin(app: AppContext, req: FastifyRequest): boolean {
  const expected = appOrigin(app, req);
  const origin = req.headers.origin;
  if (origin !== undefined) return origin === expected;
  const referer = req.headers.referer;
  if (!referer) return false;
  try {
    return new URL(referer).origin === expected;
  } catch {
    return false;
  }
}

function tokenMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/**
 * Why a state-changing request is refused, or null when it may proceed. Login has no session yet,
 * so it is held to the origin check only (when the browser sends an Origin).
 */
export function csrfProblem(app: AppContext, req: FastifyRequest, isLogin: boolean): string | null {
  if (isLogin) {
    if (req.headers.origin !== undefined && !sameOrigin(app, req)) return 'cross-origin';
    return null;
  }
  if (!sameOrigin(app, req)) return 'cross-origin';
  const actor = req.actor;
  if (!actor) return null; // the route answers unauthenticated
  if (!tokenMatches(actor.csrfToken, req.headers['x-csrf-token'])) return 'csrf-token';
  return null;
}
