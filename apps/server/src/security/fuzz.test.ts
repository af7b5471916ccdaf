import { ERROR_CODES } from '@taizhang/shared';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { TEST_HOST, TEST_ORIGIN, type TestApp, createTestApp } from '../test/harness.ts';

/**
 * API fuzzing from the OpenAPI document: for every route and three roles, random path params, query strings
 * and JSON bodies — schema-shaped ("valid-ish") and garbage. Invariants: no 5xx, every JSON error has the
 * {error:{code,message}} shape with a code of the taxonomy, input that cannot match the schema is a 4xx, and
 * every successful JSON response matches the response schema its route declares.
 * Requests are sampled up front with a seed (printed on failure: TZ_FUZZ_SEED=… to replay) and every
 * failure is collected, so one run lists all findings rather than the first.
 */
type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  pattern?: string;
  format?: string;
  minItems?: number;
  maxItems?: number;
};
interface Operation {
  parameters?: { name: string; in: 'path' | 'query'; required: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  'x-ability'?: string | null;
}

const RUNS = Number(process.env.TZ_FUZZ_RUNS ?? 10_500);
const SEED = Number(process.env.TZ_FUZZ_SEED ?? Date.now() % 2_147_483_647);
/** Routes whose success ends the fuzzing session or takes seconds by design (demo data load). */
const SKIP = new Set(['POST /api/v1/demo', 'DELETE /api/v1/demo']);

let ids: number[] = [1];

const weird = fc.constantFrom(
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'undefined',
  '[]',
  '{}',
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  "' OR 1=1 --",
  '<script>',
  '９',
  '\u202e',
  'x'.repeat(3000),
  '2024-02-30',
  '9999-99-99',
  'true',
);
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), weird);
const date = fc.oneof(
  fc.date({ min: new Date('1950-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  weird,
);

function arb(s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 4) return fc.oneof(fc.constant(null), text, fc.integer());
  if (s.enum) return fc.oneof({ arbitrary: fc.constantFrom(...s.enum), weight: 6 }, { arbitrary: text, weight: 1 });
  if (s.const !== undefined) return fc.constant(s.const);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => arb(a, depth + 1)));
  if (s.allOf?.length) return arb(s.allOf[0], depth + 1);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((t) => arb({ ...s, type: t }, depth + 1)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -5);
      const max = s.maximum ?? Math.max(min + 1000, 2000);
      return fc.oneof({ arbitrary: fc.integer({ min, max }), weight: 3 }, { arbitrary: fc.constantFrom(...ids), weight: 3 }, fc.integer());
    }
    case 'number':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: s.minimum ?? -1e6, max: s.maximum ?? 1e6 }), fc.constantFrom(...ids));
    case 'string': {
      if (s.format === 'date' || s.pattern?.includes('\\d{4}')) return date;
      if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      return fc.oneof(
        { arbitrary: fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 60) }), weight: 3 },
        { arbitrary: fc.constantFrom('测试', '第一小学', 'T001', '中共党员', '13812345678', 'a'), weight: 2 },
        { arbitrary: text, weight: 1 },
      );
    }
    case 'array':
      return fc.array(arb(s.items, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 4) });
    case 'object': {
      const props = s.properties ?? {};
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) record[k] = arb(v, depth + 1);
      const required = (s.required ?? []).filter((k) => k in props);
      return fc.record(record, { requiredKeys: required });
    }
    default:
      return fc.oneof(text, fc.integer(), fc.constant(null));
  }
}

const garbage = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.constantFrom('{', '{"a":', 'null', '[]', '"x"', '1', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}', '\u0000'),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 1 }), { maxKeys: 5 }),
);

interface Req {
  route: string;
  role: number;
  method: string;
  url: string;
  payload?: string;
  contentType?: string;
  /** The body cannot match the route's object schema: must be refused with a 4xx. */
  mustFail: boolean;
}

