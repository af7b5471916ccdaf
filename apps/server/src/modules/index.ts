import type { RouteSpec } from '../platform/http/route.ts';
import { auditRoutes } from './audit-log/routes.ts';
import { demoRoutes } from './demo/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { orgUnitRoutes } from './org-units/routes.ts';
import { peopleRoutes } from './people/routes.ts';
import './tables.ts';
import { systemRoutes } from './system/routes.ts';
import { userRoutes } from './users/routes.ts';

/** Every module's routes. A new module adds its array here. */
export const ALL_ROUTES: RouteSpec[] = [...systemRoutes, ...authRoutes, ...userRoutes, ...orgUnitRoutes, ...peopleRoutes, ...demoRoutes, ...auditRoutes];
