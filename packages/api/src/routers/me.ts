import { z } from 'zod';
import { ZUserRef } from '../services/connections/connection-view.ts';
import { getMe } from '../services/users/get-me.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { ZTeamSummary } from './team.ts';

export const ZGetMeResponse = z.object({ user: ZUserRef, teams: z.array(ZTeamSummary) });

export const meRouter = createTRPCRouter({
  get: protectedProcedure
    .output(ZGetMeResponse)
    .query(({ ctx }) => getMe({ prisma: ctx.prisma }, { user: ctx.user, ip: ctx.ip })),
});
