/** The Tasks strings, registered when one of those pages is first loaded. */
import { registerCatalog } from './area.ts';
import tasksEn from './tasks.en-US.ts';
import tasksZh from './tasks.zh-CN.ts';

registerCatalog('tasks.title', tasksZh, tasksEn);
