import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Config } from '../config.ts';
import { openValue } from './crypto-fields.ts';

/** The master key from configuration or a key file (never the database); null when none is set. */
export function masterKey(config: Pick<Config, 'TAIZHANG_KEY' | 'TAIZHANG_KEY_FILE'>): Buffer | null {
  const raw = config.TAIZHANG_KEY ?? (config.TAIZHANG_KEY_FILE ? readFileSync(config.TAIZHANG_KEY_FILE, 'utf8').trim() : undefined);
  if (!raw) return null;
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error('TAIZHANG_KEY must be 32 bytes (64 hex characters or base64)');
  return key;
}

function subkey(master: Buffer, purpose: string): Buffer {
  return createHmac('sha256', master).update(purpose).digest();
}

const MAGIC = Buffer.from('TZENC1');

/** AES-256-GCM with a random IV; output = magic | iv | tag | ciphertext. */
export function encryptBlob(master: Buffer, data: Buffer, purpose = 'backup'): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', subkey(master, purpose), iv);
  const ct = Buffer.concat([cipher.update(data), cipher.final()]);
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), ct]);
}

export function isEncryptedBlob(data: Buffer): boolean {
  return data.subarray(0, MAGIC.length).equals(MAGIC);
}

export function decryptBlob(master: Buffer, blob: Buffer, purpose = 'backup'): Buffer {
  if (!isEncryptedBlob(blob)) throw new Error('not an encrypted Taizhang file');
  const iv = blob.subarray(6, 18);
  const tag = blob.subarray(18, 34);
  const decipher = createDecipheriv('aes-256-gcm', subkey(master, purpose), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(blob.subarray(34)), decipher.final()]);
}

/** Seals a short personal/secret field for storage ('enc:' + base64); plain when no key is configured. */
export function sealField(master: Buffer | null, value: string): string {
  if (!master) return value;
  return `enc:${encryptBlob(master, Buffer.from(value, 'utf8'), 'field').toString('base64')}`;
}

/** Opens a field sealed by sealField or by crypto-fields.ts sealValue (either profile); plain values pass through. */
export function openField(master: Buffer | null, stored: string): string {
  if (stored.startsWith('sm4:')) return openValue(master, stored);
  if (!stored.startsWith('enc:')) return stored;
  if (!master) throw new Error('a sealed field needs TAIZHANG_KEY');
  return decryptBlob(master, Buffer.from(stored.slice(4), 'base64'), 'field').toString('utf8');
}
