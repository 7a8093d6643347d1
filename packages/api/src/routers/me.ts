import { z } from 'zod';
import { ZUserRef } from '../services/connections/connection-view.ts';
import { getMe } from '../services/users/get-me.ts';
import { setActiveTeam } from '../services/users/set-active-team.ts';
import { createTRPCRouter, protectedProcedure, teamProcedure } from '../trpc.ts';
import { ZTeamSummary } from './team.ts';

export const ZGetMeResponse = z.object({
  user: ZUserRef.extend({ emailVerified: z.boolean() }),
  teams: z.array(ZTeamSummary),
  activeTeamId: z.string().nullable(),
  pendingInvitations: z.number(),
});

export const ZSetActiveTeamResponse = z.object({ activeTeamId: z.string() });

export const meRouter = createTRPCRouter({
  get: protectedProcedure
    .output(ZGetMeResponse)
    .query(({ ctx }) => getMe({ prisma: ctx.prisma }, { user: ctx.user })),

  /** Remembers the team the console opens for this user (any member may open their team). */
  setActiveTeam: teamProcedure('VIEWER')
    .output(ZSetActiveTeamResponse)
    .mutation(({ ctx }) =>
      setActiveTeam({ prisma: ctx.prisma, actor: ctx.actor }, { teamId: ctx.team.id }),
    ),
});
