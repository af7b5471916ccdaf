import type { Ability } from '@taizhang/shared';
import { isDeepStrictEqual } from 'node:util';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import { type Actor, hasAbility } from '../access/actor.ts';
import { requireFreshAuth } from '../auth/sessions.ts';
import type { AuditEventInput } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import { chinaDate } from '../clock.ts';
import { AppError } from '../errors.ts';
import { jsonSchemaOf } from './json-schema.ts';
import { readCacheOf } from '../read-cache.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export const STATE_CHANGING: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The part of an audit event a handler fills in; the pipeline adds actor, time, request and result. */
export interface AuditDetail {
  entityType?: string;
  entityId?: string | number | null;
  orgId?: number | null;
  before?: unknown;
  after?: unknown;
}

export interface HandlerContext<B, Q, P> {
  app: AppContext;
  req: FastifyRequest;
  reply: FastifyReply;
  /** Present unless the route is public. */
  actor: Actor;
  body: B;
  query: Q;
  params: P;
  /** The transaction of a state-changing route; the database otherwise. */
  db: Executor;
  /** Describe the audited change (state-changing routes write exactly one event with it). */
  audit(detail: AuditDetail): void;
  /** Record a sensitive read (minors' records, restricted cases, personal-data exports) at once. */
  auditRead(action: string, detail: AuditDetail): Promise<void>;
}

export interface RouteSpec<BS extends z.ZodType = z.ZodType, QS extends z.ZodType = z.ZodType, PS extends z.ZodType = z.ZodType> {
  method: HttpMethod;
  url: string;
  summary: string;
  tags?: string[];
  /**
   * public: no session; session (default): fully signed in; pending: also while a password change or an
   * authenticator setup is pending; mfa: also before the authenticator code is entered (session view, logout, MFA).
   */
  auth?: 'public' | 'session' | 'pending' | 'mfa';
  /** Ability the caller needs somewhere in the tree (the UI uses it; policies check the org). */
  ability?: Ability;
  /**
   * Any signed-in user may call it and the handler decides per record: the caller's own notifications,
   * or restricted cases visible only to their named handlers. Such routes must say so.
   */
  personal?: boolean;
  /** The caller must have re-entered the password recently (personal-data exports, settings changes): see requireFreshAuth. */
  freshAuth?: boolean;
  body?: BS;
  query?: QS;
  params?: PS;
  response?: z.ZodType;
  /** Audit action name for state-changing routes, e.g. `org_unit.create`. */
  action?: string;
  /** manual: the handler manages its own transactions and audit events (login). */
  transaction?: 'auto' | 'manual';
  /** Raw body routes (uploads): body is not parsed as JSON. */
  raw?: boolean;
  /**
   * The hot GET routes: keep the JSON response per user, URL and day in the read cache (platform/read-cache.ts),
   * served again while the tables its statements read are unwritten; and serialise it through the response schema
   * compiled by Fastify (checked against JSON.stringify, see `serialised`). Only for handlers that read everything
   * through SQL (no in-memory caches), depend on the clock at most by the day, set no headers and make no audited read.
   */
  cache?: boolean;
  handler(ctx: HandlerContext<z.infer<BS>, z.infer<QS>, z.infer<PS>>): Promise<unknown>;
}

export function defineRoute<BS extends z.ZodType, QS extends z.ZodType, PS extends z.ZodType>(spec: RouteSpec<BS, QS, PS>): RouteSpec {
  return spec as unknown as RouteSpec;
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return value as z.infer<T>;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) {
    throw new AppError('validation_failed', {
      fields: r.error.issues.map((i) => ({ field: [where, ...i.path.map(String)].join('.'), message: i.message })),
    });
  }
  return r.data;
}

export function requestMeta(req: FastifyRequest) {
  return { ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: String(req.id) };
}

export function auditBase(app: AppContext, req: FastifyRequest, actor: Actor | null): Omit<AuditEventInput, 'action' | 'result'> {
  const meta = requestMeta(req);
  return {
    at: app.clock.now().toISOString(),
    actorId: actor?.userId ?? null,
    actorName: actor?.username ?? null,
    ip: meta.ip,
    userAgent: meta.userAgent,
    requestId: meta.requestId,
  };
}

export function resultOf(err: unknown): 'denied' | 'failed' {
  if (
    err instanceof AppError &&
    ['forbidden', 'not_found', 'unauthenticated', 'password_change_required', 'mfa_required', 'mfa_setup_required', 'reauth_required'].includes(err.code)
  )
    return 'denied';
  return 'failed';
}

/** The route spec of a request, when it matched one of ours (set as route config by registerRoutes). */
export function specOf(req: FastifyRequest): RouteSpec | undefined {
  return (req.routeOptions.config as { spec?: RouteSpec } | undefined)?.spec;
}

/** How many serialisations of each route are compared with JSON.stringify in production (every one in tests). */
const CHECKED_SERIALISATIONS = 20;
const checked = new WeakMap<RouteSpec, number>();

