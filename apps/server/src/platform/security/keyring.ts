import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Config, loadConfig } from '../../config.ts';
import { masterKey } from '../keys.ts';

type KeyConfig = Pick<Config, 'TAIZHANG_KEY' | 'TAIZHANG_KEY_FILE' | 'CRYPTO_PROFILE'> & Partial<Pick<Config, 'TAIZHANG_RETIRED_KEY_FILES'>>;

/**
 * The process's keys, for code that has no AppContext at hand (the audit writer, loadGrants, migrations).
 * Read once from the process configuration (env / taizhang.config.json — the same source the server and
 * the CLI use); `bindKeyring(config)` overrides it (tests, or a process built from an explicit config).
 * Keys never come from the database.
 */
export interface Keyring {
  profile: 'standard' | 'sm';
  master: Buffer | null;
  /** Keys replaced by `taizhang keys rotate`: only used to verify MACs written before the rotation. */
  retired: Buffer[];
}

let bound: Keyring | null = null;

function parseKey(raw: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error('a Taizhang key must be 32 bytes (64 hex characters or base64)');
  return key;
}

export function readKeyFile(file: string): Buffer {
  return parseKey(readFileSync(file, 'utf8').trim());
}

export function keyringFrom(config: KeyConfig): Keyring {
  const retired = (config.TAIZHANG_RETIRED_KEY_FILES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(readKeyFile);
  return { profile: config.CRYPTO_PROFILE, master: masterKey(config), retired };
}

export function bindKeyring(config: KeyConfig | Keyring | null): void {
  if (config === null) bound = null;
  else bound = 'master' in config ? config : keyringFrom(config);
}

export function keyring(): Keyring {
  if (!bound) bound = keyringFrom(loadConfig());
  return bound;
}

/** A purpose-bound subkey: HMAC-SHA256(master, purpose). */
export function subkey(master: Buffer, purpose: string): Buffer {
  return createHmac('sha256', master).update(`taizhang:${purpose}`).digest();
}

/** A short public identifier of a key (safe to store): which key wrote a MAC. */
export function keyId(master: Buffer): string {
  return createHash('sha256').update(subkey(master, 'key-id')).digest('hex').slice(0, 8);
}

/** Current key first, then retired ones. */
export function allKeys(k: Keyring = keyring()): Buffer[] {
  return [...(k.master ? [k.master] : []), ...k.retired];
}
