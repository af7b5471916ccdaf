import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { buildApp } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import { FakeClock } from '../platform/clock.ts';
import { type AppContext, createContext } from '../platform/context.ts';
import { Factories } from './factories.ts';
import { freshDatabase } from './database.ts';

export const TEST_HOST = 'taizhang.test';
export const TEST_ORIGIN = `http://${TEST_HOST}`;

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: FakeClock;
  f: Factories;
  /** An HTTP client without a session. */
  anon(): Client;
  /** Logs in through the API and returns a client carrying the session cookie and CSRF token. */
  login(username: string, password: string): Promise<Client>;
  /** Creates a user with one grant and logs in. */
  as(role: Parameters<Factories['user']>[0]['role'], orgId: number | null): Promise<Client>;
  close(): Promise<void>;
}

let clientSeq = 0;

export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  /** The password this client signed in with (for re-authentication). */
  password: string | null = null;
  /** Each client comes from its own address, so per-IP login limits apply per client. */
  readonly ip = `10.${(++clientSeq >> 16) & 255}.${(clientSeq >> 8) & 255}.${clientSeq & 255}`;
  constructor(private readonly app: FastifyInstance) {}

  /** `headers` override the defaults; a header set to undefined is left out. */
  async request(method: string, url: string, body?: unknown, headers: Record<string, string | undefined> = {}): Promise<LightMyRequestResponse> {
    const h: Record<string, string> = { host: TEST_HOST, origin: TEST_ORIGIN };
    for (const [k, v] of Object.entries(headers)) {
      if (v === undefined) delete h[k];
      else h[k] = v;
    }
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in headers)) h['x-csrf-token'] = this.csrf;
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      remoteAddress: this.ip,
      headers: h,
      ...(body === undefined
        ? {}
        : typeof body === 'string' || Buffer.isBuffer(body)
          ? { payload: body }
          : { payload: JSON.stringify(body), headers: { ...h, 'content-type': 'application/json' } }),
    });
    const set = res.cookies.find((c) => c.name === 'tz_session' || c.name === '__Host-tz_session');
    if (set) this.cookie = set.value ? `${set.name}=${set.value}` : null;
    return res;
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body: unknown = {}) {
    return this.request('POST', url, body);
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
  /** Enters the password again (POST /api/v1/auth/reauth): personal-data exports and settings changes need it. */
  async reauth(): Promise<LightMyRequestResponse> {
    const res = await this.post('/api/v1/auth/reauth', { password: this.password ?? '' });
    if (res.statusCode !== 200) throw new Error(`reauth failed: ${res.statusCode} ${res.body}`);
    return res;
  }
}

/** Calls `onQuery` once per statement executed (its kind: SelectQueryNode, InsertQueryNode, RawNode …). */
function countingPlugin(onQuery: (kind: string) => void): KyselyPlugin {
  return {
    transformQuery: (args) => {
      onQuery(args.node.kind);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
}

export async function createTestApp(
  opts: {
    config?: Partial<Record<keyof Config, string>>;
    /** Optional: observe every SQL statement the app runs (query-count guards). Off: behaviour unchanged. */
    onQuery?: (kind: string) => void;
  } = {},
): Promise<TestApp> {
  const db = await freshDatabase();
  const config = loadConfig({}, { ...db.config, LOG_LEVEL: 'silent', ...opts.config });
  const clock = new FakeClock();
  const ctx = createContext(config, db.handle, clock);
  if (opts.onQuery) ctx.db = ctx.db.withPlugin(countingPlugin(opts.onQuery));
  const app = await buildApp(ctx, { logger: false, serveWeb: false });
  await app.ready();
  const f = new Factories(ctx);
  const t: TestApp = {
    app,
    ctx,
    clock,
    f,
    anon: () => new Client(app),
    async login(username, password) {
      const c = new Client(app);
      const res = await c.post('/api/v1/auth/login', { username, password });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      c.csrf = res.json().csrfToken;
      c.password = password;
      return c;
    },
    async as(role, orgId) {
      const u = await f.user({ role, orgId });
      return t.login(u.username, u.password);
    },
    async close() {
      await app.close();
      await db.dispose();
    },
  };
  return t;
}
