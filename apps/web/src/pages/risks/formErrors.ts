import type { FormInstance } from 'antd';
import { ApiError, type FieldProblem } from '../../api/client.ts';
import { localizeServerText } from '../../i18n/index.ts';

/**
 * Puts the server's validation_failed messages on the form fields they name (nested paths such as
 * `measures.0.text` included), keeping what the user typed; returns the problems that belong to no field here.
 */
export function showFieldErrors(form: FormInstance, err: unknown, fields: readonly string[]): FieldProblem[] {
  if (!(err instanceof ApiError)) return [];
  const rest: FieldProblem[] = [];
  const byPath = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const p of err.fields) {
    const message = localizeServerText(p.message);
    const name = p.field.split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x));
    if (typeof name[0] === 'string' && fields.includes(name[0])) {
      const key = name.join('.');
      const entry = byPath.get(key) ?? { name, errors: [] };
      entry.errors.push(message);
      byPath.set(key, entry);
    } else rest.push({ field: p.field, message });
  }
  if (byPath.size) form.setFields([...byPath.values()]);
  return rest;
}
