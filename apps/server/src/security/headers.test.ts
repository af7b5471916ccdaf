import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../test/harness.ts';

let t: TestApp;
let tls: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  tls = await createTestApp({ config: { COOKIE_SECURE: 'true' } });
});
afterAll(async () => {
  await t.close();
  await tls.close();
});

describe('security headers (等保: 入侵防范, 安全通信)', () => {
  it('every response carries the content security policy and the browser hardening headers', async () => {
    const c = await t.as('committee_admin', null);
    for (const res of [await t.anon().get('/healthz'), await t.anon().get('/api/v1/auth/session'), await c.get('/api/v1/org-units'), await c.get('/nowhere')]) {
      const csp = String(res.headers['content-security-policy']);
      for (const d of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) {
        expect(csp, res.raw.req.url).toContain(d);
      }
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['x-powered-by']).toBeUndefined();
      // Strict-Transport-Security only where the deployment says it runs behind TLS.
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('sends HSTS when cookies are marked secure (served over TLS)', async () => {
    const res = await tls.anon().get('/healthz');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });
});
