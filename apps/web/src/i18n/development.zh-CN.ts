/** 党员发展页面的界面文字（随页面按需加载，不进首屏包）；development.en-US.ts 须有相同的键。 */
const developmentZh = {
  development: {
    title: '党员发展',
  },
};

export default developmentZh;
export type DevelopmentCatalog = typeof developmentZh;
