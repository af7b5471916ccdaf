import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { AuditEventsTable } from '../../db/types.ts';
import type { AppContext } from '../context.ts';
import { type Keyring, allKeys, keyId, keyring, subkey } from '../security/keyring.ts';
import { ARCHIVED_HASH_KEY, ARCHIVED_ID_KEY, type ChainRow, GENESIS, chainStart, checkRowHash, verifyAuditChain } from './audit.ts';
import { SYSTEM_CONFIG, readSetting } from '../settings.ts';

/**
 * Audit retention: rows older than the retention minimum move, as a contiguous prefix of the chain, into a
 * signed JSON-lines file; the live chain then starts from the archived last hash (app_meta) and an
 * 'audit.archived' event records the file's digest. Nothing is dropped silently.
 *
 * File: header line, one line per row (all columns, hash included), then a signature line over every byte
 * before it: `hmac-sm3.<keyId>` / `hmac-sha256.<keyId>` with a subkey of the master key, or a plain
 * `sm3` / `sha256` digest when no key is configured (detects corruption, not a forger — documented).
 */
export class ArchiveRefused extends Error {}

type StoredRow = ChainRow & { id: number; hash: string };

export interface ArchiveHeader {
  type: 'taizhang-audit-archive';
  version: 1;
  createdAt: string;
  before: string;
  fromId: number;
  toId: number;
  count: number;
  prevHash: string;
  lastHash: string;
}

function signatureOf(body: Buffer, k: Keyring, method?: string): { method: string; value: string } | null {
  const chosen = method ?? (k.master ? `hmac-${k.profile === 'sm' ? 'sm3' : 'sha256'}.${keyId(k.master)}` : k.profile === 'sm' ? 'sm3' : 'sha256');
  if (chosen === 'sha256' || chosen === 'sm3') return { method: chosen, value: createHash(chosen).update(body).digest('hex') };
  const m = /^hmac-(sha256|sm3)\.([0-9a-f]{8})$/.exec(chosen);
  if (!m) return null;
  const key = allKeys(k).find((x) => keyId(x) === m[2]);
  if (!key) return null;
  return {
    method: chosen,
    value: createHmac(m[1] as string, subkey(key, 'audit-archive'))
      .update(body)
      .digest('hex'),
  };
}

export function fileDigest(data: Buffer, profile: 'standard' | 'sm'): string {
  const alg = profile === 'sm' ? 'sm3' : 'sha256';
  return `${alg}:${createHash(alg).update(data).digest('hex')}`;
}

export interface ArchiveResult {
  file: string;
  count: number;
  fromId: number;
  toId: number;
  lastHash: string;
  digest: string;
}

