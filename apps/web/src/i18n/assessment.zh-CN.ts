/** 年度考核页面的界面文字（随页面按需加载，不进首屏包）；assessment.en-US.ts 须有相同的键。 */
const assessmentZh = {
  assessment: {
    title: '年度考核',
  },
};

export default assessmentZh;
export type AssessmentCatalog = typeof assessmentZh;
