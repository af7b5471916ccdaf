import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { deleteStored, downloadHeaders, filesDir, readStored, sniff, storeUpload, storedPath } from '../platform/files/files.ts';

let dir: string;
let config: { TAIZHANG_DATA_DIR: string; FILES_MAX_BYTES: number; CLAMD_SOCKET: undefined };
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tz-files-'));
  config = { TAIZHANG_DATA_DIR: dir, FILES_MAX_BYTES: 1024, CLAMD_SOCKET: undefined };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(20)]);
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(20)]);
const pdf = Buffer.from('%PDF-1.7\n%âãÏÓ\n');
const zip = (parts: string[]) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(parts.join('\0'), 'latin1')]);
const xlsx = zip(['[Content_Types].xml', 'xl/workbook.xml']);
const docx = zip(['[Content_Types].xml', 'word/document.xml']);

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'accepted';
}

describe('attachment storage', () => {
  it('types come from magic bytes, not names; the allow-list is enforced', async () => {
    expect([png, jpeg, pdf, xlsx, docx].map(sniff)).toEqual(['png', 'jpeg', 'pdf', 'xlsx', 'docx']);
    expect(sniff(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(sniff(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(sniff(zip(['evil.jar', 'META-INF/MANIFEST.MF']))).toBeNull();
    expect(await refusal(storeUpload(config, Buffer.from('<svg onload=alert(1)>'), 'photo.png'))).toBe('unsupported_media_type');
    expect(await refusal(storeUpload(config, pdf, 'a.pdf', { allowed: ['png', 'jpeg'] }))).toBe('unsupported_media_type');
    expect(await refusal(storeUpload(config, Buffer.alloc(0), 'a.pdf'))).toBe('bad_request');
    expect(await refusal(storeUpload(config, Buffer.concat([pdf, Buffer.alloc(2000)]), 'big.pdf'))).toBe('payload_too_large');
  });

  it('server-generated names under DATA_DIR/files; client names never become paths; temp files removed', async () => {
    const f = await storeUpload(config, pdf, '../../etc/passwd\u0000.pdf');
    expect(f.storedName).toMatch(/^[0-9a-f]{32}\.pdf$/);
    expect(f.originalName).toBe('passwd.pdf');
    expect(f.kind).toBe('pdf');
    expect(storedPath(config, f.storedName).startsWith(filesDir(config))).toBe(true);
    expect(readStored(config, f.storedName).equals(pdf)).toBe(true);
    expect(readdirSync(path.join(filesDir(config), 'tmp'))).toEqual([]);
    for (const bad of ['../taizhang.db', `${f.storedName}/..`, f.storedName.toUpperCase(), 'a.pdf']) expect(() => storedPath(config, bad)).toThrow(AppError);
    deleteStored(config, f.storedName);
    expect(existsSync(path.join(filesDir(config), f.storedName))).toBe(false);
  });

  it('a scanner verdict of malware refuses the file and leaves nothing behind (clamd hook)', async () => {
    const seen: string[] = [];
    const code = await refusal(
      storeUpload(config, png, 'x.png', {
        scan: async (file) => {
          seen.push(file);
          expect(existsSync(file)).toBe(true);
          return { clean: false, signature: 'Eicar-Test-Signature' };
        },
      }),
    );
    expect(code).toBe('unsupported_media_type');
    expect(seen).toHaveLength(1);
    expect(existsSync(seen[0] as string)).toBe(false);
    expect(readdirSync(filesDir(config)).filter((n) => n !== 'tmp')).toEqual([]);
    const ok = await storeUpload(config, png, 'x.png', { scan: async () => ({ clean: true }) });
    expect(ok.kind).toBe('png');
  });

  it('downloads are attachments, never sniffed, sandboxed', () => {
    const h = downloadHeaders({ mime: 'image/png', originalName: '照片 "1".png' });
    expect(h['content-disposition']).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''/);
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['content-security-policy']).toContain('sandbox');
  });
});
