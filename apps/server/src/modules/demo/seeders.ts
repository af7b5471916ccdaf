import type { DemoSeeder } from './registry.ts';

/** Module seeders run in this order after organisation and people; removal runs in reverse. */
export const DEMO_SEEDERS: DemoSeeder[] = [];
