import { createHmac } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { MAX_DELIVERY_ATTEMPTS, processDeliveries } from './notify.ts';

let t: TestApp;
let server: http.Server;
let base: string;
const seen: { url: string; body: string }[] = [];
let failPaths = new Set<string>();

beforeEach(async () => {
  t = await createTestApp({ config: { SESSION_IDLE_MINUTES: '1000000', SESSION_ABSOLUTE_HOURS: '100000' } });
  seen.length = 0;
  failPaths = new Set();
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      seen.push({ url: req.url ?? '', body });
      const path = (req.url ?? '').split('?')[0];
      if (failPaths.has(path)) {
        res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
        return;
      }
      if (path === '/errcode') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":310000,"errmsg":"sign not match"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

async function setup() {
  const d = await t.f.district();
  const committee = await t.as('committee_admin', d.committee.id);
  const sys = await t.as('system_admin', null);
  const rec = await t.f.user({ role: 'recorder', orgId: d.schoolA.id });
  const issue = () =>
    committee.post('/api/v1/tasks', { title: '师德师风演讲比赛', issuingOrgId: d.committee.id, deadline: '2026-05-31', targets: { orgIds: [d.schoolA.id] } });
  return { d, committee, sys, rec, issue };
}

describe('notification delivery', () => {
  it('delivers to WeCom and signed DingTalk group robots (stub server checks the signature)', async () => {
    const { sys, committee, issue } = await setup();
    const secret = 'SECtest0123456789';
    expect(
      (await sys.request('PUT', '/api/v1/notification-channels/wecom', { enabled: true, config: { url: `${base}/cgi-bin/webhook/send?key=k1` } })).statusCode,
    ).toBe(200);
    const ding = await sys.request('PUT', '/api/v1/notification-channels/dingtalk', {
      enabled: true,
      config: { url: `${base}/robot/send?access_token=tok`, secret },
    });
    expect(ding.json().config.secret).toBe('***');
    // Only administrators see or change channels.
    expect((await committee.get('/api/v1/notification-channels')).statusCode).toBe(403);
    expect((await sys.get('/api/v1/notification-channels')).json().items.find((c: { channel: string }) => c.channel === 'dingtalk').config).toEqual({
      url: `${base}/robot/send?access_token=tok`,
      secret: '***',
    });
    // Saving the masked value keeps the stored secret.
    await sys.request('PUT', '/api/v1/notification-channels/dingtalk', {
      enabled: true,
      config: { url: `${base}/robot/send?access_token=tok`, secret: '***' },
    });

    expect((await issue()).statusCode).toBe(201);
    const r = await processDeliveries(t.ctx);
    expect(r).toEqual({ sent: 2, failed: 0, retried: 0 });
    const wecom = seen.find((s) => s.url.startsWith('/cgi-bin/webhook/send'));
    expect(wecom?.url).toBe('/cgi-bin/webhook/send?key=k1');
    expect(JSON.parse(wecom?.body ?? '{}')).toMatchObject({ msgtype: 'text', text: { content: expect.stringContaining('新任务：师德师风演讲比赛') } });
    const dt = seen.find((s) => s.url.startsWith('/robot/send'));
    const url = new URL(`${base}${dt?.url}`);
    expect(url.searchParams.get('access_token')).toBe('tok');
    const ts = url.searchParams.get('timestamp') ?? '';
    expect(Number(ts)).toBe(t.clock.now().getTime());
    const expected = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
    expect(url.searchParams.get('sign')).toBe(expected);
    // The raw query carries the URL-encoded signature.
    expect(dt?.url).toContain(`&sign=${encodeURIComponent(expected)}`);
    const list = (await sys.get('/api/v1/notifications/deliveries?status=sent')).json();
    expect(list.items.map((x: { channel: string }) => x.channel).sort()).toEqual(['dingtalk', 'wecom']);
    // Nothing left to send.
    expect(await processDeliveries(t.ctx)).toEqual({ sent: 0, failed: 0, retried: 0 });
  });

  it('retries a failing delivery with exponential backoff, then keeps it failed and visible; an administrator can requeue it', async () => {
    const { sys, committee, rec, issue } = await setup();
    failPaths.add('/hook');
    await sys.request('PUT', '/api/v1/notification-channels/wecom', { enabled: true, config: { url: `${base}/hook` } });
    // The recorder turns off DingTalk only: WeCom still goes out.
    const recClient = await t.login(rec.username, rec.password);
    await recClient.request('PUT', '/api/v1/notifications/prefs', { prefs: [{ channel: 'dingtalk', enabled: false }] });
    await issue();
    expect(await processDeliveries(t.ctx)).toEqual({ sent: 0, failed: 0, retried: 1 });
    let d = (await sys.get('/api/v1/notifications/deliveries')).json().items[0];
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('HTTP 502') });
    expect(Date.parse(d.nextAttemptAt) - t.clock.now().getTime()).toBe(60_000);
    // Not due yet: nothing happens.
    expect(await processDeliveries(t.ctx)).toEqual({ sent: 0, failed: 0, retried: 0 });
    const gaps: number[] = [];
    for (let i = 2; i <= MAX_DELIVERY_ATTEMPTS; i++) {
      d = (await sys.get('/api/v1/notifications/deliveries')).json().items[0];
      const wait = Date.parse(d.nextAttemptAt) - t.clock.now().getTime();
      gaps.push(wait / 60_000);
      t.clock.set(d.nextAttemptAt);
      await processDeliveries(t.ctx);
    }
    expect(gaps).toEqual([1, 2, 4, 8, 16, 32, 64]);
    d = (await sys.get('/api/v1/notifications/deliveries?status=failed')).json().items[0];
    expect(d).toMatchObject({ status: 'failed', attempts: MAX_DELIVERY_ATTEMPTS, nextAttemptAt: null });
    expect(seen.filter((s) => s.url === '/hook')).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    expect((await committee.get('/api/v1/notifications/deliveries')).statusCode).toBe(403);

    // The robot is fixed; the administrator requeues; it goes out.
    failPaths.clear();
    expect((await sys.post(`/api/v1/notifications/deliveries/${d.id}/retry`)).statusCode).toBe(200);
    expect(await processDeliveries(t.ctx)).toEqual({ sent: 1, failed: 0, retried: 0 });
    // A robot answering errcode ≠ 0 is a failure too.
    await sys.request('PUT', '/api/v1/notification-channels/wecom', { enabled: true, config: { url: `${base}/errcode` } });
    await issue();
    expect(await processDeliveries(t.ctx)).toEqual({ sent: 0, failed: 0, retried: 1 });
    expect((await sys.get('/api/v1/notifications/deliveries?status=pending')).json().items[0].lastError).toContain('310000');
  });

  it('sends e-mail over SMTP to users who gave an address (stub SMTP server)', async () => {
    const { sys, rec, issue } = await setup();
    const received: string[] = [];
    const smtp = net.createServer((sock) => {
      let inData = false;
      let buf = '';
      sock.write('220 stub ESMTP\r\n');
      sock.on('data', (chunk: Buffer) => {
        buf += chunk.toString('utf8');
        let i = buf.indexOf('\r\n');
        while (i >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 2);
          received.push(line);
          if (inData) {
            if (line === '.') {
              inData = false;
              sock.write('250 queued\r\n');
            }
          } else if (/^EHLO/i.test(line)) sock.write('250-stub\r\n250 AUTH PLAIN\r\n');
          else if (/^AUTH PLAIN/i.test(line)) sock.write('235 ok\r\n');
          else if (/^DATA/i.test(line)) {
            inData = true;
            sock.write('354 go\r\n');
          } else if (/^QUIT/i.test(line)) sock.end('221 bye\r\n');
          else sock.write('250 ok\r\n');
          i = buf.indexOf('\r\n');
        }
      });
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    try {
      const port = (smtp.address() as AddressInfo).port;
      const put = await sys.request('PUT', '/api/v1/notification-channels/email', {
        enabled: true,
        config: { host: '127.0.0.1', port, secure: false, user: 'robot', password: 'pw', from: 'taizhang@example.org' },
      });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json().config.password).toBe('***');
      const recClient = await t.login(rec.username, rec.password);
      const bad = await recClient.request('PUT', '/api/v1/notifications/prefs', { prefs: [{ channel: 'email', enabled: true, address: 'not-an-address' }] });
      expect(bad.statusCode).toBe(400);
      await recClient.request('PUT', '/api/v1/notifications/prefs', { prefs: [{ channel: 'email', enabled: true, address: 'rec@example.org' }] });
      expect((await recClient.get('/api/v1/notifications/prefs')).json().items.find((p: { channel: string }) => p.channel === 'email')).toEqual({
        channel: 'email',
        enabled: true,
        address: 'rec@example.org',
      });
      await issue();
      expect(await processDeliveries(t.ctx)).toEqual({ sent: 1, failed: 0, retried: 0 });
      expect(received).toContain('MAIL FROM:<taizhang@example.org>');
      expect(received).toContain('RCPT TO:<rec@example.org>');
      expect(received).toContain(`AUTH PLAIN ${Buffer.from('\u0000robot\u0000pw').toString('base64')}`);
      const subject = received.find((l) => l.startsWith('Subject: '));
      expect(subject).toBe(`Subject: =?UTF-8?B?${Buffer.from('新任务：师德师风演讲比赛').toString('base64')}?=`);
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});
