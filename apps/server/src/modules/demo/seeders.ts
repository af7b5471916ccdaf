import { MODULES } from '../registry.ts';
import type { DemoSeeder } from './registry.ts';

/** Module seeders run in registry order after organisation and people; removal runs in reverse. */
export function demoSeeders(): DemoSeeder[] {
  return MODULES.flatMap((m) => (m.demo ? [m.demo] : []));
}
