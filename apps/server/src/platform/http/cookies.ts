import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';

/** Session cookie: httpOnly, SameSite=Lax; `__Host-` prefixed and Secure when served over https. */
export function sessionCookie(app: AppContext, req: FastifyRequest): { name: string; options: CookieSerializeOptions } {
  const secure = app.config.COOKIE_SECURE || req.protocol === 'https';
  return {
    name: secure ? '__Host-tz_session' : 'tz_session',
    options: { httpOnly: true, sameSite: 'lax', secure, path: '/' },
  };
}

export function readSessionToken(req: FastifyRequest): string | undefined {
  return req.cookies['__Host-tz_session'] ?? req.cookies.tz_session;
}
