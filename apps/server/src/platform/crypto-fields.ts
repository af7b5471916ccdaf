import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { decryptBlob, encryptBlob } from './keys.ts';

/**
 * Personal fields at rest. Two sealed formats, told apart by prefix so both can be read whatever the
 * current profile is (a profile change or key rotation re-seals with `taizhang keys rotate`):
 *   enc:<base64>  AES-256-GCM (CRYPTO_PROFILE=standard; same format as keys.ts sealField)
 *   sm4:<base64>  SM4-CBC with a random IV per value, then HMAC-SM3 over prefix|iv|ciphertext (encrypt-then-MAC)
 * A value without either prefix is plain (no key configured, or written before encryption was enabled).
 */
export type CryptoProfile = 'standard' | 'sm';

function derive(master: Buffer, purpose: string, bytes: number): Buffer {
  return createHmac('sha256', master).update(`taizhang:${purpose}`).digest().subarray(0, bytes);
}

const SM4_PREFIX = 'sm4:';
const GCM_PREFIX = 'enc:';

export function isSealed(stored: string | null | undefined): boolean {
  return !!stored && (stored.startsWith(SM4_PREFIX) || stored.startsWith(GCM_PREFIX));
}

function sm4Seal(master: Buffer, value: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('sm4-cbc', derive(master, 'field-sm4-enc', 16), iv);
  const ct = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  const tag = createHmac('sm3', derive(master, 'field-sm3-mac', 32))
    .update(SM4_PREFIX)
    .update(iv)
    .update(ct)
    .digest();
  return `${SM4_PREFIX}${Buffer.concat([iv, ct, tag]).toString('base64')}`;
}

function sm4Open(master: Buffer, stored: string): string {
  const raw = Buffer.from(stored.slice(SM4_PREFIX.length), 'base64');
  if (raw.length < 16 + 16 + 32) throw new Error('sealed field is truncated');
  const iv = raw.subarray(0, 16);
  const ct = raw.subarray(16, raw.length - 32);
  const tag = raw.subarray(raw.length - 32);
  const expected = createHmac('sm3', derive(master, 'field-sm3-mac', 32))
    .update(SM4_PREFIX)
    .update(iv)
    .update(ct)
    .digest();
  if (!timingSafeEqual(tag, expected)) throw new Error('sealed field fails its integrity check (wrong key or tampered)');
  const decipher = createDecipheriv('sm4-cbc', derive(master, 'field-sm4-enc', 16), iv);
  return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
}

/** Seals a value for storage with the profile's algorithm; returns it unchanged when no key is configured. */
export function sealValue(profile: CryptoProfile, master: Buffer | null, value: string): string;
export function sealValue(profile: CryptoProfile, master: Buffer | null, value: string | null): string | null;
export function sealValue(profile: CryptoProfile, master: Buffer | null, value: string | null): string | null {
  if (value === null || !master) return value;
  if (profile === 'sm') return sm4Seal(master, value);
  return `${GCM_PREFIX}${encryptBlob(master, Buffer.from(value, 'utf8'), 'field').toString('base64')}`;
}

/** Opens a stored value in either sealed format; plain values pass through. Throws on a wrong key or tampering. */
export function openValue(master: Buffer | null, stored: string): string;
export function openValue(master: Buffer | null, stored: string | null): string | null;
export function openValue(master: Buffer | null, stored: string | null): string | null {
  if (stored === null || !isSealed(stored)) return stored;
  if (!master) throw new Error('a sealed field needs TAIZHANG_KEY');
  if (stored.startsWith(SM4_PREFIX)) return sm4Open(master, stored);
  return decryptBlob(master, Buffer.from(stored.slice(GCM_PREFIX.length), 'base64'), 'field').toString('utf8');
}
