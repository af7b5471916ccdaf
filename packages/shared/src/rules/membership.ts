/** Party membership at a date follows from 入党日期 (probationary) and 转正日期 (full), not from today's status. */
export type MemberState = 'full' | 'probationary' | null;

export function memberStateAt(p: { joinDate: string | null; conversionDate: string | null; leftDate?: string | null }, date: string): MemberState {
  if (p.leftDate && p.leftDate <= date) return null;
  if (p.conversionDate && p.conversionDate <= date) return 'full';
  if (p.joinDate && p.joinDate <= date) return 'probationary';
  return null;
}

/** Whether a period [start, end] (both inclusive; null = open) covers a date. Dates are YYYY-MM-DD strings. */
export function coversDate(start: string | null, end: string | null, date: string): boolean {
  return (start === null || start <= date) && (end === null || end >= date);
}

export function yearEnd(year: number): string {
  return `${year}-12-31`;
}
