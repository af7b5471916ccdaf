import type { FormInstance } from 'antd';
import { ApiError, type FieldProblem } from '../../api/client.ts';
import { localizeServerText } from '../../i18n/index.ts';

type Path = (string | number)[];

/**
 * Puts validation_failed messages on the form fields they name (the form keeps what the user typed) and returns the
 * problems no field shows. `map` turns the server's dotted path (without `body.`) into a form name, or null.
 */
export function applyServerErrors(form: FormInstance, err: unknown, map: (field: string) => Path | null): FieldProblem[] {
  if (!(err instanceof ApiError)) return [];
  const byField = new Map<string, { name: Path; errors: string[] }>();
  const rest: FieldProblem[] = [];
  for (const p of err.fields) {
    const message = localizeServerText(p.message);
    const name = map(p.field);
    if (!name) {
      rest.push({ field: p.field, message });
      continue;
    }
    const k = name.join('.');
    const entry = byField.get(k) ?? { name, errors: [] };
    entry.errors.push(message);
    byField.set(k, entry);
  }
  if (byField.size) form.setFields([...byField.values()].map((e) => ({ name: e.name, errors: e.errors })));
  return rest;
}

/** "form.2.key" → ['form', 2, 'key'] (list indexes as numbers, as antd's Form.List names them). */
export function splitPath(field: string): Path {
  return field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
