import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanText,
  fromExcelSerial,
  headerKey,
  isBlankText,
  parseDate,
  parseInteger,
  parsePhone,
  splitList,
  toHalfWidth,
  toHalfWidthAlnum,
} from './normalize.ts';

describe('normalising cell values', () => {
  it('reads every local date style and refuses impossible dates', () => {
    for (const s of ['2022-03-18', '2022/3/18', '2022.3.18', '2022年3月18日', '２０２２年３月１８日', ' 2022-3-18 ', '20220318', '44638', 44638]) {
      expect(parseDate(s), String(s)).toEqual({ ok: true, value: '2022-03-18' });
    }
    expect(parseDate(new Date(Date.UTC(2022, 2, 18)))).toEqual({ ok: true, value: '2022-03-18' });
    expect(parseDate('2022-02-30').ok).toBe(false);
    expect(parseDate('2023-02-29').ok).toBe(false);
    expect(parseDate('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseDate('三月十八').ok).toBe(false);
  });

  it('round-trips any valid date through every format (property)', () => {
    const day = fc.integer({ min: 0, max: 365 * 150 }).map((n) => new Date(Date.UTC(1950, 0, 1) + n * 86400000));
    fc.assert(
      fc.property(day, (d) => {
        const y = d.getUTCFullYear();
        const m = d.getUTCMonth() + 1;
        const dd = d.getUTCDate();
        const iso = d.toISOString().slice(0, 10);
        for (const s of [iso, `${y}/${m}/${dd}`, `${y}.${m}.${dd}`, `${y}年${m}月${dd}日`, toFullWidth(`${y}-${m}-${dd}`)]) {
          expect(parseDate(s)).toEqual({ ok: true, value: iso });
        }
        const serial = Math.round((d.getTime() - Date.UTC(1899, 11, 30)) / 86400000);
        expect(fromExcelSerial(serial)).toBe(iso);
      }),
      { numRuns: 300 },
    );
  });

  it('converts full-width text and is idempotent (property)', () => {
    expect(toHalfWidth('ＡＢＣ１２３　')).toBe('ABC123 ');
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(cleanText(cleanText(s))).toBe(cleanText(s));
      }),
    );
  });

  it('skips cleaning only when cleaning would change nothing, and knows blank text without cleaning (property)', () => {
    // The full rewrite cleanText does when its fast path does not apply.
    const slow = (s: string, punctuation: boolean) =>
      (punctuation ? toHalfWidth(s) : toHalfWidthAlnum(s))
        .replace(/[\u200b-\u200d\ufeff]/g, '')
        .replace(/\u00a0/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    const tricky = [
      'a',
      'Z',
      '7',
      ' ',
      '  ',
      '\t',
      '\n',
      '\r',
      '\u00a0',
      '\u3000',
      '\u200b',
      '\u200d',
      '\ufeff',
      '\u2028',
      '１',
      'Ａ',
      '，',
      '（',
      '～',
      '张',
      '、',
      '-',
      '.',
    ];
    const text = fc.array(fc.constantFrom(...tricky), { maxLength: 8 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(fc.oneof(text, fc.string(), fc.string({ unit: 'grapheme' })), fc.boolean(), (s, punctuation) => {
        expect(cleanText(s, punctuation)).toBe(slow(s, punctuation));
        expect(isBlankText(s)).toBe(slow(s, false) === '');
      }),
      { numRuns: 2000 },
    );
  });

  it('splits lists on every separator', () => {
    expect(splitList('党支部书记、校长，宣传委员;组织委员；纪检委员 教师,班主任')).toEqual([
      '党支部书记',
      '校长',
      '宣传委员',
      '组织委员',
      '纪检委员',
      '教师',
      '班主任',
    ]);
  });

  it('reads integers, headers and phones leniently but exactly', () => {
    expect(parseInteger('１,２３４')).toEqual({ ok: true, value: 1234 });
    expect(parseInteger(12.0)).toEqual({ ok: true, value: 12 });
    expect(parseInteger('12.5').ok).toBe(false);
    expect(parseInteger('6', 1, 5).ok).toBe(false);
    expect(headerKey(' 人员\n编码 ')).toBe('人员编码');
    expect(headerKey('*姓名')).toBe('姓名');
    expect(parsePhone('+86 138-1234-5678')).toEqual({ ok: true, value: '13812345678' });
    expect(parsePhone('1234').ok).toBe(false);
  });
});

function toFullWidth(s: string) {
  return s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}
