/** 任务督办页面的界面文字（随页面按需加载，不进首屏包）；tasks.en-US.ts 须有相同的键。 */
const tasksZh = {
  tasks: {
    title: '任务督办',
  },
};

export default tasksZh;
export type TasksCatalog = typeof tasksZh;
