/** 阵地与公开页面的界面文字（随页面按需加载，不进首屏包）；publicity.en-US.ts 须有相同的键。 */
const publicityZh = {
  publicity: {
    title: '阵地与公开',
  },
};

export default publicityZh;
export type PublicityCatalog = typeof publicityZh;