function requestsFor(method: string, path: string, op: Operation): fc.Arbitrary<Req> {
  const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
  const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
  const pathArb = fc.tuple(
    ...pathParams.map((p) =>
      fc.oneof(
        { arbitrary: arb(p.schema).map(String), weight: 2 },
        { arbitrary: fc.constantFrom(...ids).map(String), weight: 4 },
        { arbitrary: weird, weight: 1 },
      ),
    ),
  );
  const queryArb = fc.array(
    fc.oneof(
      {
        arbitrary: queryParams.length
          ? fc.constantFrom(...queryParams).chain((p) => arb(p.schema).map((v) => [p.name, v] as const))
          : fc.constant(['q', 'x'] as const),
        weight: 4,
      },
      { arbitrary: fc.tuple(fc.string({ maxLength: 6 }), text), weight: 1 },
    ),
    { maxLength: 4 },
  );
  const jsonSchema = op.requestBody?.content['application/json']?.schema;
  const multipart = !!op.requestBody?.content['multipart/form-data'];
  const bodyArb: fc.Arbitrary<{ payload?: string; contentType?: string; mustFail: boolean }> =
    method === 'GET'
      ? fc.constant({ mustFail: false })
      : fc.oneof(
          {
            arbitrary: arb(jsonSchema ?? { type: 'object' }).map((b) => ({ payload: JSON.stringify(b), contentType: 'application/json', mustFail: false })),
            weight: 5,
          },
          {
            arbitrary: garbage.map((g) => {
              const payload = typeof g === 'string' ? g : (JSON.stringify(g) ?? 'null');
              let parsed: unknown;
              try {
                parsed = JSON.parse(payload);
              } catch {
                parsed = Symbol('invalid');
              }
              const needsObject = !!jsonSchema && jsonSchema.type === 'object' && (jsonSchema.required?.length ?? 0) > 0;
              const notObject = parsed === null || typeof parsed !== 'object' || Array.isArray(parsed);
              return { payload, contentType: 'application/json', mustFail: needsObject && notObject && !multipart };
            }),
            weight: 2,
          },
          {
            arbitrary: fc.constant({
              payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK\u0003\u0004junk\r\n--x--\r\n',
              contentType: 'multipart/form-data; boundary=x',
              mustFail: false,
            }),
            weight: multipart ? 3 : 0,
          },
        );
  return fc.record({ role: fc.integer({ min: 0, max: 2 }), p: pathArb, q: queryArb, b: bodyArb }).map(({ role, p, q, b }) => {
    let i = 0;
    let url = path.replace(/\{(\w+)\}/g, () => encodeURIComponent(p[i++] ?? '1'));
    const qs = q.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'object' ? JSON.stringify(v) : String(v))}`).join('&');
    if (qs) url += `?${qs}`;
    return { route: `${method} ${path}`, role, method, url, ...b };
  });
}

let t: TestApp;
const sessions: { cookie: string; csrf: string }[] = [];
const ROLES = ['committee_admin', 'org_admin', 'member'] as const;
let orgFor: number[] = [];

let logins = 0;
/** A fresh user and session per call; each from its own address so re-logins never meet the per-IP login limit. */
async function login(role: number) {
  const u = await t.f.user({ role: ROLES[role] as (typeof ROLES)[number], orgId: orgFor[role] as number });
  logins++;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { host: TEST_HOST, origin: TEST_ORIGIN, 'content-type': 'application/json' },
    payload: JSON.stringify({ username: u.username, password: u.password }),
    remoteAddress: `10.8.${Math.floor(logins / 250)}.${(logins % 250) + 1}`,
  });
  if (res.statusCode !== 200) throw new Error(`login as ${ROLES[role]} failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
  const cookie = res.cookies.find((c) => c.name.endsWith('tz_session'));
  sessions[role] = { cookie: `${cookie?.name}=${cookie?.value}`, csrf: res.json().csrfToken };
}

