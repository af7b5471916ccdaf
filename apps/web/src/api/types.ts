import type { AuditEventView as AuditEventSchema, OrgUnitView, SessionView, UserView as UserSchema } from '@taizhang/shared';

/** The output type of a zod schema, without importing zod into the web bundle. */
export type Output<S extends { _zod: { output: unknown } }> = S['_zod']['output'];

export type { OrgUnitView, SessionView };
export type AuditEventView = Output<typeof AuditEventSchema>;
export type UserView = Output<typeof UserSchema>;
export type GrantView = SessionView['grants'][number];

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface OrgPathItem {
  id: number;
  code: string;
  name: string;
}

export interface OrgUnitDetail {
  unit: OrgUnitView;
  path: OrgPathItem[];
}

export interface OkResponse {
  ok: true;
}
