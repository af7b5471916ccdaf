import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { AppError } from '../errors.ts';

/**
 * Attachment storage (issue 11 §6): magic bytes against an allow-list, size cap, server-generated names
 * under TAIZHANG_DATA_DIR/files (outside the web root; the client's name is kept only as metadata),
 * optional ClamAV scan, temporary files removed whatever happens. There is no image library, so images are
 * NOT re-encoded: every file — images included — is served with `Content-Disposition: attachment` and
 * `X-Content-Type-Options: nosniff` (see downloadHeaders).
 */
export type FileKind = 'jpeg' | 'png' | 'pdf' | 'xlsx' | 'docx';

export const FILE_TYPES: Record<FileKind, { mime: string; ext: string }> = {
  jpeg: { mime: 'image/jpeg', ext: '.jpg' },
  png: { mime: 'image/png', ext: '.png' },
  pdf: { mime: 'application/pdf', ext: '.pdf' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: '.xlsx' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: '.docx' },
};

/** The OOXML main part names that tell a workbook from a document inside the zip. */
function zipHas(buf: Buffer, name: string): boolean {
  return buf.includes(Buffer.from(name, 'latin1'));
}

/** The file's real type from its first bytes, or null when it is not on the allow-list. */
export function sniff(buf: Buffer): FileKind | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (buf.length >= 5 && buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (buf.length >= 4 && buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    if (!zipHas(buf, '[Content_Types].xml')) return null;
    if (zipHas(buf, 'xl/workbook.xml')) return 'xlsx';
    if (zipHas(buf, 'word/document.xml')) return 'docx';
  }
  return null;
}

export interface StoredFile {
  /** Server-generated: 32 hex characters + extension of the sniffed type. */
  storedName: string;
  kind: FileKind;
  mime: string;
  size: number;
  /** The client's name, for display only (never used as a path). */
  originalName: string;
}

type FileConfig = Pick<Config, 'TAIZHANG_DATA_DIR' | 'FILES_MAX_BYTES' | 'CLAMD_SOCKET'>;

export function filesDir(config: Pick<Config, 'TAIZHANG_DATA_DIR'>): string {
  return path.join(config.TAIZHANG_DATA_DIR, 'files');
}

function safeDisplayName(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').slice(0, 200);
  return clean || 'file';
}

/**
 * Stores an upload: size cap, magic bytes against `allowed`, malware scan when clamd is configured, then
 * an atomic rename into place. The temporary file is deleted on every path.
 */
export async function storeUpload(
  config: FileConfig,
  data: Buffer,
  originalName: string,
  opts: { allowed?: FileKind[]; maxBytes?: number; scan?: (file: string) => Promise<ScanResult> } = {},
): Promise<StoredFile> {
  const max = opts.maxBytes ?? config.FILES_MAX_BYTES;
  if (data.length === 0) throw new AppError('bad_request', { reason: 'empty file' });
  if (data.length > max) throw new AppError('payload_too_large', { maxBytes: max });
  const kind = sniff(data);
  const allowed = opts.allowed ?? (Object.keys(FILE_TYPES) as FileKind[]);
  if (!kind || !allowed.includes(kind)) throw new AppError('unsupported_media_type', { allowed });
  const dir = filesDir(config);
  mkdirSync(path.join(dir, 'tmp'), { recursive: true, mode: 0o700 });
  const id = randomBytes(16).toString('hex');
  const storedName = `${id}${FILE_TYPES[kind].ext}`;
  const tmp = path.join(dir, 'tmp', `${id}.part`);
  try {
    writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
    const scan = opts.scan ?? (config.CLAMD_SOCKET ? (f: string) => clamdScan(config.CLAMD_SOCKET as string, f) : null);
    if (scan) {
      const r = await scan(tmp);
      if (!r.clean) throw new AppError('unsupported_media_type', { reason: 'malware', signature: r.signature });
    }
    renameSync(tmp, path.join(dir, storedName));
  } finally {
    rmSync(tmp, { force: true });
  }
  return { storedName, kind, mime: FILE_TYPES[kind].mime, size: data.length, originalName: safeDisplayName(originalName) };
}

/** Resolves a stored name to its path; anything not shaped like a generated name is refused (no traversal). */
export function storedPath(config: Pick<Config, 'TAIZHANG_DATA_DIR'>, storedName: string): string {
  if (!/^[0-9a-f]{32}\.(jpg|png|pdf|xlsx|docx)$/.test(storedName)) throw new AppError('not_found');
  const file = path.join(filesDir(config), storedName);
  try {
    statSync(file);
  } catch {
    throw new AppError('not_found');
  }
  return file;
}

export function readStored(config: Pick<Config, 'TAIZHANG_DATA_DIR'>, storedName: string): Buffer {
  return readFileSync(storedPath(config, storedName));
}

export function deleteStored(config: Pick<Config, 'TAIZHANG_DATA_DIR'>, storedName: string): void {
  rmSync(storedPath(config, storedName), { force: true });
}

/** Response headers for a download: always an attachment (images are not re-encoded), never sniffed. */
export function downloadHeaders(f: Pick<StoredFile, 'mime' | 'originalName'>): Record<string, string> {
  const ascii = f.originalName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return {
    'content-type': f.mime,
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.originalName)}`,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; sandbox",
  };
}

export interface ScanResult {
  clean: boolean;
  signature?: string;
}

/**
 * Minimal clamd INSTREAM client (clamd protocol: `zINSTREAM\0`, then chunks of <uint32 BE length><bytes>,
 * a zero-length chunk, reply `stream: OK` or `stream: <name> FOUND`). `socket` is a UNIX socket path or
 * host:port. Not exercised by the test suite without a running clamd (documented in docs/SECURITY.md);
 * a scanner error refuses the file (fail closed).
 */
export function clamdScan(socket: string, file: string, timeoutMs = 30_000): Promise<ScanResult> {
  return new Promise((resolve, reject) => {
    const hostPort = /^([^/:]+):(\d+)$/.exec(socket);
    const conn = hostPort ? net.createConnection({ host: hostPort[1], port: Number(hostPort[2]) }) : net.createConnection({ path: socket });
    let reply = '';
    const fail = (err: Error) => {
      conn.destroy();
      reject(new AppError('unavailable', { reason: `clamd: ${err.message}` }));
    };
    conn.setTimeout(timeoutMs, () => fail(new Error('timeout')));
    conn.on('error', fail);
    conn.on('data', (d) => {
      reply += d.toString('utf8');
    });
    conn.on('end', () => {
      const text = reply.replace(/\0/g, '').trim();
      if (/: OK$/.test(text)) resolve({ clean: true });
      else if (/ FOUND$/.test(text)) resolve({ clean: false, signature: text.replace(/^stream: /, '').replace(/ FOUND$/, '') });
      else fail(new Error(text || 'no reply'));
    });
    conn.on('connect', () => {
      conn.write('zINSTREAM\0');
      const stream = createReadStream(file, { highWaterMark: 64 * 1024 });
      stream.on('data', (chunk) => {
        const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        const len = Buffer.alloc(4);
        len.writeUInt32BE(b.length);
        conn.write(len);
        conn.write(b);
      });
      stream.on('error', fail);
      stream.on('end', () => conn.write(Buffer.alloc(4)));
    });
  });
}
