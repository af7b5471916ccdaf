import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { PostgresAdapter } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { AuditWriter } from '../audit/audit.ts';
import { canonicalJson } from '../crypto.ts';
import { type Keyring, allKeys, keyId, keyring, subkey } from './keyring.ts';
import './tables.ts';

/**
 * Integrity tags on role-bearing rows (密评 GB/T 39786 §8.4 b: integrity of important data; 等保 访问控制).
 * With a master key: `hmac-sm3.<keyId>:` (profile sm) or `hmac-sha256.<keyId>:` over the row's
 * role-relevant columns, keyed with a purpose-bound subkey — a database-only attacker cannot forge it.
 * Without a key: a plain `sm3:`/`sha256:` digest, which only catches careless edits (documented).
 */
export interface GrantFields {
  user_id: number;
  role: string;
  org_id: number | null;
}

function grantContent(g: GrantFields): string {
  return canonicalJson(['grant', g.user_id, g.role, g.org_id]);
}

/** A tag over `content` for one purpose (each purpose has its own subkey). */
export function rowTag(purpose: string, content: string, k: Keyring = keyring()): string {
  const alg = k.profile === 'sm' ? 'sm3' : 'sha256';
  if (k.master) {
    const mac = createHmac(alg, subkey(k.master, purpose)).update(content, 'utf8').digest('hex');
    return `hmac-${alg}.${keyId(k.master)}:${mac}`;
  }
  return `${alg}:${createHash(alg).update(content, 'utf8').digest('hex')}`;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Does the stored tag vouch for `content`? With a key configured, plain digests are not accepted. */
export function rowTagValid(purpose: string, content: string, tag: string | null, k: Keyring = keyring()): boolean {
  if (!tag) return false;
  const colon = tag.indexOf(':');
  const method = tag.slice(0, Math.max(0, colon));
  const plain = /^(sha256|sm3)$/.exec(method);
  if (plain) {
    if (k.master) return false;
    const alg = plain[1] as 'sha256' | 'sm3';
    return same(tag, `${alg}:${createHash(alg).update(content, 'utf8').digest('hex')}`);
  }
  const m = /^hmac-(sha256|sm3)\.([0-9a-f]{8})$/.exec(method);
  if (!m) return false;
  const key = allKeys(k).find((x) => keyId(x) === m[2]);
  if (!key) return false;
  const mac = createHmac(m[1] as string, subkey(key, purpose))
    .update(content, 'utf8')
    .digest('hex');
  return same(tag, `${method}:${mac}`);
}

export function grantTag(g: GrantFields, k: Keyring = keyring()): string {
  return rowTag('grant-integrity', grantContent(g), k);
}

export function grantTagValid(g: GrantFields & { integrity_tag: string | null }, k: Keyring = keyring()): boolean {
  return rowTagValid('grant-integrity', grantContent(g), g.integrity_tag, k);
}

/** A settings row: its key, value and version are what the tag covers. */
export interface SettingFields {
  key: string;
  value_json: string;
  version: number;
}

function settingContent(r: SettingFields): string {
  return canonicalJson(['setting', r.key, r.value_json, r.version]);
}

export function settingTag(r: SettingFields, k: Keyring = keyring()): string {
  return rowTag('settings-integrity', settingContent(r), k);
}

export function settingTagValid(r: SettingFields & { integrity_tag: string | null }, k: Keyring = keyring()): boolean {
  return rowTagValid('settings-integrity', settingContent(r), r.integrity_tag, k);
}

export interface TamperedRow {
  /** For settings rows: id 0, role = the settings key. */
  table: 'grants' | 'settings';
  id: number;
  userId: number;
  role: string;
  orgId: number | null;
  reason: string;
}

/** Every grant whose tag does not verify (for `taizhang security verify`). */
export async function findTamperedGrants(exec: Executor, k: Keyring = keyring()): Promise<TamperedRow[]> {
  const rows = await exec.selectFrom('grants').select(['id', 'user_id', 'role', 'org_id', 'integrity_tag']).orderBy('id').execute();
  return rows
    .filter((r) => !grantTagValid(r, k))
    .map((r) => ({
      table: 'grants' as const,
      id: r.id,
      userId: r.user_id,
      role: r.role,
      orgId: r.org_id,
      reason: r.integrity_tag ? 'integrity tag does not match' : 'no integrity tag',
    }));
}

/** Every settings row whose tag does not verify. */
export async function findTamperedSettings(exec: Executor, k: Keyring = keyring()): Promise<TamperedRow[]> {
  const rows = await exec.selectFrom('settings').selectAll().orderBy('key').execute();
  return rows
    .filter((r) => !settingTagValid(r, k))
    .map((r) => ({ table: 'settings' as const, id: 0, userId: r.updated_by ?? 0, role: r.key, orgId: null, reason: 'integrity tag does not match' }));
}

const reported = new Set<string>();

/**
 * Records a 'security.integrity_violation' audit event (once per row and tag per process, so a tampered
 * row does not flood the log on every request). Written in its own transaction when `exec` is not one.
 */
export async function reportIntegrityViolation(exec: Executor, row: TamperedRow & { tag: string | null }): Promise<void> {
  const key = `${row.table}:${row.id}:${row.tag ?? ''}:${row.role}:${row.orgId}:${row.userId}`;
  if (reported.has(key)) return;
  reported.add(key);
  const k = keyring();
  const dialect = exec.getExecutor().adapter instanceof PostgresAdapter ? 'pg' : 'sqlite';
  const writer = new AuditWriter(dialect, k.profile === 'sm' ? 'sm3' : 'sha256');
  const event = {
    at: new Date().toISOString(),
    actorId: null,
    actorName: 'system:integrity',
    action: 'security.integrity_violation',
    entityType: row.table,
    entityId: row.id,
    orgId: row.orgId,
    result: 'denied' as const,
    after: { userId: row.userId, role: row.role, orgId: row.orgId, reason: row.reason },
  };
  if (exec.isTransaction) await writer.write(exec, event);
  else await exec.transaction().execute((trx) => writer.write(trx, event));
}

/** Test hook: forget which violations were already reported. */
export function resetReportedViolations(): void {
  reported.clear();
}
