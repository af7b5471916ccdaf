import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('malformed URLs', () => {
  it('answer validation_failed in the error taxonomy with a request id, not the framework’s own body', async () => {
    const c = await t.as('committee_admin', null);
    for (const url of [`/api/v1/org-units/${'1'.repeat(300)}`, '/api/v1/org-units/%E0%A4%A']) {
      const res = await c.get(url);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.requestId).toBeTruthy();
    }
  });
});
