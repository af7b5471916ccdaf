/** 师德师风页面的界面文字（随页面按需加载，不进首屏包）；ethics.en-US.ts 须有相同的键。 */
const ethicsZh = {
  ethics: {
    title: '师德师风',
  },
};

export default ethicsZh;
export type EthicsCatalog = typeof ethicsZh;
