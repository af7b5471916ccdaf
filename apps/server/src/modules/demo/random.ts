/** Deterministic pseudo-random numbers (mulberry32) so the demo district is the same on every machine. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
  /** A date YYYY-MM-DD uniformly between two dates (inclusive). */
  date(from: string, to: string): string {
    const a = Date.parse(`${from}T00:00:00Z`);
    const b = Date.parse(`${to}T00:00:00Z`);
    return new Date(a + Math.floor(this.next() * ((b - a) / 86400000 + 1)) * 86400000).toISOString().slice(0, 10);
  }
}

/** A 32-bit seed from a name (FNV-1a), for one deterministic sequence per purpose. */
export function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN_F = '芳娜敏静丽艳娟霞燕玲桂英华红梅兰琳雪婷颖洁慧晶佳欣怡倩蕾萍莉琴云凤';
const GIVEN_M = '伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林军峰建国志';
const GIVEN_ANY = '文晓小春秋海天思子一嘉雨新立永家建宏亚冬晨';

export function chineseName(rng: Rng, gender: '男' | '女'): string {
  const surname = rng.pick([...SURNAMES]);
  const pool = gender === '女' ? GIVEN_F : GIVEN_M;
  const first = rng.pick([...pool]);
  if (rng.chance(0.35)) return surname + first;
  return surname + (rng.chance(0.5) ? rng.pick([...GIVEN_ANY]) : rng.pick([...pool])) + first;
}

export function mobile(rng: Rng): string {
  return `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(0, 999999999)).padStart(9, '0')}`;
}
