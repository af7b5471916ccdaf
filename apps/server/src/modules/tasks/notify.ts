import { createHmac } from 'node:crypto';
import { DELIVERY_CHANNELS, type DeliveryChannel } from '@taizhang/shared/schemas/tasks';
import type { Executor } from '../../db/database.ts';
import { addMinutes, iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { dutyRolesAt } from '../people/duty-roles.ts';
import { type SmtpSettings, sendMail } from './smtp.ts';

export interface NotificationInput {
  kind: string;
  title: string;
  body: string;
  link?: string | null;
}

export const MAX_DELIVERY_ATTEMPTS = 8;
/** Exponential backoff after the n-th failed attempt: 1, 2, 4 … minutes, at most a day. */
export function backoffMinutes(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 1440);
}

interface ChannelRow {
  channel: DeliveryChannel;
  config: Record<string, unknown>;
}

async function enabledChannels(exec: Executor): Promise<ChannelRow[]> {
  const rows = await exec.selectFrom('notification_channels').selectAll().where('enabled', '=', 1).execute();
  return rows
    .filter((r) => (DELIVERY_CHANNELS as readonly string[]).includes(r.channel))
    .map((r) => ({ channel: r.channel as DeliveryChannel, config: JSON.parse(r.config_json) as Record<string, unknown> }));
}

/**
 * Creates in-app notifications for users (deduplicated) and queues a delivery per enabled channel
 * the user has not turned off (email needs the user's address). Returns the notification count.
 */
