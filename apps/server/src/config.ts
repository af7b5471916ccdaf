import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).transform((v) => v === true || v === 'true' || v === '1');
const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

export const ConfigSchema = z.object({
  PORT: int(3000, 1),
  HOST: z.string().default('0.0.0.0'),
  TAIZHANG_DATA_DIR: z.string().default(path.resolve(process.cwd(), 'data')),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  PUBLIC_ORIGIN: z.string().url().optional(),
  COOKIE_SECURE: bool.default(false),
  TRUST_PROXY: bool.default(false),
  // Security policy: the initial values. The security administrator changes them at run time (security policy page,
  // stored in `settings`), within the bounds of packages/shared/src/schemas/settings.ts.
  SESSION_IDLE_MINUTES: int(30, 1),
  SESSION_ABSOLUTE_HOURS: int(12, 1),
  LOCKOUT_THRESHOLD: int(5, 1),
  LOCKOUT_MINUTES: int(30, 1),
  LOGIN_RATE_PER_MINUTE: int(30, 1),
  PASSWORD_MIN_LENGTH: int(10, 8),
  /**
   * `asvs` (default): length, not a common password, not the username (OWASP ASVS 5 / NIST 800-63B: composition
   * rules and forced rotation make passwords weaker). `dengbao`: additionally three of four character classes
   * (upper, lower, digit, symbol), the 等保 assessors' reading of "complexity"; pair it with PASSWORD_MAX_AGE_DAYS.
   */
  PASSWORD_STYLE: z.enum(['asvs', 'dengbao']).default('asvs'),
  /** Days after which a password must be changed at the next login; 0 = never (ASVS). 等保 style: 90. */
  PASSWORD_MAX_AGE_DAYS: int(0, 0),
  /** Accounts without a login for this many days are disabled by the scheduler (audited); 0 = never. */
  ACCOUNT_INACTIVE_DAYS: int(90, 0),
  /** Minutes one password re-entry allows personal-data exports. */
  REAUTH_WINDOW_MINUTES: int(5, 1),
  BACKFILL_DAYS: int(30, 1),
  CRYPTO_PROFILE: z.enum(['standard', 'sm']).default('standard'),
  /** 32-byte key (hex or base64) for backups and personal fields at rest; or TAIZHANG_KEY_FILE. Never stored in the database. */
  TAIZHANG_KEY: z.string().optional(),
  TAIZHANG_KEY_FILE: z.string().optional(),
  /** Comma-separated key files replaced by `taizhang keys rotate`; used only to verify MACs written before it. */
  TAIZHANG_RETIRED_KEY_FILES: z.string().optional(),
  MFA_REQUIRED_ROLES: z.string().default(''),
  /** Audit rows younger than this are never archived (等保 / 网络安全法: at least 180 days). */
  AUDIT_RETENTION_DAYS: int(180, 180),
  /** Upload size cap in bytes (attachments). */
  FILES_MAX_BYTES: int(10 * 1024 * 1024, 1),
  /** clamd UNIX socket (or host:port) for malware scanning of uploads; scanning is off when unset. */
  CLAMD_SOCKET: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * `serve`: how much V8's old space may grow past what survived its last full collection, in percent (0: V8's own
   * factor, up to 4× on a large machine). 50 keeps the server ≈ 220 MB under a steady write load instead of ≈ 350 MB,
   * at no measured cost in throughput (docs/SCALING.md); it bounds the growth, never the heap.
   */
  HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(300).default(50),
  /**
   * SQLite: keep the responses of the hot lists (people, org children, activities) and the signed-in sessions per
   * process, each served again only while the write counters of what it was read from are unchanged
   * (platform/read-cache.ts). Always off on PostgreSQL.
   */
  READ_CACHE: bool.default(true),
  /** The read cache's bound for kept responses, in MB. */
  READ_CACHE_MB: int(32, 1),
  WEB_DIST: z.string().optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.join('\n')}`);
  }
}

/** Reads env (and optional taizhang.config.json in the working directory); env wins. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<string, unknown>> = {}): Config {
  let fileValues: Record<string, unknown> = {};
  const file = env.TAIZHANG_CONFIG ?? path.resolve(process.cwd(), 'taizhang.config.json');
  if (existsSync(file)) {
    try {
      fileValues = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError([`${file}: not valid JSON (${(err as Error).message})`]);
    }
  }
  const raw: Record<string, unknown> = { ...fileValues };
  for (const key of Object.keys(ConfigSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  Object.assign(raw, overrides);
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `config ${i.path.join('.')}: ${i.message}`));
  }
  return parsed.data;
}
