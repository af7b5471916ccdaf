import type { AssessmentCatalog } from './assessment.zh-CN.ts';

/** English strings of the Assessment pages (same keys as assessment.zh-CN.ts). */
const assessmentEn: AssessmentCatalog = {
  assessment: {
    title: 'Assessment',
  },
};

export default assessmentEn;