/**
 * A hot route's result as JSON through its compiled response schema (fast-json-stringify, via Fastify), which
 * writes the properties the schema names in its order without inspecting values it already knows the type of. A
 * schema that does not describe the result would change the data silently (drop a property, coerce a null to 0), so
 * the output is compared with JSON.stringify's: on every response under the tests (a difference fails the
 * request), on the first ones of each route in production — a difference there is logged and the route keeps to
 * JSON.stringify from then on.
 */
function serialised(spec: RouteSpec, reply: FastifyReply, result: unknown): string {
  const n = checked.get(spec) ?? 0;
  if (n < 0) return JSON.stringify(result);
  const fast = reply.serialize(result) as string;
  if (n < CHECKED_SERIALISATIONS || process.env.VITEST) {
    checked.set(spec, n + 1);
    const plain = JSON.stringify(result);
    if (!isDeepStrictEqual(JSON.parse(fast), JSON.parse(plain))) {
      if (process.env.VITEST) throw new Error(`${spec.method} ${spec.url}: the response schema does not describe the response`);
      reply.log.error({ route: spec.url }, 'response schema does not describe the response; serialising with JSON.stringify');
      checked.set(spec, -1);
      return plain;
    }
  }
  return fast;
}

const whoKeys = new WeakMap<Actor, string>();

/** What a kept response was computed for: the user, their person and every grant (a changed grant is another key). */
function whoOf(actor: Actor): string {
  let k = whoKeys.get(actor);
  if (k === undefined) {
    k = `${actor.userId}/${actor.personId ?? ''}/${actor.grants.map((g) => `${g.role}@${g.orgId ?? '*'}`).join(',')}`;
    whoKeys.set(actor, k);
  }
  return k;
}

/** Registers routes as one pipeline: authenticate → validate → (transaction → handler → audit) → present. */
export function registerRoutes(fastify: FastifyInstance, app: AppContext, routes: RouteSpec[]): void {
  for (const spec of routes) {
    fastify.routeTable.push(spec);
    const mutating = STATE_CHANGING.has(spec.method);
    fastify.route({
      method: spec.method,
      url: spec.url,
      // The error handler finds the failed request's route here instead of searching the route table.
      config: { spec },
      ...(spec.cache && spec.response ? { schema: { response: { 200: jsonSchemaOf(spec.response, 'output', 'draft-7') } } } : {}),
      handler: async (req, reply) => {
        const actor = req.actor;
        if (spec.auth !== 'public') {
          if (!actor) throw new AppError('unauthenticated');
          if (actor.mfaPending && spec.auth !== 'mfa') throw new AppError('mfa_required');
          if (actor.mustChangePassword && spec.auth !== 'pending' && spec.auth !== 'mfa') throw new AppError('password_change_required');
          if (actor.mfaSetupRequired && spec.auth !== 'pending' && spec.auth !== 'mfa') throw new AppError('mfa_setup_required');
          if (spec.ability && !hasAbility(actor, spec.ability)) throw new AppError('forbidden', { ability: spec.ability });
          if (spec.freshAuth) await requireFreshAuth(app, actor);
        }
        const cache = spec.cache && actor && !mutating ? readCacheOf(app) : null;
        const key = cache && actor ? `${whoOf(actor)} ${chinaDate(app.clock.now())} ${req.headers['accept-language'] ?? ''} ${req.url}` : '';
        if (cache) {
          const body = cache.responses.get(key);
          if (body !== undefined) return reply.header('x-read-cache', 'hit').type('application/json; charset=utf-8').send(body);
        }
        const params = parse(spec.params, req.params, 'params');
        const query = parse(spec.query, req.query, 'query');
        const body = spec.raw ? req.body : parse(spec.body, req.body, 'body');
        let detail: AuditDetail | null = null;
        let audited = false;
        const make = (db: Executor) => ({
          app,
          req,
          reply,
          actor: actor as Actor,
          body,
          query,
          params,
          db,
          audit(d: AuditDetail) {
            detail = { ...(detail ?? {}), ...d };
          },
          async auditRead(action: string, d: AuditDetail) {
            audited = true;
            await app.audit.write(app.db, { ...auditBase(app, req, actor), action, result: 'ok', ...d });
          },
        });
        if (cache) {
          const { result, kept } = await cache.responses.capture(() => spec.handler(make(app.db)));
          const body = Buffer.from(serialised(spec, reply, result));
          if (kept && !audited && reply.statusCode === 200) cache.responses.set(key, body, kept);
          return reply.header('x-read-cache', 'miss').type('application/json; charset=utf-8').send(body);
        }
        if (spec.cache && spec.response) {
          const result = await spec.handler(make(app.db));
          return reply.type('application/json; charset=utf-8').send(serialised(spec, reply, result));
        }
        if (!mutating || spec.transaction === 'manual') {
          return spec.handler(make(app.db));
        }
        return app.db.transaction().execute(async (trx) => {
          const result = await spec.handler(make(trx));
          const d = (detail ?? {}) as AuditDetail;
          await app.audit.write(trx, {
            ...auditBase(app, req, actor),
            action: spec.action ?? `${spec.method} ${spec.url}`,
            result: 'ok',
            ...d,
          });
          return result;
        });
      },
    });
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteSpec[];
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}
