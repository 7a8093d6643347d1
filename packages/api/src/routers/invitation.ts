import { z } from 'zod';
import { acceptInvitation } from '../services/teams/accept-invitation.ts';
import { declineInvitation } from '../services/teams/decline-invitation.ts';
import { getInvitation } from '../services/teams/get-invitation.ts';
import { listMyInvitations } from '../services/teams/list-my-invitations.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { ZRole } from './team.ts';

const ZToken = z
  .string({ error: 'Invitation link is incomplete' })
  .min(20, 'Invitation link is incomplete')
  .max(100, 'Invitation link is not valid')
  .regex(/^[A-Za-z0-9_-]+$/, 'Invitation link is not valid');

/** The mailed link's token, or the id of an invitation from `invitation.mine`. */
export const ZInvitationRef = z.union(
  [
    z.object({ token: ZToken }).strict(),
    z
      .object({
        invitationId: z
          .string({ error: 'Invitation is required' })
          .min(1, 'Invitation is required')
          .max(64, 'Invitation is not valid'),
      })
      .strict(),
  ],
  { error: 'Name the invitation by its link token or its id' },
);

const ZInvitationView = z.object({
  id: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  email: z.string(),
  role: ZRole,
  invitedBy: z.string(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  status: z.enum(['pending', 'accepted', 'declined', 'expired']),
});

export const ZGetInvitationResponse = ZInvitationView.extend({
  forYou: z.boolean(),
  emailVerified: z.boolean(),
});
export const ZMyInvitationsResponse = z.object({
  emailVerified: z.boolean(),
  invitations: z.array(ZInvitationView),
});
export const ZAcceptInvitationResponse = z.object({
  teamId: z.string(),
  teamName: z.string(),
  role: ZRole,
});
export const ZDeclineInvitationResponse = z.object({ id: z.string(), teamName: z.string() });

export const invitationRouter = createTRPCRouter({
  /** What the mailed link shows before the user accepts or declines. */
  get: protectedProcedure
    .input(z.object({ token: ZToken }))
    .output(ZGetInvitationResponse)
    .query(({ ctx, input }) =>
      getInvitation(ctx.prisma, { userId: ctx.user.id, token: input.token }),
    ),

  mine: protectedProcedure
    .output(ZMyInvitationsResponse)
    .query(({ ctx }) => listMyInvitations(ctx.prisma, { userId: ctx.user.id })),

  accept: protectedProcedure
    .input(ZInvitationRef)
    .output(ZAcceptInvitationResponse)
    .mutation(({ ctx, input }) => acceptInvitation(ctx.prisma, ctx.actor, input)),

  decline: protectedProcedure
    .input(ZInvitationRef)
    .output(ZDeclineInvitationResponse)
    .mutation(({ ctx, input }) => declineInvitation(ctx.prisma, ctx.actor, input)),
});
