/** The ledger / compliance / dashboard strings, registered when one of those pages is first loaded. */
import { registerCatalog } from './area.ts';
import ledgerEn from './ledger.en-US.ts';
import ledgerZh from './ledger.zh-CN.ts';

registerCatalog('ledger.title', ledgerZh, ledgerEn);
