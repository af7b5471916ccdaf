import type { PublicityCatalog } from './publicity.zh-CN.ts';

/** English strings of the Positions and disclosure pages (same keys as publicity.zh-CN.ts). */
const publicityEn: PublicityCatalog = {
  publicity: {
    title: 'Positions and disclosure',
  },
};

export default publicityEn;
