import type { DevelopmentCatalog } from './development.zh-CN.ts';

/** English strings of the Member development pages (same keys as development.zh-CN.ts). */
const developmentEn: DevelopmentCatalog = {
  development: {
    title: 'Member development',
  },
};

export default developmentEn;
