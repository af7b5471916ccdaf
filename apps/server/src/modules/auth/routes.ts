import { ChangePasswordBody, LoginBody, MfaCodeBody, OkResponse, ReauthBody, ReauthResponse, SessionView } from '@taizhang/shared';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { auditBase } from '../../platform/http/route.ts';
import { beginSetup, enable, verify } from './mfa.ts';
import { hitRateLimit } from './service.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { sessionCookie } from '../../platform/http/cookies.ts';
import { changePassword, login, reauthenticate, sessionView } from './service.ts';
import { addMinutes, iso } from '../../platform/clock.ts';
import { securityPolicy } from '../../platform/settings.ts';

export const authRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/login',
    summary: 'Sign in with username and password; sets the session cookie and returns the CSRF token',
    tags: ['auth'],
    auth: 'public',
    transaction: 'manual',
    action: 'auth.login',
    body: LoginBody,
    response: SessionView,
    async handler({ app, req, reply, body }) {
      const { token, userId } = await login(app, req, body.username, body.password);
      const cookie = sessionCookie(app, req);
      reply.setCookie(cookie.name, token, cookie.options);
      const { authenticate } = await import('../../platform/auth/sessions.ts');
      const actor = await authenticate(app, token);
      if (!actor || actor.userId !== userId) throw new Error('session vanished after login');
      return sessionView(app.db, actor);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/auth/session',
    summary: 'The current user, grants, abilities and CSRF token',
    tags: ['auth'],
    auth: 'mfa',
    response: SessionView,
    handler: ({ app, actor }) => sessionView(app.db, actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/logout',
    summary: 'End the current session',
    tags: ['auth'],
    auth: 'mfa',
    action: 'auth.logout',
    response: OkResponse,
    async handler({ app, req, reply, db, actor, audit }) {
      await db.deleteFrom('sessions').where('id', '=', actor.sessionId).execute();
      const cookie = sessionCookie(app, req);
      reply.clearCookie(cookie.name, { path: '/' });
      audit({ entityType: 'user', entityId: actor.userId });
      return { ok: true };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/reauth',
    summary: 'Enter the own password again: personal-data exports and settings changes are allowed for a few minutes',
    tags: ['auth'],
    action: 'auth.reauth',
    body: ReauthBody,
    response: ReauthResponse,
    async handler({ app, db, actor, body, audit }) {
      await reauthenticate(app, db, actor, body.password, 'auth.reauth');
      const now = app.clock.now();
      await db
        .updateTable('sessions')
        .set({ reauth_at: iso(now) })
        .where('id', '=', actor.sessionId)
        .execute();
      const validUntil = iso(addMinutes(now, (await securityPolicy(app, db)).reauthWindowMinutes));
      audit({ entityType: 'user', entityId: actor.userId, after: { validUntil } });
      return { ok: true as const, validUntil };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/change-password',
    summary: 'Change the own password (required at first login)',
    tags: ['auth'],
    auth: 'pending',
    action: 'auth.change_password',
    body: ChangePasswordBody,
    response: OkResponse,
    async handler({ app, db, actor, body, audit }) {
      await changePassword(app, db, actor, body.currentPassword, body.newPassword);
      audit({ entityType: 'user', entityId: actor.userId });
      return { ok: true };
    },
  }),
];

export const mfaRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/mfa/verify',
    summary: 'Second sign-in step: an authenticator (TOTP) code or a recovery code',
    tags: ['auth'],
    auth: 'mfa',
    action: 'auth.mfa_verify',
    // Manual: the attempt counter must survive a wrong code, so it is not rolled back with the request.
    transaction: 'manual',
    body: MfaCodeBody,
    response: OkResponse,
    async handler({ app, req, actor, body }) {
      const base = { ...auditBase(app, req, actor), action: 'auth.mfa_verify', entityType: 'user', entityId: actor.userId };
      // Six digits are guessable without a limit: five tries per quarter hour per account.
      if (await hitRateLimit(app, `mfa:${actor.userId}`, 5, 15 * 60_000)) {
        await app.audit.write(app.db, { ...base, result: 'denied', after: { reason: 'rate_limited' } });
        throw new AppError('rate_limited', { reason: 'too many codes' });
      }
      try {
        await app.db.transaction().execute(async (trx) => {
          const how = await verify(app, trx, actor, body.code);
          await app.audit.write(trx, { ...base, result: 'ok', after: { method: how } });
        });
      } catch (err) {
        await app.audit.write(app.db, { ...base, result: 'failed', after: { error: err instanceof AppError ? err.code : 'error' } });
        throw err;
      }
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/mfa/setup',
    summary: 'Start two-factor enrolment: returns a secret and an otpauth:// URI for any authenticator app',
    tags: ['auth'],
    auth: 'pending',
    action: 'auth.mfa_setup',
    response: z.object({ secret: z.string(), uri: z.string() }),
    async handler({ app, db, actor, audit }) {
      const r = await beginSetup(app, db, actor);
      audit({ entityType: 'user', entityId: actor.userId });
      return r;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/mfa/enable',
    summary: 'Confirm enrolment with a first code; returns ten one-use recovery codes (shown once)',
    tags: ['auth'],
    auth: 'pending',
    action: 'auth.mfa_enable',
    body: MfaCodeBody,
    response: z.object({ recoveryCodes: z.array(z.string()) }),
    async handler({ app, db, actor, body, audit }) {
      const recoveryCodes = await enable(app, db, actor, body.code);
      audit({ entityType: 'user', entityId: actor.userId });
      return { recoveryCodes };
    },
  }),
];
