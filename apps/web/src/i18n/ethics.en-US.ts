import type { EthicsCatalog } from './ethics.zh-CN.ts';

/** English strings of the Teacher ethics pages (same keys as ethics.zh-CN.ts). */
const ethicsEn: EthicsCatalog = {
  ethics: {
    title: 'Teacher ethics',
  },
};

export default ethicsEn;
