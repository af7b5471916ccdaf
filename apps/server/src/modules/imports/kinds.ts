import type { ImportKind } from '../../platform/xlsx/kind.ts';
import { MODULES } from '../registry.ts';

/** Every template kind contributed by the modules, by name. */
export function importKinds(): Map<string, ImportKind> {
  const out = new Map<string, ImportKind>();
  for (const m of MODULES) for (const k of (m.importKinds ?? []) as ImportKind[]) out.set(k.kind, k);
  return out;
}

export function findKind(name: string): ImportKind | undefined {
  return importKinds().get(name);
}
