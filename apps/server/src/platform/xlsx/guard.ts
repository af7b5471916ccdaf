import { inflateRawSync } from 'node:zlib';

/** Limits on what an uploaded workbook may be; tests lower them. */
export interface WorkbookLimits {
  maxBytes: number;
  maxUncompressedBytes: number;
  maxEntries: number;
  maxRows: number;
}

export const DEFAULT_LIMITS: WorkbookLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxUncompressedBytes: 400 * 1024 * 1024,
  maxEntries: 5000,
  maxRows: 200_000,
};

export class WorkbookRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

interface Entry {
  name: string;
  /** The name as stored (its encoding is given by the UTF-8 flag in `flags`). */
  rawName: Buffer;
  madeBy: number;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  compressed: number;
  uncompressed: number;
  externalAttrs: number;
  localOffset: number;
}

function centralDirectory(buf: Buffer): Entry[] {
  const min = Math.max(0, buf.length - 65557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new WorkbookRefused('文件已损坏，不是有效的 xlsx / the file is damaged: not a valid xlsx');
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || p === 0xffffffff) throw new WorkbookRefused('不支持 ZIP64 文件 / ZIP64 files are not accepted');
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new WorkbookRefused('文件已损坏 / the file is damaged');
    const nameLen = buf.readUInt16LE(p + 28);
    entries.push({
      madeBy: buf.readUInt16LE(p + 4),
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      time: buf.readUInt16LE(p + 12),
      date: buf.readUInt16LE(p + 14),
      crc: buf.readUInt32LE(p + 16),
      compressed: buf.readUInt32LE(p + 20),
      uncompressed: buf.readUInt32LE(p + 24),
      externalAttrs: buf.readUInt32LE(p + 38),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      rawName: buf.subarray(p + 46, p + 46 + nameLen),
    });
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

/** An entry's bytes as stored (compressed or not). */
function storedData(buf: Buffer, e: Entry): Buffer {
  const o = e.localOffset;
  if (o + 30 > buf.length || buf.readUInt32LE(o) !== 0x04034b50) throw new WorkbookRefused('文件已损坏 / the file is damaged');
  const start = o + 30 + buf.readUInt16LE(o + 26) + buf.readUInt16LE(o + 28);
  return buf.subarray(start, start + e.compressed);
}

function entryData(buf: Buffer, e: Entry, limit: number): Buffer {
  const raw = storedData(buf, e);
  if (e.method === 0) return raw;
  if (e.method !== 8) throw new WorkbookRefused('不支持的压缩方式 / unsupported compression');
  try {
    // Declared sizes can lie: never inflate more than the declared size (plus slack) or the limit.
    return inflateRawSync(raw, { maxOutputLength: Math.min(limit, e.uncompressed + 1024) });
  } catch {
    throw new WorkbookRefused('压缩内容异常（疑似压缩炸弹）/ the compressed content is abnormal (zip bomb?)');
  }
}

/**
 * Checks an upload before any parser expands it: real xlsx by magic bytes, size, entry count,
 * no path tricks in entry names, bounded decompressed size (zip bombs), no DTDs or entities in the XML.
 */
export function inspectWorkbook(buf: Buffer, limits: WorkbookLimits = DEFAULT_LIMITS): void {
  checkedWorkbook(buf, limits);
}

/**
 * `inspectWorkbook`, returning the workbook to parse: the same parts, in the same order, re-packed with every XML
 * part stored as the check inflated it (other parts, e.g. images, as they came). The parser then reads exactly the
 * bytes that were checked and inflates none of the XML a second time (in JavaScript, which is several times slower
 * than the native inflate the check uses).
 */
export function checkedWorkbook(buf: Buffer, limits: WorkbookLimits = DEFAULT_LIMITS): Buffer {
  if (buf.length > limits.maxBytes)
    throw new WorkbookRefused(`文件超过 ${Math.round(limits.maxBytes / 1048576)} MB / the file is larger than ${Math.round(limits.maxBytes / 1048576)} MB`);
  if (buf.length < 4 || buf.readUInt32LE(0) !== 0x04034b50) {
    const head = buf.subarray(0, 8).toString('hex');
    const what = head.startsWith('d0cf11e0') ? '（这是旧版 .xls 文件，请另存为 .xlsx）/ (an old .xls file: save it as .xlsx)' : '';
    throw new WorkbookRefused(`不是 xlsx 文件${what} / not an xlsx file`);
  }
  const entries = centralDirectory(buf);
  if (entries.length > limits.maxEntries) throw new WorkbookRefused('文件内部条目过多 / too many parts inside the file');
  if (!entries.some((e) => e.name === '[Content_Types].xml') || !entries.some((e) => e.name.startsWith('xl/'))) {
    throw new WorkbookRefused('不是 Excel 工作簿（可能是改了扩展名的其他文件）/ not an Excel workbook (a renamed file?)');
  }
  let total = 0;
  for (const e of entries) {
    if (e.name.includes('..') || e.name.startsWith('/') || e.name.startsWith('\\') || /^[A-Za-z]:/.test(e.name) || e.name.includes('\\')) {
      throw new WorkbookRefused(`文件内含非法路径 ${e.name.slice(0, 80)} / an entry has an unsafe path`);
    }
    total += e.uncompressed;
    if (total > limits.maxUncompressedBytes) throw new WorkbookRefused('解压后内容过大（疑似压缩炸弹）/ too large when decompressed (zip bomb?)');
    if (e.compressed > 0 && e.uncompressed / e.compressed > 1000 && e.uncompressed > 1024 * 1024) {
      throw new WorkbookRefused('压缩比异常（疑似压缩炸弹）/ abnormal compression ratio (zip bomb?)');
    }
  }
  const parts: { entry: Entry; data: Buffer; method: number }[] = [];
  for (const e of entries) {
    if (!/\.(xml|rels)$/i.test(e.name)) {
      parts.push({ entry: e, data: storedData(buf, e), method: e.method });
      continue;
    }
    const xml = entryData(buf, e, limits.maxUncompressedBytes);
    if (xml.includes('<!DOCTYPE') || xml.includes('<!ENTITY') || /<!doctype|<!entity/i.test(xml.toString('latin1', 0, 2048))) {
      throw new WorkbookRefused('文件含有 XML 实体声明，已拒绝 / the file declares XML entities (refused)');
    }
    parts.push({ entry: e, data: xml, method: 0 });
  }
  return repack(parts);
}

/** A plain zip (no ZIP64, no data descriptors, no extra fields) of the given parts. */
function repack(parts: { entry: Entry; data: Buffer; method: number }[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { entry: e, data, method } of parts) {
    // Only the UTF-8 name flag carries over: sizes and CRC are in the headers, nothing is encrypted.
    const flags = e.flags & 0x0800;
    // The CRC is of the uncompressed bytes, so the entry's own CRC stays right whether it is stored or deflated.
    // Version needed … name length: the 24 bytes the local and the central header share, in the same order.
    const common = Buffer.alloc(24);
    common.writeUInt16LE(20, 0);
    common.writeUInt16LE(flags, 2);
    common.writeUInt16LE(method, 4);
    common.writeUInt16LE(e.time, 6);
    common.writeUInt16LE(e.date, 8);
    common.writeUInt32LE(e.crc, 10);
    common.writeUInt32LE(data.length, 14);
    common.writeUInt32LE(method === 0 ? data.length : e.uncompressed, 18);
    common.writeUInt16LE(e.rawName.length, 22);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    common.copy(local, 4);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(e.madeBy, 4);
    common.copy(dir, 6);
    dir.writeUInt32LE(e.externalAttrs, 38);
    dir.writeUInt32LE(offset, 42);
    chunks.push(local, e.rawName, data);
    central.push(dir, e.rawName);
    offset += local.length + e.rawName.length + data.length;
  }
  const dirSize = central.reduce((n, b) => n + b.length, 0);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(parts.length, 8);
  eocd.writeUInt16LE(parts.length, 10);
  eocd.writeUInt32LE(dirSize, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, eocd]);
}
