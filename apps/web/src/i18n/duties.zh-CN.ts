/** 责任清单页面的界面文字（随页面按需加载，不进首屏包）；duties.en-US.ts 须有相同的键。 */
const dutiesZh = {
  duties: {
    title: '责任清单',
  },
};

export default dutiesZh;
export type DutiesCatalog = typeof dutiesZh;
