import { z } from 'zod';
import { AfterCursor } from './common.ts';

export const AuditQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  after: AfterCursor,
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  orgId: z.coerce.number().int().positive().optional(),
  result: z.enum(['ok', 'denied', 'failed']).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
});

export const AuditEventView = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  orgId: z.number().int().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  result: z.enum(['ok', 'denied', 'failed']),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
});
