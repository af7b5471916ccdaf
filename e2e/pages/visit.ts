import type { Page } from 'playwright-core';

/** What a module page journey gets: a signed-in page (committee administrator over the demo district) and the base URL. */
export interface VisitContext {
  page: Page;
  base: string;
  /** Saves a full-page screenshot under test-results/e2e/ (name without extension). */
  shot(name: string): Promise<void>;
  /** Signed-in API client of the same account, for set-up and for checking what a UI action stored. */
  call<T = unknown>(method: string, url: string, body?: unknown): Promise<T>;
}

/** One module page's journey in the shared browser run (e2e/modules.e2e.test.ts). */
export interface PageVisit {
  /** Test name. */
  name: string;
  /** Shell path, e.g. '/duties'. */
  path: string;
  run(ctx: VisitContext): Promise<void>;
}
