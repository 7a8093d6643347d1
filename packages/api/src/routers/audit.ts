import { z } from 'zod';
import { listAuditLogs } from '../services/audit/list-audit-logs.ts';
import { ZUserRef } from '../services/connections/connection-view.ts';
import { createTRPCRouter, teamProcedure } from '../trpc.ts';

const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .optional();

export const ZListAuditRequest = z.object({
  action: optionalText('Action', 100),
  actorEmail: optionalText('Actor email', 254),
  objectType: optionalText('Object type', 50),
  from: z.coerce.date({ error: 'From must be a date' }).optional(),
  to: z.coerce.date({ error: 'To must be a date' }).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, 'Cursor must be an audit entry id')
    .optional(),
  limit: z
    .number({ error: 'Limit must be a whole number between 1 and 100' })
    .int('Limit must be a whole number between 1 and 100')
    .min(1, 'Limit must be a whole number between 1 and 100')
    .max(100, 'Limit must be a whole number between 1 and 100')
    .default(50),
});

export const ZAuditItem = z.object({
  id: z.string(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  actor: ZUserRef.nullable(),
  objectName: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
});

export const ZListAuditResponse = z.object({
  items: z.array(ZAuditItem),
  nextCursor: z.string().nullable(),
});

export const auditRouter = createTRPCRouter({
  list: teamProcedure('ADMIN')
    .input(ZListAuditRequest)
    .output(ZListAuditResponse)
    .query(({ ctx, input }) =>
      listAuditLogs({ prisma: ctx.prisma }, { ...input, teamId: ctx.team.id }),
    ),
});
