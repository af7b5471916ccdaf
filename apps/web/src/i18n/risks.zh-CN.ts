/** 风险防范页面的界面文字（随页面按需加载，不进首屏包）；risks.en-US.ts 须有相同的键。 */
const risksZh = {
  risks: {
    title: '风险防范',
  },
};

export default risksZh;
export type RisksCatalog = typeof risksZh;
