/** The Positions and disclosure strings, registered when one of those pages is first loaded. */
import { registerCatalog } from './area.ts';
import publicityEn from './publicity.en-US.ts';
import publicityZh from './publicity.zh-CN.ts';

registerCatalog('publicity.title', publicityZh, publicityEn);
