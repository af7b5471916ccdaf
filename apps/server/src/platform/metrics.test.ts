import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const lineOf = (text: string, prefix: string) => text.split('\n').find((l) => l.startsWith(prefix));

describe('/metrics', () => {
  it('answers in the Prometheus text format and counts requests by route template and status', async () => {
    const c = t.anon();
    const labels = 'method="GET",route="/api/v1/people/:id",status="401"';
    const before = await c.get('/metrics');
    expect(before.statusCode).toBe(200);
    expect(before.headers['content-type']).toContain('text/plain; version=0.0.4');
    const n0 = Number(lineOf(before.body, `taizhang_http_request_duration_seconds_count{${labels}}`)?.split(' ')[1] ?? 0);
    expect((await c.get('/api/v1/people/123')).statusCode).toBe(401);
    expect((await c.get('/api/v1/people/456')).statusCode).toBe(401);
    const after = (await c.get('/metrics')).body;
    expect(after).toContain('# TYPE taizhang_http_request_duration_seconds histogram');
    expect(lineOf(after, `taizhang_http_request_duration_seconds_count{${labels}}`)).toBe(`taizhang_http_request_duration_seconds_count{${labels}} ${n0 + 2}`);
    expect(after).toContain(`taizhang_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${n0 + 2}`);
    expect(after).toMatch(/^taizhang_jobs_due \d+$/m);
    if (t.ctx.dialect === 'pg') expect(after).toMatch(/^taizhang_db_pool_connections\{state="total"\} [1-9]\d*$/m);
    // The scrape itself is not recorded.
    expect(after).not.toContain('route="/metrics"');
  });

  it('asks for the bearer token when one is configured', async () => {
    process.env.TAIZHANG_METRICS_TOKEN = 'scrape-secret';
    try {
      expect((await t.anon().get('/metrics')).statusCode).toBe(401);
      const ok = await t.anon().request('GET', '/metrics', undefined, { authorization: 'Bearer scrape-secret' });
      expect(ok.statusCode).toBe(200);
    } finally {
      delete process.env.TAIZHANG_METRICS_TOKEN;
    }
  });
});
