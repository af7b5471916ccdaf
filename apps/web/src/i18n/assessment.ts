/** The Assessment strings, registered when one of those pages is first loaded. */
import { registerCatalog } from './area.ts';
import assessmentEn from './assessment.en-US.ts';
import assessmentZh from './assessment.zh-CN.ts';

registerCatalog('assessment.title', assessmentZh, assessmentEn);
