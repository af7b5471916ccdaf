import type { DutiesCatalog } from './duties.zh-CN.ts';

/** English strings of the Duty lists pages (same keys as duties.zh-CN.ts). */
const dutiesEn: DutiesCatalog = {
  duties: {
    title: 'Duty lists',
  },
};

export default dutiesEn;
