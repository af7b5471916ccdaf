/** Time source. Tests inject a FakeClock; everything that asks "now" goes through one of these. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export class FakeClock implements Clock {
  private t: number;
  constructor(start: Date | string = '2026-03-02T08:00:00.000Z') {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
  advanceMinutes(min: number): void {
    this.advance(min * 60_000);
  }
  set(at: Date | string): void {
    this.t = new Date(at).getTime();
  }
}

export function iso(d: Date): string {
  return d.toISOString();
}
export function addMinutes(d: Date, minutes: number): Date {
  return new Date(d.getTime() + minutes * 60_000);
}

/** The calendar date in China (UTC+8, no DST) of an instant: offices think in Beijing dates. */
export function chinaDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