export async function archiveAudit(ctx: AppContext, opts: { before: Date; out: string }): Promise<ArchiveResult> {
  const now = ctx.clock.now();
  const retention = (await readSetting(ctx, SYSTEM_CONFIG)).value.auditRetentionDays;
  const limit = new Date(now.getTime() - retention * 86_400_000);
  if (Number.isNaN(opts.before.getTime())) throw new ArchiveRefused('invalid --before date');
  if (opts.before > limit) {
    throw new ArchiveRefused(
      `审计记录至少保留 ${retention} 天，--before 不得晚于 ${limit.toISOString().slice(0, 10)} / audit rows are kept at least ${retention} days`,
    );
  }
  const chain = await verifyAuditChain(ctx.db);
  if (!chain.ok) throw new ArchiveRefused(`audit chain is broken at ${chain.brokenId} (${chain.reason}); refusing to archive`);
  const k = keyring();
  const before = opts.before.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    if (ctx.dialect === 'pg') await sql`select pg_advisory_xact_lock(727401)`.execute(trx);
    const start = await chainStart(trx);
    const rows: StoredRow[] = [];
    let lastId = 0;
    outer: for (;;) {
      const page = await trx.selectFrom('audit_events').selectAll().where('id', '>', lastId).orderBy('id').limit(1000).execute();
      if (page.length === 0) break;
      for (const r of page) {
        if (r.at >= before) break outer;
        rows.push(r);
        lastId = r.id;
      }
    }
    if (rows.length === 0) throw new ArchiveRefused(`no audit rows before ${before}`);
    const first = rows[0] as StoredRow;
    const last = rows[rows.length - 1] as StoredRow;
    const header: ArchiveHeader = {
      type: 'taizhang-audit-archive',
      version: 1,
      createdAt: now.toISOString(),
      before,
      fromId: first.id,
      toId: last.id,
      count: rows.length,
      prevHash: start.hash,
      lastHash: last.hash,
    };
    const body = Buffer.from(`${[header, ...rows].map((x) => JSON.stringify(x)).join('\n')}\n`, 'utf8');
    const sig = signatureOf(body, k);
    const data = Buffer.concat([body, Buffer.from(`${JSON.stringify({ type: 'signature', ...sig })}\n`, 'utf8')]);
    // Durable before the rows go: write a temp file, fsync, rename.
    const tmp = `${opts.out}.tmp-${process.pid}`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, opts.out);
    const digest = fileDigest(data, k.profile);
    await trx.deleteFrom('audit_events').where('id', '<=', last.id).execute();
    await trx.deleteFrom('app_meta').where('key', 'in', [ARCHIVED_HASH_KEY, ARCHIVED_ID_KEY]).execute();
    await trx
      .insertInto('app_meta')
      .values([
        { key: ARCHIVED_HASH_KEY, value: last.hash },
        { key: ARCHIVED_ID_KEY, value: String(last.id) },
      ])
      .execute();
    const result: ArchiveResult = { file: path.basename(opts.out), count: rows.length, fromId: first.id, toId: last.id, lastHash: last.hash, digest };
    await ctx.audit.write(trx, {
      at: now.toISOString(),
      actorId: null,
      actorName: `cli:${process.env.USER ?? 'operator'}`,
      action: 'audit.archived',
      entityType: 'audit_archive',
      entityId: digest,
      result: 'ok',
      after: { ...result, before, prevHash: start.hash },
    });
    return result;
  });
}

export interface ArchiveVerifyResult {
  ok: boolean;
  count: number;
  reason?: string;
  header?: ArchiveHeader;
  digest?: string;
}

/** Checks an archive file: signature over its content, every row's hash/MAC and the links between rows. */
export function verifyArchive(file: string, k: Keyring = keyring()): ArchiveVerifyResult {
  const data = readFileSync(file);
  const text = data.toString('utf8');
  const digest = fileDigest(data, k.profile);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length < 3) return { ok: false, count: 0, reason: 'not an audit archive (too short)', digest };
  let header: ArchiveHeader;
  let sig: { type: string; method: string; value: string };
  let rows: (StoredRow & Pick<AuditEventsTable, 'hash'>)[];
  try {
    header = JSON.parse(lines[0] as string) as ArchiveHeader;
    sig = JSON.parse(lines[lines.length - 1] as string) as typeof sig;
    rows = lines.slice(1, -1).map((l) => JSON.parse(l) as StoredRow);
  } catch {
    return { ok: false, count: 0, reason: 'archive is not valid JSON lines', digest };
  }
  if (header.type !== 'taizhang-audit-archive' || sig.type !== 'signature') return { ok: false, count: 0, reason: 'not an audit archive', digest };
  const bodyEnd = text.lastIndexOf('\n', text.length - 2) + 1;
  const expected = signatureOf(Buffer.from(text.slice(0, bodyEnd), 'utf8'), k, sig.method);
  if (!expected) return { ok: false, count: 0, header, reason: `signature method ${sig.method}: key not configured or unknown`, digest };
  const a = Buffer.from(expected.value);
  const b = Buffer.from(String(sig.value));
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, count: 0, header, reason: 'signature does not match the content', digest };
  if (rows.length !== header.count) return { ok: false, count: rows.length, header, reason: 'row count differs from the header', digest };
  let prev = header.prevHash ?? GENESIS;
  const keys = allKeys(k);
  for (const r of rows) {
    if (r.prev_hash !== prev) return { ok: false, count: rows.length, header, reason: `row ${r.id}: link to previous row broken`, digest };
    const problem = checkRowHash(r, keys);
    if (problem) return { ok: false, count: rows.length, header, reason: `row ${r.id}: ${problem}`, digest };
    prev = r.hash;
  }
  if (prev !== header.lastHash) return { ok: false, count: rows.length, header, reason: 'last hash differs from the header', digest };
  return { ok: true, count: rows.length, header, digest };
}
