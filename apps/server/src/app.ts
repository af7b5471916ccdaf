import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { ALL_ROUTES } from './modules/index.ts';
import { authenticate } from './platform/auth/sessions.ts';
import type { AppContext } from './platform/context.ts';
import { readSessionToken } from './platform/http/cookies.ts';
import { csrfProblem } from './platform/http/csrf.ts';
import { classify, sendError } from './platform/http/errors.ts';
import { STATE_CHANGING, auditBase, registerRoutes, resultOf, specOf } from './platform/http/route.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_WEB_DIST = path.resolve(here, '../../web/dist');

export interface BuildOptions {
  logger?: boolean;
  /** Serve the built web app (default: when it exists). */
  serveWeb?: boolean;
}

function reasonOf(details: unknown): string | undefined {
  if (typeof details !== 'object' || details === null || !('reason' in details)) return undefined;
  return typeof details.reason === 'string' ? details.reason : undefined;
}

export async function buildApp(app: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const fastify = Fastify({
    logger: opts.logger === false ? false : { level: app.config.LOG_LEVEL, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] },
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: app.config.TRUST_PROXY,
    bodyLimit: 25 * 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    // Malformed URLs (bad percent-encoding, over-long parameters) answer in the taxonomy like every other error.
    frameworkErrors: (err, req, reply) => {
      void sendError(req, reply, 'validation_failed', { reason: err.code });
    },
  });
  app.log ??= fastify.log;
  fastify.decorate('routeTable', []);
  fastify.decorateRequest('actor', null);

  await fastify.register(cookie);
  // The security headers (CSP, frame-ancestors, nosniff, HSTS over TLS …) from one helmet built at start-up:
  // @fastify/helmet builds helmet, parsing the CSP directives, on every request.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: app.config.COOKIE_SECURE ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  fastify.addHook('onRequest', (req, reply, done) => {
    securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined));
  });
  await fastify.register(compress, { global: true, threshold: 1024 });
  // Workbook uploads arrive as raw bodies; the import engine checks what they really are.
  fastify.addContentTypeParser(
    ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'],
    { parseAs: 'buffer' },
    (_req, body, done) => done(null, body),
  );

  fastify.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', String(req.id));
    if (!req.url.startsWith('/api/')) return;
    reply.header('cache-control', 'no-store');
    req.actor = await authenticate(app, readSessionToken(req));
    if (STATE_CHANGING.has(req.method)) {
      const isLogin = req.url.split('?')[0] === '/api/v1/auth/login';
      const problem = csrfProblem(app, req, isLogin);
      if (problem) {
        await app.audit.write(app.db, {
          ...auditBase(app, req, req.actor),
          action: 'security.csrf_refused',
          result: 'denied',
          after: { reason: problem, method: req.method, url: req.url.slice(0, 200) },
        });
        return sendError(req, reply, 'forbidden', { reason: problem });
      }
    }
  });

  fastify.setErrorHandler(async (err, req, reply) => {
    const { code, details } = classify(err);
    if (code === 'internal_error') req.log.error({ err }, 'unhandled error');
    const spec = specOf(req);
    if (STATE_CHANGING.has(req.method) && spec && spec.transaction !== 'manual') {
      try {
        await app.audit.write(app.db, {
          ...auditBase(app, req, req.actor),
          action: spec.action ?? `${req.method} ${spec.url}`,
          result: resultOf(err),
          // The reason (e.g. reauth_failed) lets rate limits count failures that rolled back with their transaction.
          after: { error: code, ...(reasonOf(details) ? { reason: reasonOf(details) } : {}) },
        });
      } catch (auditErr) {
        req.log.error({ err: auditErr }, 'failed to audit a failed request');
      }
    } else if (code === 'forbidden' && spec) {
      // Every failed authorization is audited, reads included (等保 §8.1.4.3): who tried what, and why not.
      try {
        await app.audit.write(app.db, {
          ...auditBase(app, req, req.actor),
          action: `${req.method} ${spec.url}`,
          result: 'denied',
          after: { error: code, url: req.url.slice(0, 200), ...(reasonOf(details) ? { reason: reasonOf(details) } : {}) },
        });
      } catch (auditErr) {
        req.log.error({ err: auditErr }, 'failed to audit a refused read');
      }
    }
    return sendError(req, reply, code, details);
  });

  (await import('./platform/metrics.ts')).registerMetrics(fastify, app);
  registerRoutes(fastify, app, ALL_ROUTES);

  const webDist = app.config.WEB_DIST ?? DEFAULT_WEB_DIST;
  const serveWeb = opts.serveWeb ?? existsSync(path.join(webDist, 'index.html'));
  if (serveWeb) {
    await fastify.register(fastifyStatic, { root: webDist, wildcard: false, maxAge: '1h', immutable: false });
  }
  fastify.setNotFoundHandler(async (req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET' || !serveWeb) return sendError(req, reply, 'not_found');
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return fastify;
}
