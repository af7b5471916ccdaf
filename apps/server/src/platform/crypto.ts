import { createHash, randomBytes } from 'node:crypto';

export type HashAlgorithm = 'sha256' | 'sm3';

export function digestHex(algorithm: HashAlgorithm, data: string): string {
  return createHash(algorithm).update(data, 'utf8').digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Stable JSON: keys sorted, so a hash over it does not depend on insertion order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v as Record<string, unknown>).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}
