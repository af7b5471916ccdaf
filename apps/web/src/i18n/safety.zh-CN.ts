/** 网络安全与防沉迷页面的界面文字（随页面按需加载，不进首屏包）；safety.en-US.ts 须有相同的键。 */
const safetyZh = {
  safety: {
    title: '网络安全与防沉迷',
  },
};

export default safetyZh;
export type SafetyCatalog = typeof safetyZh;
