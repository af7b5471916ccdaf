import type { RisksCatalog } from './risks.zh-CN.ts';

/** English strings of the Risks pages (same keys as risks.zh-CN.ts). */
const risksEn: RisksCatalog = {
  risks: {
    title: 'Risks',
  },
};

export default risksEn;
