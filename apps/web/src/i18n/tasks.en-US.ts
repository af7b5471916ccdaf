import type { TasksCatalog } from './tasks.zh-CN.ts';

/** English strings of the Tasks pages (same keys as tasks.zh-CN.ts). */
const tasksEn: TasksCatalog = {
  tasks: {
    title: 'Tasks',
  },
};

export default tasksEn;
