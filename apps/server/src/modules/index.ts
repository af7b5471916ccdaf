import type { RouteSpec } from '../platform/http/route.ts';
import { MODULES } from './registry.ts';

/** Every module's routes. */
export const ALL_ROUTES: RouteSpec[] = MODULES.flatMap((m) => m.routes);
