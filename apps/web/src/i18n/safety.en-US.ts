import type { SafetyCatalog } from './safety.zh-CN.ts';

/** English strings of the Online safety pages (same keys as safety.zh-CN.ts). */
const safetyEn: SafetyCatalog = {
  safety: {
    title: 'Online safety',
  },
};

export default safetyEn;
