/** Cleaning what real workbooks contain: full-width characters, stray spaces, dates in every local style. */

/** Full-width ASCII (digits, letters, punctuation) and the ideographic space to their half-width forms. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Full-width digits, Latin letters and the ideographic space only: Chinese punctuation in text stays as typed. */
export function toHalfWidthAlnum(s: string): string {
  return s.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/**
 * A character or run `cleanText` would change: whitespace other than a single inner space (tabs, line breaks, NBSP,
 * the ideographic space, BOM), a double space, a leading or trailing space, full-width ASCII, zero-width characters.
 */
const NEEDS_CLEANING = /[^\S ]| {2}|^ | $|[\uff01-\uff5e\u200b-\u200d]/;

/**
 * Trimmed, inner runs of whitespace collapsed, NBSP and zero-width characters removed, full-width
 * digits and letters made half-width; with `punctuation`, full-width punctuation too (for dates, numbers).
 */
export function cleanText(s: string, punctuation = false): string {
  // Most cells (codes, names, dates, numbers) have nothing to clean: one test instead of five rewrites.
  if (!NEEDS_CLEANING.test(s)) return s;
  return (punctuation ? toHalfWidth(s) : toHalfWidthAlnum(s))
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Anything but whitespace and zero-width characters: what `cleanText` leaves non-empty. */
const VISIBLE = /[^\s\u200b-\u200d]/;

/** `cleanText(s) === ''`, without building the cleaned string. */
export function isBlankText(s: string): boolean {
  return !VISIBLE.test(s);
}

/** Header text for matching: no whitespace or line breaks at all, half-width, no required markers. */
export function headerKey(s: string): string {
  return toHalfWidth(s)
    .replace(/[\s\u00a0\u200b]+/g, '')
    .replace(/^\*+|\*+$/g, '');
}

const pad = (n: number) => String(n).padStart(2, '0');

function validYmd(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Excel's serial day number (1900 date system, with its phantom 29 Feb 1900) to YYYY-MM-DD. */
export function fromExcelSerial(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 80000) return null;
  const days = Math.floor(serial) - (serial >= 60 ? 1 : 0);
  const dt = new Date(Date.UTC(1899, 11, 31) + days * 86400000);
  return `${dt.getUTCFullYear()}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}`;
}

export type DateResult = { ok: true; value: string } | { ok: false; reason: string };

/**
 * 2022-03-18, 2022/3/18, 2022.3.18, 2022年3月18日, 20220318, Excel serial numbers and Date cells.
 * Dates are calendar dates: a Date cell is read in UTC (exceljs gives UTC midnight).
 */
export function parseDate(input: unknown): DateResult {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return { ok: false, reason: '不是有效日期 / not a valid date' };
    // exceljs may hand back e.g. 2022-03-17T23:59:59.999Z for a date typed in another timezone: round to the nearest day.
    const rounded = new Date(Math.round(input.getTime() / 86400000) * 86400000);
    const v = validYmd(rounded.getUTCFullYear(), rounded.getUTCMonth() + 1, rounded.getUTCDate());
    return v ? { ok: true, value: v } : { ok: false, reason: '日期超出范围 / date out of range' };
  }
  if (typeof input === 'number') {
    const v = fromExcelSerial(input);
    return v ? { ok: true, value: v } : { ok: false, reason: '不是有效日期 / not a valid date' };
  }
  const s = cleanText(String(input ?? ''), true);
  if (/^\d{5}(\.\d+)?$/.test(s)) return parseDate(Number(s));
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return { ok: false, reason: '日期格式无法识别，请用 2022-03-18 / unrecognised date format; use 2022-03-18' };
  const v = validYmd(Number(m[1]), Number(m[2]), Number(m[3]));
  return v ? { ok: true, value: v } : { ok: false, reason: '日期不存在（如 2 月 30 日）/ no such date' };
}

export type IntResult = { ok: true; value: number } | { ok: false; reason: string };

export function parseInteger(input: unknown, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): IntResult {
  let n: number;
  if (typeof input === 'number') n = input;
  else {
    const s = cleanText(String(input ?? ''), true).replace(/[,，\s]/g, '');
    if (!/^-?\d+(\.0+)?$/.test(s)) return { ok: false, reason: '应为整数 / must be a whole number' };
    n = Number(s);
  }
  if (!Number.isInteger(n)) return { ok: false, reason: '应为整数 / must be a whole number' };
  if (n < min || n > max) return { ok: false, reason: `应在 ${min}–${max} 之间 / must be between ${min} and ${max}` };
  return { ok: true, value: n };
}

/** Several values in one cell: separated by 、 , ， ; ； / or whitespace. */
export function splitList(input: string): string[] {
  return cleanText(input)
    .split(/[、,，;；/\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** An 11-digit mainland mobile number, accepting +86, spaces and dashes. */
export function parsePhone(input: unknown): { ok: true; value: string } | { ok: false; reason: string } {
  const s = cleanText(String(input ?? ''), true)
    .replace(/[\s\-()（）]/g, '')
    .replace(/^(\+?86)(?=1\d{10}$)/, '');
  if (/^1[3-9]\d{9}$/.test(s)) return { ok: true, value: s };
  return { ok: false, reason: '手机号应为 11 位数字 / an 11-digit mobile number' };
}