describe.skipIf(process.env.TZ_TEST_DIALECT === 'pg')('API fuzzing from the OpenAPI document', () => {
  beforeAll(async () => {
    t = await createTestApp();
    const d = await t.f.district();
    orgFor = [d.committee.id, d.schoolA.id, d.branchA.id];
    ids = [d.committee.id, d.schoolA.id, d.branchA.id, d.schoolB.id, d.branchB.id, 0, 999_999];
    for (const r of [0, 1, 2]) await login(r);
  });
  afterAll(async () => {
    await t.close();
  });

  it(`≥ 10,000 requests over every route × 3 roles: no 5xx, error bodies in the taxonomy, invalid bodies refused, successes match their response schemas (seed ${SEED})`, async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { host: TEST_HOST } })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const ops: fc.Arbitrary<Req>[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (SKIP.has(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`) || SKIP.has(`${method.toUpperCase()} ${path}`)) continue;
        ops.push(requestsFor(method.toUpperCase(), path, op));
      }
    }
    expect(ops.length).toBeGreaterThan(50);
    const requests = fc.sample(fc.oneof(...ops), { numRuns: RUNS, seed: SEED });
    const responseSchemas = new Map<string, ZodType>();
    for (const spec of t.app.routeTable)
      if (spec.response) responseSchemas.set(`${spec.method} ${spec.url.replace(/:(\w+)/g, '{$1}')}`, spec.response as ZodType);
    const failures = new Map<string, string>();
    const byStatus = new Map<number, number>();
    const codes = new Set(Object.keys(ERROR_CODES));
    let sent = 0;
    const started = Date.now();
    for (const r of requests) {
      const s = sessions[r.role] as { cookie: string; csrf: string };
      const headers: Record<string, string> = { host: TEST_HOST, origin: TEST_ORIGIN, cookie: s.cookie, 'x-csrf-token': s.csrf };
      if (r.contentType) headers['content-type'] = r.contentType;
      let res: LightMyRequestResponse;
      try {
        res = await t.app.inject({
          method: r.method as 'GET',
          url: r.url,
          headers,
          remoteAddress: `10.9.1.${r.role + 1}`,
          ...(r.payload !== undefined ? { payload: r.payload } : {}),
        });
      } catch (err) {
        failures.set(`${r.method} ${r.url.split('?')[0]} threw`, `${(err as Error).message} body=${r.payload?.slice(0, 200)}`);
        continue;
      }
      sent++;
      byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
      const note = (what: string) => {
        const k = `${r.route} ${what}`;
        if (!failures.has(k))
          failures.set(
            k,
            `${r.method} ${r.url.slice(0, 160)} role=${ROLES[r.role]} body=${r.payload?.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`,
          );
      };
      if (res.statusCode >= 500) note('5xx');
      if (res.statusCode >= 400) {
        const ct = String(res.headers['content-type'] ?? '');
        if (!ct.includes('json')) note('non-JSON error');
        else {
          const body = res.json() as { error?: { code?: unknown; message?: unknown } };
          if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string' || !codes.has(body.error.code)) note('error shape');
        }
      }
      if (r.mustFail && res.statusCode < 400) note('accepted invalid body');
      const declared = responseSchemas.get(r.route);
      if (declared && res.statusCode >= 200 && res.statusCode < 300 && String(res.headers['content-type'] ?? '').includes('json')) {
        const parsed = declared.safeParse(res.json());
        if (!parsed.success) note(`response schema (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
      }
      if (res.statusCode === 401 && !r.url.startsWith('/api/v1/auth/')) await login(r.role);
      else if (res.statusCode === 401) await login(r.role);
    }
    const summary = `${sent} requests (${logins} logins) in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(byStatus))}; seed ${SEED}`;
    console.log(summary);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect([...failures.entries()].map(([k, v]) => `${k}: ${v}`)).toEqual([]);
  }, 240_000);
});
