import { assessmentVisit } from './assessment.ts';
import { developmentVisit } from './development.ts';
import { dutiesVisit } from './duties.ts';
import { ethicsVisit } from './ethics.ts';
import { notificationsVisit } from './notifications.ts';
import { publicityVisit } from './publicity.ts';
import { risksVisit } from './risks.ts';
import { safetyVisit } from './safety.ts';
import { tasksVisit } from './tasks.ts';
import type { PageVisit } from './visit.ts';

/** Every module page's journey, run in one browser against one demo server. */
export const PAGE_VISITS: readonly PageVisit[] = [
  dutiesVisit,
  tasksVisit,
  developmentVisit,
  ethicsVisit,
  safetyVisit,
  risksVisit,
  publicityVisit,
  assessmentVisit,
  notificationsVisit,
];
