import { z } from 'zod';
import { ROLES } from '../roles.ts';
import { GrantView } from './auth.ts';

export const Username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9_.@-]+$/, '用户名只能包含字母、数字和 _ . @ - / letters, digits and _ . @ - only');

export const UserView = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  disabled: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  grants: z.array(GrantView),
  version: z.number().int(),
});

export const CreateUserBody = z.object({
  username: Username,
  displayName: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(256).optional(),
});

export const AddGrantBody = z.object({
  role: z.enum(ROLES),
  orgId: z.number().int().positive().nullable(),
  /** The security administrator's own password again (re-authentication for a sensitive action). */
  password: z.string().min(1).max(200),
});
export const GrantParams = z.object({ id: z.coerce.number().int().positive(), grantId: z.coerce.number().int().positive() });
