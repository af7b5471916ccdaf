import { sql } from 'kysely';
import type { Dialect, Executor } from '../../db/database.ts';
import { canonicalJson, digestHex, type HashAlgorithm } from '../crypto.ts';

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

const GENESIS = 'genesis';

interface ChainRow {
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

function chainHash(algorithm: HashAlgorithm, row: ChainRow): string {
  const content = canonicalJson([
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
  return `${algorithm}:${digestHex(algorithm, content)}`;
}

export class AuditWriter {
  constructor(
    private readonly dialect: Dialect,
    private readonly algorithm: HashAlgorithm,
  ) {}

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
      prev_hash: last?.hash ?? GENESIS,
    };
    await exec
      .insertInto('audit_events')
      .values({ ...row, hash: chainHash(this.algorithm, row) })
      .execute();
  }
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenId?: number;
  reason?: string;
}

/** Walks the whole chain in id order; reports the first row whose hash or link does not hold. */
export async function verifyAuditChain(exec: Executor): Promise<VerifyResult> {
  let prev = GENESIS;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await exec.selectFrom('audit_events').selectAll().where('id', '>', lastId).orderBy('id').limit(2000).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.prev_hash !== prev) return { ok: false, checked, brokenId: r.id, reason: 'link to previous row broken' };
      const alg = (r.hash.split(':')[0] ?? 'sha256') as HashAlgorithm;
      if (alg !== 'sha256' && alg !== 'sm3') return { ok: false, checked, brokenId: r.id, reason: 'unknown hash algorithm' };
      if (chainHash(alg, r) !== r.hash) return { ok: false, checked, brokenId: r.id, reason: 'content does not match its hash' };
      prev = r.hash;
      lastId = r.id;
      checked++;
    }
  }
  return { ok: true, checked };
}
