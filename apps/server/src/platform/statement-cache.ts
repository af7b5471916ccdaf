import { type Compilable, CompiledQuery } from 'kysely';
import type { Executor } from '../db/database.ts';

/** SQL text by statement key, per Kysely instance (so per dialect and connection setup). */
const texts = new WeakMap<Executor, Map<string, string>>();

/**
 * Runs a read statement whose SQL text Kysely builds and compiles once per database handle and `key`, then reuses
 * with fresh parameters: building and compiling a query costs more JavaScript than handing its rows over.
 *
 * Safe because the text depends only on the statement's structure, which `key` must name completely (every list
 * length, every optional clause), and the parameters are positional in the order that structure gives them. The
 * first compile of each key checks that `params` is exactly what Kysely bound, so a list in the wrong order, a
 * missing value or a value Kysely inlined into the text fails on first use (in the tests) instead of binding wrong
 * values later. A transaction is another Kysely instance: it compiles its own statements.
 *
 * Only a handle without plugins caches: a plugin's transformQuery sees (and may count or rewrite) every statement
 * as it is compiled, so with plugins every call builds and compiles as usual.
 */
export async function cachedRows<R>(exec: Executor, key: string, params: readonly unknown[], build: () => Compilable<R>): Promise<R[]> {
  if (exec.getExecutor().plugins.length > 0) return (await exec.executeQuery(build())).rows;
  let byKey = texts.get(exec);
  if (!byKey) {
    byKey = new Map();
    texts.set(exec, byKey);
  }
  let text = byKey.get(key);
  if (text === undefined) {
    const compiled = build().compile();
    const bound = compiled.parameters;
    if (bound.length !== params.length || bound.some((p, i) => p !== params[i])) {
      throw new Error(`statement ${key}: parameters ${JSON.stringify(params)} are not the bound ${JSON.stringify(bound)}`);
    }
    text = compiled.sql;
    byKey.set(key, text);
  }
  const result = await exec.executeQuery(CompiledQuery.raw(text, [...params]) as CompiledQuery<R>);
  return result.rows;
}
