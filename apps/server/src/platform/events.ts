import type { Executor } from '../db/database.ts';
import type { AppContext } from './context.ts';

/**
 * In-transaction notifications between modules, so a module that records something does not import
 * the modules that measure it. Listeners run inside the writer's transaction: their work commits or
 * rolls back with the change.
 */
export interface RecordChanged {
  source: 'ledger' | 'tasks_on_time' | 'risk_reviews_signed' | 'incidents' | 'ethics_cases';
  /** The org units the record belongs to (a task handed down has one per target). */
  orgIds: number[];
  /** YYYY-MM-DD of the record (for a task, its deadline). */
  date: string;
  personIds?: number[];
  /** A ledger record's activity type code: lets the listener skip duties counting other types. */
  typeCode?: string;
}

export interface PostsChanged {
  personId: number;
  /** The day from which the change holds. */
  date: string;
}

type Listener<E> = (ctx: AppContext, exec: Executor, e: E) => Promise<void>;

const recordListeners: Listener<RecordChanged>[] = [];
const postsListeners: Listener<PostsChanged>[] = [];

export function onRecordChanged(fn: Listener<RecordChanged>): void {
  recordListeners.push(fn);
}

export function onPostsChanged(fn: Listener<PostsChanged>): void {
  postsListeners.push(fn);
}

export async function recordChanged(ctx: AppContext, exec: Executor, e: RecordChanged): Promise<void> {
  for (const fn of recordListeners) await fn(ctx, exec, e);
}

export async function postsChanged(ctx: AppContext, exec: Executor, e: PostsChanged): Promise<void> {
  for (const fn of postsListeners) await fn(ctx, exec, e);
}
