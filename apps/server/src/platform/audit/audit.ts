import { sql } from 'kysely';
import type { Dialect, Executor } from '../../db/database.ts';
import { createHmac } from 'node:crypto';
import { canonicalJson, digestHex, type HashAlgorithm } from '../crypto.ts';
import { allKeys, keyId, keyring, subkey } from '../security/keyring.ts';

export type AuditResult = 'ok' | 'denied' | 'failed';

export interface AuditEventInput {
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  entityType?: string | null;
  entityId?: string | number | null;
  orgId?: number | null;
  ip?: string | null;
  userAgent?: string | null;
  result: AuditResult;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
}

/** Keys whose values never enter the audit trail in clear. */
const MASKED_KEYS = new Set([
  'phone',
  'mobile',
  'idNumber',
  'id_number',
  'password',
  'password_hash',
  'passwordHash',
  'totp_secret',
  'newPassword',
  'currentPassword',
  'csrf_token',
]);

export function maskPersonal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPersonal);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (MASKED_KEYS.has(k)) out[k] = v == null ? v : maskValue(String(v));
      else out[k] = maskPersonal(v);
    }
    return out;
  }
  return value;
}

function maskValue(v: string): string {
  if (v.length >= 7 && /^\+?\d+$/.test(v)) return `${v.slice(0, 3)}****${v.slice(-4)}`;
  return '***';
}

export const GENESIS = 'genesis';
/** app_meta keys: where the live chain starts after `taizhang audit archive` moved a prefix out. */
export const ARCHIVED_HASH_KEY = 'audit.archived_through_hash';
export const ARCHIVED_ID_KEY = 'audit.archived_through_id';

export interface ChainRow {
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  org_id: number | null;
  ip: string | null;
  user_agent: string | null;
  result: string;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  prev_hash: string;
}

function chainContent(row: ChainRow): string {
  return canonicalJson([
    row.prev_hash,
    row.at,
    row.actor_id,
    row.actor_name,
    row.action,
    row.entity_type,
    row.entity_id,
    row.org_id,
    row.ip,
    row.user_agent,
    row.result,
    row.before_json,
    row.after_json,
    row.request_id,
  ]);
}

/** The MAC key of the audit chain: a purpose-bound subkey of the master key. */
export function auditMacKey(master: Buffer): Buffer {
  return subkey(master, 'audit-chain');
}

/**
 * A row's hash, prefixed by how it was made: `sha256:` / `sm3:` (plain digests) or `hmac-sm3.<keyId>:`
 * (HMAC-SM3 keyed with a subkey of the master key; the key id says which key, so rows written before a
 * rotation still verify with the retired key).
 */
export function chainHash(algorithm: HashAlgorithm, row: ChainRow, master?: Buffer | null): string {
  const content = chainContent(row);
  if (algorithm === 'sm3' && master) {
    return `hmac-sm3.${keyId(master)}:${createHmac('sm3', auditMacKey(master)).update(content, 'utf8').digest('hex')}`;
  }
  return `${algorithm}:${digestHex(algorithm, content)}`;
}

/** Recomputes a stored hash with the method its prefix names; a reason when it cannot or does not match. */
export function checkRowHash(row: ChainRow & { hash: string }, keys: Buffer[]): string | null {
  const method = row.hash.slice(0, Math.max(0, row.hash.indexOf(':')));
  if (method === 'sha256' || method === 'sm3') {
    return chainHash(method, row) === row.hash ? null : 'content does not match its hash';
  }
  const m = /^hmac-sm3\.([0-9a-f]{8})$/.exec(method);
  if (!m) return 'unknown hash algorithm';
  const key = keys.find((k) => keyId(k) === m[1]);
  if (!key) return `MAC key ${m[1]} is not configured (TAIZHANG_KEY / TAIZHANG_RETIRED_KEY_FILES)`;
  return chainHash('sm3', row, key) === row.hash ? null : 'content does not match its MAC';
}

export async function chainStart(exec: Executor): Promise<{ hash: string; throughId: number }> {
  const rows = await exec.selectFrom('app_meta').select(['key', 'value']).where('key', 'in', [ARCHIVED_HASH_KEY, ARCHIVED_ID_KEY]).execute();
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  return { hash: get(ARCHIVED_HASH_KEY) ?? GENESIS, throughId: Number(get(ARCHIVED_ID_KEY) ?? 0) };
}

export class AuditWriter {
  /**
   * `key`: the master key for HMAC-SM3 (profile sm); when left undefined it comes from the process
   * keyring (platform/security/keyring.ts), so it is never read from the database.
   */
  constructor(
    private readonly dialect: Dialect,
    private readonly algorithm: HashAlgorithm,
    private readonly key?: Buffer | null,
  ) {}

  private macKey(): Buffer | null {
    if (this.algorithm !== 'sm3') return null;
    return this.key !== undefined ? this.key : keyring().master;
  }

  /** Appends one event to the chain. Call inside the transaction of the change it records. */
  async write(exec: Executor, e: AuditEventInput): Promise<void> {
    if (this.dialect === 'pg') {
      // Serialise chain appends across connections and app instances.
      await sql`select pg_advisory_xact_lock(727401)`.execute(exec);
    }
    const last = await exec.selectFrom('audit_events').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const row: ChainRow = {
      at: e.at,
      actor_id: e.actorId,
      actor_name: e.actorName,
      action: e.action,
      entity_type: e.entityType ?? null,
      entity_id: e.entityId == null ? null : String(e.entityId),
      org_id: e.orgId ?? null,
      ip: e.ip ?? null,
      user_agent: e.userAgent ? e.userAgent.slice(0, 300) : null,
      result: e.result,
      before_json: e.before === undefined || e.before === null ? null : JSON.stringify(maskPersonal(e.before)),
      after_json: e.after === undefined || e.after === null ? null : JSON.stringify(maskPersonal(e.after)),
      request_id: e.requestId ?? null,
      prev_hash: last?.hash ?? (await chainStart(exec)).hash,
    };
    await exec
      .insertInto('audit_events')
      .values({ ...row, hash: chainHash(this.algorithm, row, this.macKey()) })
      .execute();
  }
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenId?: number;
  reason?: string;
  /** The chain starts after an archived prefix ending with this hash (`taizhang audit archive`). */
  startsAfterArchive?: string;
}

/**
 * Walks the chain in id order; reports the first row whose hash or link does not hold. The chain may start
 * after an archived prefix: then its first row links to the archived last hash kept in app_meta.
 */
export async function verifyAuditChain(exec: Executor, opts: { keys?: Buffer[] } = {}): Promise<VerifyResult> {
  const keys = opts.keys ?? allKeys();
  const start = await chainStart(exec);
  let prev = start.hash;
  let lastId = 0;
  let checked = 0;
  const extra = start.hash === GENESIS ? {} : { startsAfterArchive: start.hash };
  for (;;) {
    const rows = await exec.selectFrom('audit_events').selectAll().where('id', '>', lastId).orderBy('id').limit(2000).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.id <= start.throughId) return { ok: false, checked, brokenId: r.id, reason: 'row inside the archived range', ...extra };
      if (r.prev_hash !== prev) return { ok: false, checked, brokenId: r.id, reason: 'link to previous row broken', ...extra };
      const problem = checkRowHash(r, keys);
      if (problem) return { ok: false, checked, brokenId: r.id, reason: problem, ...extra };
      prev = r.hash;
      lastId = r.id;
      checked++;
    }
  }
  return { ok: true, checked, ...extra };
}