export async function notifyUsers(app: AppContext, exec: Executor, userIds: Iterable<number>, n: NotificationInput): Promise<number> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return 0;
  const now = iso(app.clock.now());
  const active = (await exec.selectFrom('users').select('id').where('id', 'in', ids).where('disabled', '=', 0).execute()).map((u) => u.id);
  if (active.length === 0) return 0;
  const channels = await enabledChannels(exec);
  const prefs = channels.length ? await exec.selectFrom('notification_prefs').selectAll().where('user_id', 'in', active).execute() : [];
  let count = 0;
  for (const userId of active) {
    const row = await exec
      .insertInto('notifications')
      .values({ user_id: userId, kind: n.kind, title: n.title, body: n.body, link: n.link ?? null, created_at: now, read_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    count++;
    for (const c of channels) {
      const pref = prefs.find((p) => p.user_id === userId && p.channel === c.channel);
      if (pref && pref.enabled === 0) continue;
      if (c.channel === 'email' && !pref?.address) continue;
      await exec
        .insertInto('deliveries')
        .values({
          notification_id: row.id,
          channel: c.channel,
          status: 'pending',
          attempts: 0,
          next_attempt_at: now,
          last_error: null,
          created_at: now,
          sent_at: null,
        })
        .execute();
    }
  }
  return count;
}

/** The party orgs that serve an org: itself when it is one, else the (general) branches directly under it. */
async function servingPartyOrgs(exec: Executor, orgId: number): Promise<number[]> {
  const org = await exec.selectFrom('org_units').select(['id', 'kind']).where('id', '=', orgId).executeTakeFirst();
  if (!org) return [];
  if (['committee', 'general_branch', 'branch'].includes(org.kind)) return [org.id];
  const children = await exec
    .selectFrom('org_units')
    .select(['id', 'kind'])
    .where('parent_id', '=', orgId)
    .where('active', '=', 1)
    .where('kind', 'in', ['general_branch', 'branch'])
    .execute();
  const general = children.filter((c) => c.kind === 'general_branch');
  return (general.length ? general : children).map((c) => c.id);
}

/** The first responsible person(s) of an org (school → the secretary of the party org under it). */
export async function firstResponsibleOf(exec: Executor, orgId: number, date: string): Promise<{ personId: number; name: string }[]> {
  const partyOrgs = await servingPartyOrgs(exec, orgId);
  const roles = await dutyRolesAt(exec, partyOrgs, date);
  const out = new Map<number, string>();
  for (const r of roles) for (const h of r.firstResponsible) out.set(h.personId, h.name);
  return [...out].map(([personId, name]) => ({ personId, name }));
}

/** Users to notify about an org's assignment: its first responsible person's account and its recorders. */
export async function orgRecipients(exec: Executor, orgId: number, date: string): Promise<number[]> {
  const first = await firstResponsibleOf(exec, orgId, date);
  const users = new Set<number>();
  if (first.length) {
    for (const u of await exec
      .selectFrom('users')
      .select('id')
      .where(
        'person_id',
        'in',
        first.map((f) => f.personId),
      )
      .execute())
      users.add(u.id);
  }
  const recorders = await exec
    .selectFrom('grants')
    .select('user_id')
    .where('role', '=', 'recorder')
    .where('org_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId))
    .execute();
  for (const r of recorders) users.add(r.user_id);
  return [...users];
}

/** DingTalk 加签: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)), URL-encoded. */
export function dingtalkSign(secret: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(mac);
}

async function postJson(url: string, payload: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  // Both robots answer 200 with {errcode, errmsg}; a non-zero errcode is a failure.
  try {
    const body = JSON.parse(text) as { errcode?: number; errmsg?: string };
    if (typeof body.errcode === 'number' && body.errcode !== 0) throw new Error(`errcode ${body.errcode}: ${body.errmsg ?? ''}`);
  } catch (err) {
    if (err instanceof SyntaxError) return;
    throw err;
  }
}

export interface OutgoingMessage {
  title: string;
  body: string;
  link: string | null;
  recipientName: string;
  address: string | null;
}

/** Sends one message on a channel; throws on failure. */
export async function sendOnChannel(app: AppContext, channel: DeliveryChannel, config: Record<string, unknown>, msg: OutgoingMessage): Promise<void> {
  const content = `【台账】${msg.title}\n${msg.body}${msg.link ? `\n${msg.link}` : ''}\n（${msg.recipientName}）`;
  if (channel === 'email') {
    if (!msg.address) throw new Error('no e-mail address');
    await sendMail(config as unknown as SmtpSettings, { to: msg.address, subject: msg.title, text: content }, { date: app.clock.now() });
    return;
  }
  const url = String(config.url ?? '');
  if (!/^https?:\/\//.test(url)) throw new Error('webhook url not configured');
  if (channel === 'wecom') {
    await postJson(url, { msgtype: 'text', text: { content } });
    return;
  }
  let target = url;
  const secret = typeof config.secret === 'string' && config.secret ? config.secret : null;
  if (secret) {
    const timestamp = app.clock.now().getTime();
    target += `${url.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${dingtalkSign(secret, timestamp)}`;
  }
  await postJson(target, { msgtype: 'text', text: { content } });
}

/**
 * Attempts due deliveries. Each is claimed with a conditional update (a lease), so two instances
 * never send the same delivery at once; a failure is retried with backoff and, after the last
 * attempt, stays `failed` for the administrators (and the log) to see.
 */
export async function processDeliveries(app: AppContext, limit = 100): Promise<{ sent: number; failed: number; retried: number }> {
  const db = app.db;
  const now = app.clock.now();
  const due = await db
    .selectFrom('deliveries')
    .select(['id', 'next_attempt_at'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', iso(now))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  const channels = new Map((await db.selectFrom('notification_channels').selectAll().execute()).map((c) => [c.channel, c]));
  const out = { sent: 0, failed: 0, retried: 0 };
  for (const d of due) {
    const claimed = await db
      .updateTable('deliveries')
      .set({ next_attempt_at: iso(addMinutes(now, 10)) })
      .where('id', '=', d.id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', d.next_attempt_at)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const row = await db
      .selectFrom('deliveries as d')
      .innerJoin('notifications as n', 'n.id', 'd.notification_id')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .leftJoin('notification_prefs as p', (j) => j.onRef('p.user_id', '=', 'n.user_id').onRef('p.channel', '=', 'd.channel'))
      .select(['d.id', 'd.channel', 'd.attempts', 'n.title', 'n.body', 'n.link', 'u.display_name', 'p.address'])
      .where('d.id', '=', d.id)
      .executeTakeFirstOrThrow();
    const ch = channels.get(row.channel);
    const attempts = row.attempts + 1;
    try {
      if (ch?.enabled !== 1) throw new Error('channel disabled or not configured');
      await sendOnChannel(app, row.channel as DeliveryChannel, JSON.parse(ch.config_json) as Record<string, unknown>, {
        title: row.title,
        body: row.body,
        link: row.link,
        recipientName: row.display_name,
        address: row.address ?? null,
      });
      await db
        .updateTable('deliveries')
        .set({ status: 'sent', attempts, sent_at: iso(app.clock.now()), next_attempt_at: null, last_error: null })
        .where('id', '=', row.id)
        .execute();
      out.sent++;
    } catch (err) {
      const message = (err as Error).message.slice(0, 500);
      const final = attempts >= MAX_DELIVERY_ATTEMPTS;
      await db
        .updateTable('deliveries')
        .set({
          status: final ? 'failed' : 'pending',
          attempts,
          last_error: message,
          next_attempt_at: final ? null : iso(addMinutes(app.clock.now(), backoffMinutes(attempts))),
        })
        .where('id', '=', row.id)
        .execute();
      if (final) {
        out.failed++;
        app.log?.error({ deliveryId: row.id, channel: row.channel, err: message }, 'notification delivery failed for good');
      } else {
        out.retried++;
        app.log?.warn({ deliveryId: row.id, channel: row.channel, attempts, err: message }, 'notification delivery failed; will retry');
      }
    }
  }
  return out;
}
