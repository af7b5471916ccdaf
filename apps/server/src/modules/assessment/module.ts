import type { ModuleDef } from '../module.ts';
import { assessmentDemo } from './demo.ts';
import { m0700_assessment, m0710_assessment_return } from './migration.ts';
import { assessmentRoutes } from './routes.ts';
import './tables.ts';

/** [H] Yearly assessment (考核): indicator systems, self-assessment, committee review, grades. */
export const assessmentModule: ModuleDef = {
  name: 'assessment',
  routes: assessmentRoutes,
  migrations: { '0700_assessment': m0700_assessment, '0710_assessment_return': m0710_assessment_return },
  demo: assessmentDemo,
};
