import { z } from 'zod';
import { listAccountActivity } from '../services/accounts/list-account-activity.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const ZAccountActivityRequest = z
  .object({
    limit: z
      .number({ error: 'Limit must be a whole number between 1 and 100' })
      .int('Limit must be a whole number between 1 and 100')
      .min(1, 'Limit must be a whole number between 1 and 100')
      .max(100, 'Limit must be a whole number between 1 and 100')
      .default(30),
  })
  .default({ limit: 30 });

export const ZAccountActivityResponse = z.array(
  z.object({
    id: z.string(),
    action: z.string(),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    createdAt: z.date(),
  }),
);

/**
 * The signed-in user's account. Sessions, password change and account deletion go through
 * better-auth's own endpoints (/api/auth/list-sessions, revoke-session, change-password,
 * delete-user), audited by the hooks in services/accounts/auth-hooks.ts.
 */
export const accountRouter = createTRPCRouter({
  activity: protectedProcedure
    .input(ZAccountActivityRequest)
    .output(ZAccountActivityResponse)
    .query(({ ctx, input }) =>
      listAccountActivity({ prisma: ctx.prisma }, { userId: ctx.user.id, limit: input.limit }),
    ),
});
